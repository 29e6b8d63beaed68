//! The submit form: a ticket with its files, errors next to their fields
//! with the values kept, one ticket for a double submit, files over the
//! limit, and a session that ends while the form is filled in.

use reqwest::StatusCode;
use reqwest::multipart::Part;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::*;

async fn a_requester_submits_a_ticket_with_a_file(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let browser = app.signed_in(&rita).await;
    let form = browser.get("/tickets/new").await;
    form.expect(StatusCode::OK);
    let (csrf, submission) = (form.hidden("csrf"), form.hidden("submission"));
    let site = app.org.sites[0].0.to_string();
    let fields = ticket_form(
        &csrf,
        &submission,
        "Jobs fail at IN2P3-CC",
        "Since 02:00, every job fails.",
    )
    .text("site", site)
    .part(
        "files",
        Part::bytes(b"stage-in failed".to_vec()).file_name("../job.log"),
    );
    let sent = browser.post_multipart("/tickets/new", fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let path = sent.location.clone().unwrap();
    let page = browser.get(&path).await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("Jobs fail at IN2P3-CC") && body.contains("Since 02:00, every job fails."));
    let article = article_saying(body, "Files attached at submission.");
    assert!(
        article.contains("<a href=\"/api/v1/attachments/") && article.contains(">job.log</a> (15 B)"),
        "the file, linked, with its article: {article}"
    );
    let description = article_saying(body, "Since 02:00, every job fails.");
    assert!(
        !description.contains("job.log"),
        "not with the description: {description}"
    );
    let section = body.split_once("id=\"files-title\"").unwrap().1;
    assert!(section.contains(">job.log</a>"), "still in the Attachments section");
    assert!(body.contains("IN2P3-CC"), "the site by name");
    assert_eq!(app.db.store.ticket_count().await.unwrap(), 1);
}

/// The element of the ticket page's thread that says `text`: from its
/// `<li class="article` to the next article or the thread's end.
fn article_saying<'a>(page: &'a str, text: &str) -> &'a str {
    let thread = page.split_once("<ol class=\"thread\">").unwrap().1;
    let thread = thread.split_once("</ol>").unwrap().0;
    thread
        .split("<li class=\"article ")
        .skip(1)
        .find(|article| article.contains(text))
        .unwrap_or_else(|| panic!("no article says {text:?}: {thread}"))
}

async fn errors_are_shown_next_to_their_fields_with_the_values_kept(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let browser = app.signed_in(&rita).await;
    browser.get("/lang/fr?back=/tickets/new").await;
    let form = browser.get("/tickets/new").await;
    let (csrf, submission) = (form.hidden("csrf"), form.hidden("submission"));
    let no_subject = ticket_form(&csrf, &submission, "   ", "Kept as it was typed.");
    let refused = browser.post_multipart("/tickets/new", no_subject).await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("id=\"subject-error\">Ce champ est obligatoire."),
        "next to the subject, in French: {body}"
    );
    assert!(body.contains("Kept as it was typed."), "the description is kept");
    assert!(body.contains("aria-invalid=\"true\""));
    let urgent =
        ticket_form(&csrf, &submission, "Urgent matter", "Everything is down.").text("priority", "very urgent");
    let refused = browser.post_multipart("/tickets/new", urgent).await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("id=\"priority-error\">Dites pourquoi cette priorité est nécessaire."),
        "a raise needs its justification: {body}"
    );
    assert!(body.contains("value=\"Urgent matter\""));
    assert_eq!(app.db.store.ticket_count().await.unwrap(), 0, "nothing submitted");
}

async fn a_double_submit_opens_one_ticket(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let browser = app.signed_in(&rita).await;
    let form = browser.get("/tickets/new").await;
    let (csrf, submission) = (form.hidden("csrf"), form.hidden("submission"));
    let send = || {
        browser.post_multipart(
            "/tickets/new",
            ticket_form(&csrf, &submission, "Twice", "Clicked twice."),
        )
    };
    let (first, second) = tokio::join!(send(), send());
    assert_eq!(
        (first.status, second.status),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    assert_eq!(first.location, second.location, "both lead to the same ticket");
    assert_eq!(app.db.store.ticket_count().await.unwrap(), 1);
}

async fn a_file_over_the_limit_is_refused_with_the_limit_named(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let browser = app.signed_in(&rita).await;
    let form = browser.get("/tickets/new").await;
    let (csrf, submission) = (form.hidden("csrf"), form.hidden("submission"));
    let big = Part::bytes(vec![b'x'; LIMIT + 1]).file_name("core.dump");
    let fields = ticket_form(&csrf, &submission, "Big file", "See the dump.").part("files", big);
    let refused = browser.post_multipart("/tickets/new", fields).await;
    let body = refused.expect(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body.contains("core.dump is too large: at most 64 kB per file"),
        "{body}"
    );
    assert!(body.contains("value=\"Big file\""), "the values are kept");
    assert_eq!(app.db.store.ticket_count().await.unwrap(), 0);
}

async fn a_session_that_ends_during_the_form_keeps_the_draft(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let browser = app.signed_in(&rita).await;
    let form = browser.get("/tickets/new").await;
    let (csrf, submission) = (form.hidden("csrf"), form.hidden("submission"));
    browser.drop_cookie("guichet_session");
    let fields = ticket_form(&csrf, &submission, "Long to write", "Half an hour of careful writing.");
    let back = browser.post_multipart("/tickets/new", fields).await;
    let body = back.expect(StatusCode::UNAUTHORIZED);
    assert!(body.contains("Half an hour of careful writing.") && body.contains("value=\"Long to write\""));
    assert!(body.contains("Sign in"), "{body}");
    assert_eq!(app.db.store.ticket_count().await.unwrap(), 0);
}

guichet_store::backend_tests! {
    a_requester_submits_a_ticket_with_a_file,
    errors_are_shown_next_to_their_fields_with_the_values_kept,
    a_double_submit_opens_one_ticket,
    a_file_over_the_limit_is_refused_with_the_limit_named,
    a_session_that_ends_during_the_form_keeps_the_draft,
}
