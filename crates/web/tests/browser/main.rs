//! The web pages end to end in headless Chromium, driven over WebDriver
//! (ChromeDriver) from Rust: people sign in, fill in forms, follow links
//! and press buttons on a real server (the API and the pages together, on
//! port 0). axe-core checks each kind of page. docs/web.md, "Browser
//! tests", says how to run them and what they skip.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

mod admin;
mod axe;
mod browser;
mod driver;
mod flow;
mod harness;
mod kb;
mod pages;
mod peers;
#[path = "../shared/server.rs"]
mod server;
mod site;
mod steps;
