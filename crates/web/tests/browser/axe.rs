//! The accessibility check: axe-core, injected into the page shown, reports
//! what it finds; every finding is printed, and one of impact "serious" or
//! "critical" fails the test.

use serde::Deserialize;

use crate::browser::Browser;
use crate::peers;

/// Runs axe on the document and hands back its violations, trimmed.
const RUN: &str = r"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then(results => done(results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }))))
  .catch(error => done({ error: String(error) }));
";

/// One rule the page breaks.
#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    targets: Vec<String>,
}

impl Violation {
    /// Whether it fails the test.
    fn blocks(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

/// Checks the page `browser` shows, which the report calls `page`.
pub async fn check(browser: &Browser, page: &str) {
    let Some(script) = peers::axe() else {
        return;
    };
    browser.run(&format!("{script}\nreturn true;")).await;
    let found = browser.run_async(RUN).await;
    let violations: Vec<Violation> =
        serde_json::from_value(found.clone()).unwrap_or_else(|_| panic!("axe on {page} answered {found}"));
    eprintln!("axe: {page}: {} violation(s)", violations.len());
    for v in &violations {
        let impact = v.impact.as_deref().unwrap_or("no impact");
        eprintln!(
            "axe: {page}: {} ({impact}): {} at {}",
            v.id,
            v.help,
            v.targets.join(", ")
        );
    }
    let blocking: Vec<&str> = violations
        .iter()
        .filter(|v| v.blocks())
        .map(|v| v.id.as_str())
        .collect();
    assert!(
        blocking.is_empty(),
        "axe: {page} has serious or critical violations: {}",
        blocking.join(", ")
    );
}
