//! The knowledge base in the browser: a supporter goes from the knowledge
//! base to its categories, adds one, writes a public answer in it with
//! Markdown, and a visitor who is not signed in reads it rendered, in its
//! category. axe checks the list, the categories' page, the answer form
//! and the answer. The pages do not depend on the backend: SQLite only.

use guichet_domain::role::Role;

use crate::axe;
use crate::harness::run;
use crate::site::{Site, sqlite};

#[tokio::test]
async fn a_supporter_files_an_answer_in_a_new_category() {
    let site = Site::on(sqlite().await).await;
    let sam = site.person("sam.okafor", "Sam Okafor", Role::Supporter).await;
    run("kb-categories", &site.base, async |browser| {
        browser.visit("/").await;
        browser.sign_in(&sam).await;
        browser.visit("/kb").await;
        axe::check(browser, "knowledge base").await;
        browser.follow("a[href='/kb/categories']").await;
        axe::check(browser, "categories").await;
        browser.fill("#name_en", "Storage").await;
        browser.fill("#name_fr", "Stockage").await;
        browser
            .follow("form[action='/kb/categories'] button[type=submit]")
            .await;
        assert_eq!(browser.path().await, "/kb/categories?done=created");
        assert_eq!(browser.text(".notice").await, "Added.");
        browser.follow_link("Storage").await;
        assert_eq!(browser.text("h1").await, "Rename a category");
        browser.visit("/kb/new").await;
        axe::check(browser, "answer form").await;
        browser.fill("#title_en", "Pool full").await;
        browser.fill("#body_en", "Run **rebalance** on the pool.").await;
        browser.choose("#visibility", "Public").await;
        browser.choose("#category", "Storage").await;
        browser.follow("form.stacked button[type=submit]").await;
        assert_eq!(browser.text("h1").await, "Pool full");
        assert_eq!(browser.text("main strong").await, "rebalance");
        axe::check(browser, "answer").await;
        let answer = browser.path().await;
        browser.sign_out().await;
        browser.visit("/kb").await;
        let section = browser.text("main section").await;
        assert!(
            section.starts_with("Storage") && section.contains("Pool full"),
            "{section}"
        );
        browser.visit(&answer).await;
        assert_eq!(browser.text("main strong").await, "rebalance", "a visitor reads it");
    })
    .await;
}
