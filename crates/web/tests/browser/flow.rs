//! A ticket's life in the browser, each person at their own screen: a
//! requester submits it with a file, a shifter routes it to the Network
//! unit, a Network supporter writes an internal note, replies and solves
//! it, and the requester reads the reply and the solution (never the note)
//! and verifies it; then a newcomer describing the same trouble on the
//! submit form is shown that ticket and its solution as she types. Every
//! kind of page it passes is checked with axe, and the supporter's view is
//! the README's screenshot.

use std::path::Path;

use guichet_domain::role::Role;
use guichet_service::User;
use guichet_store::testing::{TestStore, temp_folder};

use crate::axe;
use crate::browser::Browser;
use crate::harness::{run, workspace};
use crate::site::Site;

const SUBJECT: &str = "Transfers from IN2P3-CC to CERN-PROD time out";
const DESCRIPTION: &str = "Since 06:00 UTC about 30% of the FTS transfers from IN2P3-CC to CERN-PROD \
fail after 300 s with \"TRANSFER globus_xio: operation timed out\".\n\
Transfers to FZK-LCG2 from the same pool succeed. The FTS log of one failure is attached.";
const NOTE: &str = "The LHCOPN link IN2P3-CC to CERN flaps since 05:50; opened a case with RENATER.";
const REPLY: &str = "We see packet loss on the LHCOPN link; the network provider is replacing an optic. \
Please keep retrying failed transfers.";
const SOLUTION: &str = "The faulty optic on the LHCOPN link was replaced at 10:05; transfers are back to normal.";

/// The people of the flow.
struct People {
    rita: User,
    shiva: User,
    nadia: User,
    lea: User,
}

async fn a_ticket_goes_from_submission_to_verification(db: TestStore) {
    let site = Site::on(db).await;
    let people = People {
        rita: site.person("rita.moreau", "Rita Moreau", Role::Requester).await,
        shiva: site.person("shiva.patel", "Shiva Patel", Role::Shifter).await,
        nadia: site.person("nadia.haddad", "Nadia Haddad", Role::Supporter).await,
        lea: site.person("lea.martin", "Léa Martin", Role::Requester).await,
    };
    site.join(&people.nadia, "Network").await;
    let test = format!("flow-{}", site.backend());
    run(&test, &site.base, async |browser| {
        let number = submit(browser, &people.rita).await;
        site.later(12);
        route(browser, &people.shiva, &number).await;
        site.later(25);
        answer(browser, &site, &people.nadia, &number).await;
        site.later(40);
        verify(browser, &people.rita, &number).await;
        suggested(browser, &people.lea, &number).await;
    })
    .await;
}

/// Rita signs in, submits the ticket with a log file and finds it in her
/// list; returns its number.
async fn submit(browser: &Browser, rita: &User) -> String {
    browser.visit("/").await;
    axe::check(browser, "landing").await;
    browser.follow("header a[href='/sign-in']").await;
    axe::check(browser, "sign-in").await;
    browser.sign_in_here(rita).await;
    browser.follow("header a[href='/tickets/new']").await;
    axe::check(browser, "submit form").await;
    browser.fill("#subject", SUBJECT).await;
    browser.fill("#description", DESCRIPTION).await;
    browser.choose("#site", "IN2P3-CC").await;
    browser.choose("#vo", "atlas").await;
    let folder = temp_folder("browser-upload");
    let log = folder.join("fts-transfer.log");
    std::fs::write(
        &log,
        "2026-03-09 06:02:11 ERROR TRANSFER globus_xio: operation timed out\n",
    )
    .unwrap();
    browser.attach("#files", &log).await;
    browser.follow("form[action='/tickets/new'] button[type=submit]").await;
    std::fs::remove_dir_all(&folder).unwrap();
    let path = browser.path().await;
    let number = path
        .strip_prefix("/tickets/")
        .unwrap_or_else(|| panic!("no ticket page: {path}"));
    assert!(browser.text("h1").await.contains(SUBJECT));
    assert!(browser.text(".thread").await.contains("FTS log of one failure"));
    assert_eq!(
        browser
            .text(".article.public-reply .files a[href^='/api/v1/attachments/']")
            .await,
        "fts-transfer.log",
        "the file, in the thread with the article it came with"
    );
    axe::check(browser, "ticket, as its requester").await;
    browser.follow("header a[href='/tickets/mine']").await;
    assert!(
        browser.text("table").await.contains(SUBJECT),
        "the ticket is in Rita's list"
    );
    axe::check(browser, "my tickets").await;
    browser.sign_out().await;
    number.to_owned()
}

/// Shiva, on shift, opens the ticket by its number and routes it to Network.
async fn route(browser: &Browser, shiva: &User, number: &str) {
    browser.sign_in(shiva).await;
    browser.go_to(number).await;
    browser.choose("#route select[name=unit]", "Network").await;
    browser.follow("#route button[type=submit]").await;
    assert!(browser.text("dl.fields").await.contains("Network"), "routed to Network");
    browser.sign_out().await;
}

