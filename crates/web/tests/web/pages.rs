//! The frame of every page: languages, the 404, signing in and out, the
//! "go to ticket" box, and forged requests.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::*;

async fn pages_speak_the_visitors_language(db: TestStore) {
    let app = WebApp::on(db).await;
    let browser = app.browser();
    let english = browser.get("/").await;
    assert!(english.expect(StatusCode::OK).contains("<html lang=\"en\">"));
    assert!(english.body.contains("Submit a ticket"));
    let french = browser.get_with("/", &[("accept-language", "fr-FR,fr;q=0.9")]).await;
    assert!(french.body.contains("<html lang=\"fr\">") && french.body.contains("Ouvrir un ticket"));
    let switched = browser.get("/lang/fr?back=/sign-in").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location.as_deref(), Some("/sign-in"));
    let page = browser.get("/sign-in").await;
    assert!(
        page.body.contains("Connexion"),
        "the switcher's choice stays: {}",
        page.body
    );
    let away = browser.get("/lang/en?back=https://evil.example/").await;
    assert_eq!(away.location.as_deref(), Some("/"), "never back to another site");
}

async fn unknown_pages_are_html_and_the_api_keeps_json(db: TestStore) {
    let app = WebApp::on(db).await;
    let browser = app.browser();
    let page = browser.get_with("/no/such/page", &[("accept-language", "fr")]).await;
    assert!(page.expect(StatusCode::NOT_FOUND).contains("Page introuvable"));
    let api = browser.get("/api/v1/no-such-thing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.body.starts_with("{\"error\":\"not_found\""), "{}", api.body);
    let health = browser.get("/healthz").await;
    assert!(health.expect(StatusCode::OK).contains("\"status\":\"ok\""));
}

async fn people_sign_in_and_out(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let browser = app.browser();
    let refused = browser.sign_in(&rita.email, "wrong password").await;
    assert!(
        refused
            .expect(StatusCode::UNAUTHORIZED)
            .contains("Wrong e-mail address or password.")
    );
    assert!(
        refused.body.contains("value=\"rita@example.org\""),
        "the address is kept"
    );
    let signed_in = browser.sign_in(&rita.email, "password-123").await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.body);
    assert_eq!(signed_in.location.as_deref(), Some("/tickets/mine"));
    assert!(browser.has_cookie("guichet_session"));
    let mine = browser.get("/tickets/mine").await;
    assert!(mine.expect(StatusCode::OK).contains("Signed in as rita"));
    let csrf = mine.hidden("csrf");
    let out = browser.post("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(!browser.has_cookie("guichet_session"));
    let after = browser.get("/tickets/mine").await;
    assert_eq!(
        after.location.as_deref(),
        Some("/sign-in?next=/tickets/mine"),
        "signed out"
    );
}

async fn forged_and_cross_site_posts_are_refused(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let browser = app.browser();
    browser.get("/sign-in").await;
    let credentials = [
        ("email", rita.email.as_str()),
        ("password", "password-123"),
        ("next", ""),
    ];
    let no_token = browser
        .post(
            "/sign-in",
            &[&[("csrf", "0123456789abcdef0123456789abcdef")][..], &credentials[..]].concat(),
        )
        .await;
    assert!(no_token.expect(StatusCode::FORBIDDEN).contains("another site"));
    let form = browser.get("/sign-in").await;
    let csrf = form.hidden("csrf");
    let fields = [&[("csrf", csrf.as_str())][..], &credentials[..]].concat();
    let cross_site = browser
        .post_with("/sign-in", &fields, &[("sec-fetch-site", "cross-site")])
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    let other_origin = browser
        .post_with("/sign-in", &fields, &[("origin", "https://evil.example")])
        .await;
    assert_eq!(other_origin.status, StatusCode::FORBIDDEN);
    assert!(!browser.has_cookie("guichet_session"), "none of them signed in");
    let signed_in = app.signed_in(&rita).await;
    let stale = signed_in.post("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN, "a token of before the sign-in");
    assert!(signed_in.has_cookie("guichet_session"));
}

async fn numbers_lead_to_tickets(db: TestStore) {
    let app = WebApp::on(db).await;
    let browser = app.browser();
    let go = browser.get("/go?number=100234").await;
    assert_eq!(go.location.as_deref(), Some("/tickets/100234"));
    let hash = browser.get("/go?number=%23100007").await;
    assert_eq!(
        hash.location.as_deref(),
        Some("/tickets/100007"),
        "a quoted #number too"
    );
    let bad = browser.get("/go?number=abc").await;
    assert!(bad.expect(StatusCode::NOT_FOUND).contains("a number such as 100234"));
}

guichet_store::backend_tests! {
    pages_speak_the_visitors_language,
    unknown_pages_are_html_and_the_api_keeps_json,
    people_sign_in_and_out,
    forged_and_cross_site_posts_are_refused,
    numbers_lead_to_tickets,
}
