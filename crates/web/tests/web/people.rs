//! What people choose and follow on the pages: preferences (language, time
//! zone, notifications), subscriptions, involving others; and how sign-in
//! protects them: throttled guessing, idle sessions.

use chrono::{Duration, TimeZone, Utc};
use reqwest::StatusCode;

use guichet_domain::preferences::Language;
use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::auth::token_hash;
use guichet_service::input::CreateTicketInput;
use guichet_service::people::preferences::my_preferences;
use guichet_service::people::subscriptions::is_subscribed;
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::read::visible_ticket;
use guichet_store::testing::TestStore;

use crate::helpers::*;

async fn preferences_choose_the_language_zone_and_notifications(db: TestStore) {
    let app = WebApp::on(db).await;
    let pia = app.person("pia", Role::Requester).await;
    let browser = app.signed_in(&pia).await;
    let form = browser.get("/preferences").await;
    assert!(form.expect(StatusCode::OK).contains("id=\"pref-zone\""));
    let csrf = form.hidden("csrf");
    let bad = [
        ("csrf", csrf.as_str()),
        ("language", "fr"),
        ("time_zone", "Europe/Atlantis"),
        ("notification_mode", "on every change"),
    ];
    let refused = browser.post("/preferences", &bad).await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("id=\"pref-zone-error\""), "next to the field: {body}");
    assert!(body.contains("<option value=\"fr\" selected>"), "values kept");
    let good = [
        ("csrf", csrf.as_str()),
        ("language", "fr"),
        ("time_zone", "Europe/Paris"),
        ("notification_mode", "on every change"),
    ];
    let saved = browser.post("/preferences", &good).await;
    assert_eq!(
        saved.location.as_deref(),
        Some("/preferences?saved=1"),
        "{}",
        saved.body
    );
    let page = browser.get("/preferences?saved=1").await;
    assert!(
        page.body.contains("<html lang=\"fr\">"),
        "the preference wins over the browser's English"
    );
    assert!(page.body.contains("Vos préférences sont enregistrées."));
    let stored = my_preferences(&app.ctx, &actor_of(&pia)).await.unwrap();
    assert_eq!(stored.language, Some(Language::Fr));

    let input = CreateTicketInput {
        subject: "Dates in Paris".into(),
        description: "x".into(),
        occurred_at: Some(Utc.with_ymd_and_hms(2026, 1, 15, 8, 30, 0).unwrap()),
        ..Default::default()
    };
    let ticket = create_ticket(&app.ctx, &actor_of(&pia), input).await.unwrap().ticket;
    let shown = browser.get(&format!("/tickets/{}", ticket.number())).await;
    assert!(
        shown.expect(StatusCode::OK).contains("15 janv. 2026, 09:30 CET"),
        "in French and in Paris time: {}",
        shown.body
    );
    let new = browser.get("/tickets/new").await;
    assert!(
        new.body.contains("<option value=\"on every change\" selected>"),
        "the default notification mode"
    );
    assert!(
        new.body.contains("(Europe/Paris)"),
        "the zone of the date field is named"
    );
}

async fn the_switcher_becomes_a_signed_in_persons_language(db: TestStore) {
    let app = WebApp::on(db).await;
    let pia = app.person("pia", Role::Requester).await;
    let browser = app.signed_in(&pia).await;
    browser.get("/lang/fr?back=/tickets/mine").await;
    let stored = my_preferences(&app.ctx, &actor_of(&pia)).await.unwrap();
    assert_eq!(stored.language, Some(Language::Fr), "their mails will follow");
    browser.drop_cookie("guichet_lang");
    let page = browser.get_with("/tickets/mine", &[("accept-language", "en")]).await;
    assert!(page.body.contains("<html lang=\"fr\">"), "without the cookie too");
}

async fn people_follow_tickets_and_supporters_involve_others(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let sam = app.person("sam", Role::Supporter).await;
    let nadia = app.person("nadia", Role::Supporter).await;
    let input = CreateTicketInput {
        subject: "Storage full at GRIF".into(),
        description: "x".into(),
        ..Default::default()
    };
    let ticket = create_ticket(&app.ctx, &actor_of(&rita), input).await.unwrap().ticket;
    let path = format!("/tickets/{}", ticket.number());
    let as_sam = app.signed_in(&sam).await;
    let page = as_sam.get(&path).await;
    assert!(page.expect(StatusCode::OK).contains(">Subscribe<"));
    let csrf = page.hidden("csrf");
    let followed = as_sam.post(&format!("{path}/subscription"), &[("csrf", &csrf)]).await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER);
    assert!(is_subscribed(&app.ctx, &actor_of(&sam), ticket.id).await.unwrap());
    assert!(as_sam.get(&path).await.body.contains(">Unsubscribe<"));
    let dropped = as_sam
        .post(&format!("{path}/subscription"), &[("csrf", &csrf), ("follow", "no")])
        .await;
    assert_eq!(dropped.status, StatusCode::SEE_OTHER);
    assert!(!is_subscribed(&app.ctx, &actor_of(&sam), ticket.id).await.unwrap());

    let network = app.org.experts[2].to_string();
    let involve = [
        ("csrf", csrf.as_str()),
        ("units", network.as_str()),
        ("users", &nadia.id.to_string()),
    ];
    let involved = as_sam.post(&format!("{path}/involve"), &involve).await;
    assert_eq!(involved.status, StatusCode::SEE_OTHER, "{}", involved.body);
    let view = visible_ticket(&app.ctx, &actor_of(&sam), ticket.id).await.unwrap();
    assert_eq!(view.ticket.involved_units, [app.org.experts[2]]);
    assert_eq!(view.ticket.involved_users, [nadia.id]);
    let as_rita = app.signed_in(&rita).await;
    let hers = as_rita.get(&path).await;
    assert!(
        !hers.body.contains("id=\"involve\""),
        "requesters do not involve others"
    );
    let csrf = hers.hidden("csrf");
    let refused = as_rita
        .post(
            &format!("{path}/involve"),
            &[("csrf", csrf.as_str()), ("users", &rita.id.to_string())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn guessing_is_throttled_on_the_form(db: TestStore) {
    let app = WebApp::on(db).await;
    let gus = app.person("gus", Role::Requester).await;
    let browser = app.browser();
    for _ in 0..5 {
        assert_eq!(
            browser.sign_in(&gus.email, "wrong-guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let refused = browser.sign_in(&gus.email, "password-123").await;
    let body = refused.expect(StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("Too many failed sign-ins"), "{body}");
    assert!(!browser.has_cookie("guichet_session"));
}

async fn an_idle_session_sends_back_to_sign_in(db: TestStore) {
    let app = WebApp::on(db).await;
    let ida = app.person("ida", Role::Requester).await;
    let now = Utc::now();
    app.db
        .store
        .create_session(
            ida.id,
            &token_hash("idle"),
            now - Duration::hours(3),
            now + Duration::hours(9),
        )
        .await
        .unwrap();
    let page = app
        .browser()
        .get_with("/tickets/mine", &[("cookie", "guichet_session=idle")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/sign-in?next=/tickets/mine"));
}

guichet_store::backend_tests! {
    preferences_choose_the_language_zone_and_notifications,
    the_switcher_becomes_a_signed_in_persons_language,
    people_follow_tickets_and_supporters_involve_others,
    guessing_is_throttled_on_the_form,
    an_idle_session_sends_back_to_sign_in,
}
