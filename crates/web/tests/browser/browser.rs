//! One headless Chromium session over WebDriver, and the steps a person
//! takes in it: open a page, fill a field, choose an option, press a button
//! and wait for the next page. A step that cannot be taken panics with what
//! it tried; the harness then keeps a screenshot.

use std::fmt::Display;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::driver::{self, Driver};
use crate::peers::Programs;

/// Chromium's flags: headless, and nothing that reaches beyond loopback.
const FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
    "--lang=en-US",
];

/// The size of the pages' viewport, as in the README's screenshot.
pub const VIEWPORT: (u32, u32) = (1280, 900);

/// How long a page may take to come after a click.
const NAVIGATION: Duration = Duration::from_secs(15);

/// The result of a WebDriver command, or a panic naming the step.
fn ok<T, E: Display>(step: impl Display, result: Result<T, E>) -> T {
    result.unwrap_or_else(|error| panic!("{step}: {error}"))
}

/// A browser session on one server.
pub struct Browser {
    client: Client,
    base: String,
    _driver: Arc<Driver>,
}

impl Browser {
    /// A new session, with an empty profile, on the server at `base`.
    pub async fn open(programs: &Programs, base: &str) -> Self {
        let driver = driver::shared(&programs.chromedriver).await;
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": programs.chromium,
                "args": FLAGS,
                "prefs": { "intl": { "accept_languages": "en-US,en" } },
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("an object")
        };
        let client = ok(
            "a WebDriver session",
            ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities)
                .connect(&driver.url)
                .await,
        );
        let timeouts = TimeoutConfiguration::new(Some(Duration::from_secs(20)), Some(NAVIGATION), None);
        ok("setting the timeouts", client.update_timeouts(timeouts).await);
        let browser = Self {
            client,
            base: base.to_owned(),
            _driver: driver,
        };
        browser.fit_viewport().await;
        browser
    }

    /// Sizes the window so that pages get [`VIEWPORT`], whatever room the
    /// window's frame takes.
    async fn fit_viewport(&self) {
        let inner = self.run("return [window.innerWidth, window.innerHeight];").await;
        let inner = |i: usize| inner[i].as_u64().expect("a size in pixels");
        let (width, height) = ok("reading the window's size", self.client.get_window_size().await);
        let size = |outer: u64, inner: u64, wanted: u32| {
            u32::try_from(outer.saturating_sub(inner)).expect("a frame of a few pixels") + wanted
        };
        let (to_width, to_height) = (size(width, inner(0), VIEWPORT.0), size(height, inner(1), VIEWPORT.1));
        ok(
            "sizing the window",
            self.client.set_window_size(to_width, to_height).await,
        );
    }

    /// Ends the session; Chromium quits.
    pub async fn close(self) {
        if let Err(error) = self.client.close().await {
            eprintln!("closing the WebDriver session: {error}");
        }
    }

    /// Opens `path` of the server, as typed in the address bar.
    pub async fn visit(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        ok(format!("opening {url}"), self.client.goto(&url).await);
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = ok("reading the address", self.client.current_url().await);
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The element `css` designates on the page.
    pub async fn find(&self, css: &str) -> Element {
        let found = self.client.find(Locator::Css(css)).await;
        ok(format!("finding {css} on {}", self.path().await), found)
    }

    /// The element `css` designates, once the page's scripts have put it
    /// there (waiting up to ten seconds).
    pub async fn wait_for(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await;
        ok(format!("waiting for {css} on {}", self.path().await), found)
    }

    /// Whether an element `css` designates is on the page.
    pub async fn has(&self, css: &str) -> bool {
        let found = self.client.find_all(Locator::Css(css)).await;
        !ok(format!("looking for {css}"), found).is_empty()
    }

    /// The visible text of `css`.
    pub async fn text(&self, css: &str) -> String {
        ok(format!("reading {css}"), self.find(css).await.text().await)
    }

    /// Types `text` into the field `css`, after emptying it.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        ok(format!("emptying {css}"), field.clear().await);
        ok(format!("typing into {css}"), field.send_keys(text).await);
    }

    /// Chooses the file at `path` in the file input `css`.
    pub async fn attach(&self, css: &str, path: &Path) {
        let file = path.to_str().expect("a file name in UTF-8");
        ok(
            format!("choosing {file} in {css}"),
            self.find(css).await.send_keys(file).await,
        );
    }

    /// Chooses the option showing `label` in the select `css`.
    pub async fn choose(&self, css: &str, label: &str) {
        let chosen = self.find(css).await.select_by_label(label).await;
        ok(format!("choosing {label:?} in {css}"), chosen);
    }

    /// Clicks `css`, which changes nothing but the page itself.
    pub async fn click(&self, css: &str) {
        ok(format!("clicking {css}"), self.find(css).await.click().await);
    }

    /// Focuses the control `css` and presses `keys` on the keyboard (a
    /// space ticks a checkbox).
    pub async fn press(&self, css: &str, keys: &str) {
        ok(
            format!("pressing {keys:?} on {css}"),
            self.find(css).await.send_keys(keys).await,
        );
    }

    /// Whether the checkbox or radio button `css` is ticked.
    pub async fn is_checked(&self, css: &str) -> bool {
        ok(format!("reading {css}"), self.find(css).await.is_selected().await)
    }

    /// The texts of the cells of each row `css` designates.
    pub async fn rows(&self, css: &str) -> Vec<Vec<String>> {
        let rows = ok(
            format!("looking for {css}"),
            self.client.find_all(Locator::Css(css)).await,
        );
        let mut texts = Vec::with_capacity(rows.len());
        for row in rows {
            let cells = ok(
                format!("the cells of {css}"),
                row.find_all(Locator::Css("th, td")).await,
            );
            let mut line = Vec::with_capacity(cells.len());
            for cell in cells {
                line.push(ok(format!("reading a cell of {css}"), cell.text().await));
            }
            texts.push(line);
        }
        texts
    }

    /// Clicks `css` (a link or a button) and waits for the page it leads to.
    pub async fn follow(&self, css: &str) {
        self.follow_element(self.find(css).await, css).await;
    }

    /// Clicks the link that reads `text` and waits for the page it leads to.
    pub async fn follow_link(&self, text: &str) {
        let found = self.client.find(Locator::LinkText(text)).await;
        let link = ok(format!("finding the link {text:?} on {}", self.path().await), found);
        self.follow_element(link, &format!("the link {text:?}")).await;
    }

    /// Clicks `target`, which `what` names, and waits for the next page.
    async fn follow_element(&self, target: Element, what: &str) {
        let before = self.find("html").await;
        ok(format!("clicking {what}"), target.click().await);
        let deadline = Instant::now() + NAVIGATION;
        // The old page's root goes stale once the next page replaces it.
        while before.tag_name().await.is_ok() {
            assert!(Instant::now() < deadline, "no new page came after clicking {what}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let loaded = self
            .client
            .wait()
            .at_most(NAVIGATION)
            .for_element(Locator::Css("body"))
            .await;
        ok(format!("waiting for the page after clicking {what}"), loaded);
    }

    /// The `lang` of the page's `<html>`.
    pub async fn lang(&self) -> String {
        let lang = self.find("html").await.attr("lang").await;
        ok("reading the page's language", lang).unwrap_or_default()
    }

    /// Runs `script` in the page and returns what it returns.
    pub async fn run(&self, script: &str) -> Value {
        ok("running a script", self.client.execute(script, Vec::new()).await)
    }

    /// Runs `script`, which calls its last argument with its result.
    pub async fn run_async(&self, script: &str) -> Value {
        ok("running a script", self.client.execute_async(script, Vec::new()).await)
    }

    /// Scrolls to the top of the page.
    pub async fn scroll_to_top(&self) {
        self.run("window.scrollTo(0, 0);").await;
    }

    /// A PNG of the window.
    pub async fn screenshot(&self) -> Result<Vec<u8>, CmdError> {
        self.client.screenshot().await
    }

    /// The page's HTML as the browser holds it now.
    pub async fn source(&self) -> Result<String, CmdError> {
        self.client.source().await
    }
}
