//! The programs the browser tests need besides Rust: Chromium, ChromeDriver
//! and axe-core. Like the PostgreSQL tests (`guichet_store::testing`), a
//! test whose peer is missing says so on stderr and passes without running,
//! except in CI (`CI=true`), where a missing peer fails it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where `npm ci` in this folder puts axe-core's script.
const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/browser/node_modules/axe-core/axe.min.js"
);

/// The browser and its driver.
#[derive(Debug, Clone)]
pub struct Programs {
    /// The Chromium executable.
    pub chromium: PathBuf,
    /// The ChromeDriver executable.
    pub chromedriver: PathBuf,
}

/// Whether this is a CI run, where nothing may be skipped.
fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// `name` as found on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Says that `what` is missing: a panic in CI, otherwise a notice on
/// stderr that `skipped` is skipped.
fn missing(what: &str, skipped: &str) {
    assert!(!in_ci(), "{what}; it is required in CI (CI=true)");
    eprintln!("SKIPPED: {what}; {skipped} is skipped");
}

/// Chromium and ChromeDriver, or `None` (with a notice) when either is
/// missing outside CI.
pub fn programs() -> Option<Programs> {
    let found = (on_path("chromium"), on_path("chromedriver"));
    if let (Some(chromium), Some(chromedriver)) = found {
        return Some(Programs { chromium, chromedriver });
    }
    missing(
        "chromium or chromedriver is not on PATH (Debian packages chromium and chromium-driver)",
        "this browser test",
    );
    None
}

/// axe-core's script, or `None` when `npm ci` has not installed it,
/// outside CI; the notice is printed once per test process.
pub fn axe() -> Option<&'static str> {
    static SCRIPT: OnceLock<Option<String>> = OnceLock::new();
    let script = SCRIPT.get_or_init(|| {
        let script = std::fs::read_to_string(Path::new(AXE)).ok();
        if script.is_none() {
            missing(
                &format!("axe-core is not installed at {AXE} (npm ci in crates/web/tests/browser)"),
                "the accessibility check",
            );
        }
        script
    });
    script.as_deref()
}