/// Nadia, of the Network unit, notes what she found, replies, and solves it.
async fn answer(browser: &Browser, site: &Site, nadia: &User, number: &str) {
    browser.sign_in(nadia).await;
    browser.go_to(number).await;
    browser.click("#reply input[value='internal note']").await;
    browser.fill("#reply-body", NOTE).await;
    browser.follow("#reply button[type=submit]").await;
    site.later(3);
    browser.fill("#reply-body", REPLY).await;
    browser.follow("#reply button[type=submit]").await;
    let thread = browser.text(".thread").await;
    assert!(
        thread.contains(NOTE) && thread.contains(REPLY),
        "the note and the reply: {thread}"
    );
    assert!(browser.has(".article.internal-note").await, "the note is told apart");
    axe::check(browser, "ticket, as a supporter").await;
    let [summary, font] = history_summary(browser).await;
    assert!(
        summary < 2.0 * font,
        "the history's heading sits beside its triangle, on one line: {summary}px high for a {font}px heading"
    );
    if site.backend() == "sqlite" {
        browser.scroll_to_top().await;
        keep_screenshot(browser, &workspace().join("docs/screenshots/ticket-page.png")).await;
    }
    find_by_search(browser, number).await;
    site.later(30);
    browser.choose("#status-to", "solved").await;
    browser.choose("#status-qualifier", "fixed").await;
    browser.fill("#status-solution", SOLUTION).await;
    browser.follow("#status button[type=submit]").await;
    assert!(browser.text(".ticket-head").await.contains("solved"));
    browser.sign_out().await;
}

/// Nadia finds the ticket by a word of her note through the search page
/// (the note's own result is marked as one), and comes back to it.
async fn find_by_search(browser: &Browser, number: &str) {
    browser.follow("header a[href='/search']").await;
    browser.fill("#search-q", "RENATER").await;
    browser.follow("form.search button[type=submit]").await;
    let results = browser.text("ol.results").await;
    assert!(results.contains(&format!("#{number}")), "the ticket: {results}");
    assert!(results.contains("Internal note"), "found by its note: {results}");
    axe::check(browser, "search results").await;
    browser.go_to(number).await;
}

/// Rita reads the reply and the solution, not the note, and verifies.
async fn verify(browser: &Browser, rita: &User, number: &str) {
    browser.sign_in(rita).await;
    browser.follow(&format!("td a[href='/tickets/{number}']")).await;
    let thread = browser.text(".thread").await;
    assert!(thread.contains(REPLY), "the reply: {thread}");
    assert!(
        browser.text(".article.solution").await.contains(SOLUTION),
        "the solution"
    );
    assert!(!thread.contains(NOTE), "never the note");
    assert!(!browser.has(".article.internal-note").await, "no note is shown");
    assert!(!browser.has("#route").await, "requesters do not route");
    browser.choose("#status-to", "verified").await;
    browser.follow("#status button[type=submit]").await;
    assert!(browser.text(".ticket-head").await.contains("verified"));
    assert!(!browser.has("#status").await, "a verified ticket takes no more actions");
    browser.sign_out().await;
}

/// Léa, new, starts a ticket about the same trouble: as she types, the
/// form shows the verified ticket with its solution (the script's work:
/// its preview button, for browsers without scripts, is hidden).
async fn suggested(browser: &Browser, lea: &User, number: &str) {
    browser.sign_in(lea).await;
    browser.follow("header a[href='/tickets/new']").await;
    browser
        .fill("#subject", "FTS transfers IN2P3-CC to CERN-PROD timed out, LHCOPN?")
        .await;
    browser
        .fill(
            "#description",
            "globus_xio: operation timed out on most of our transfers.",
        )
        .await;
    let case = browser.wait_for(&format!("#similar a[href='/tickets/{number}']")).await;
    assert!(case.text().await.unwrap().contains(number));
    let shown = browser.text("#similar").await;
    assert!(
        shown.contains("faulty optic on the LHCOPN link"),
        "with its solution: {shown}"
    );
    assert!(!browser.find("#similar-preview").await.is_displayed().await.unwrap());
    axe::check(browser, "submit form with similar cases").await;
    browser.sign_out().await;
}

/// The height of the history's summary and the font size of its heading.
async fn history_summary(browser: &Browser) -> [f64; 2] {
    let measured = browser
        .run(
            "const summary = document.querySelector('.history summary');\n\
             const heading = summary.querySelector('h2');\n\
             return [summary.getBoundingClientRect().height, parseFloat(getComputedStyle(heading).fontSize)];",
        )
        .await;
    [0, 1].map(|i| measured[i].as_f64().unwrap_or_else(|| panic!("measured {measured}")))
}

/// Saves the window as the README's screenshot, unless it shows the same.
async fn keep_screenshot(browser: &Browser, path: &Path) {
    let png = browser.screenshot().await.unwrap();
    if std::fs::read(path).ok().as_deref() != Some(png.as_slice()) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

guichet_store::backend_tests! {
    a_ticket_goes_from_submission_to_verification,
}
