//! Runs a scenario in a fresh browser session and, when any step of it
//! fails, keeps a screenshot and the page's source in
//! `target/browser-failures/<test>.png` and `.html`, named in the panic.

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use futures_util::FutureExt;

use crate::browser::Browser;
use crate::peers;

/// The workspace's folder.
pub fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/web sits two folders down")
}

/// Where failed tests leave their screenshots.
fn failures() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace().join("target"), PathBuf::from)
        .join("browser-failures")
}

/// Runs `scenario` in a new browser session on the server at `base`, then
/// closes the session; a test named `test` whose browser is missing is
/// skipped outside CI (see [`peers`]).
pub async fn run(test: &str, base: &str, scenario: impl AsyncFnOnce(&Browser)) {
    let Some(programs) = peers::programs() else {
        return;
    };
    let browser = Browser::open(&programs, base).await;
    let outcome = AssertUnwindSafe(scenario(&browser)).catch_unwind().await;
    if let Err(panic) = outcome {
        let kept = keep_evidence(&browser, test).await;
        browser.close().await;
        panic!("{}\n{kept}", message(&*panic));
    }
    browser.close().await;
}

/// The text a panic carried.
fn message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("the scenario panicked")
}

/// Saves the screenshot and the source of the page `browser` shows; says
/// where, or why not.
async fn keep_evidence(browser: &Browser, test: &str) -> String {
    let folder = failures();
    if let Err(error) = std::fs::create_dir_all(&folder) {
        return format!("no screenshot: cannot create {}: {error}", folder.display());
    }
    let picture = folder.join(format!("{test}.png"));
    let source = folder.join(format!("{test}.html"));
    let mut said = Vec::new();
    match browser.screenshot().await.map(|png| std::fs::write(&picture, png)) {
        Ok(Ok(())) => said.push(format!("screenshot: {}", picture.display())),
        Ok(Err(error)) => said.push(format!("no screenshot ({error})")),
        Err(error) => said.push(format!("no screenshot ({error})")),
    }
    match browser.source().await.map(|html| std::fs::write(&source, html)) {
        Ok(Ok(())) => said.push(format!("page source: {}", source.display())),
        Ok(Err(error)) => said.push(format!("no page source ({error})")),
        Err(error) => said.push(format!("no page source ({error})")),
    }
    said.join("\n")
}
