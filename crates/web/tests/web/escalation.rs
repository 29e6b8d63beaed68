//! The escalation button on the ticket page: for the submitter only, one
//! level per post, the time left when too soon (in the visitor's time
//! zone), and no failure for a forged or repeated post.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;

use guichet_domain::clock::ManualClock;
use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::input::CreateTicketInput;
use guichet_service::people::preferences::{PreferencesInput, set_my_preferences};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::read::history;
use guichet_store::testing::TestStore;

use crate::helpers::*;

/// Monday 7 December 2026, 08:00 UTC, in working hours.
fn monday() -> DateTime<Utc> {
    "2026-12-07T08:00:00Z".parse().unwrap()
}

async fn the_submitter_escalates_from_the_page(db: TestStore) {
    let clock = Arc::new(ManualClock::at(monday()));
    let app = WebApp::with_clock(db, clock.clone()).await;
    let rita = app.person("rita", Role::Requester).await;
    let expert = app.person("nadia", Role::Supporter).await;
    let zone = PreferencesInput {
        language: None,
        time_zone: Some("Europe/Paris".into()),
        notification_mode: None,
    };
    set_my_preferences(&app.ctx, &actor_of(&rita), &zone).await.unwrap();
    let input = CreateTicketInput {
        subject: "Transfers to CERN time out".into(),
        description: "Since this morning.".into(),
        ..Default::default()
    };
    let ticket = create_ticket(&app.ctx, &actor_of(&rita), input).await.unwrap().ticket;
    let path = format!("/tickets/{}", ticket.number());
    let action = format!("action=\"{path}/escalation\"");

    let as_expert = app.signed_in(&expert).await;
    let seen = as_expert.get(&path).await;
    assert!(!seen.expect(StatusCode::OK).contains(&action), "not for a supporter");
    assert!(
        !seen.body.contains("id=\"escalate\""),
        "nothing to show before any escalation"
    );
    let csrf = seen.hidden("csrf");
    let forbidden = as_expert.post(&format!("{path}/escalation"), &[("csrf", &csrf)]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN, "{}", forbidden.body);

    let as_rita = app.signed_in(&rita).await;
    let page = as_rita.get(&path).await;
    assert!(page.expect(StatusCode::OK).contains(&action), "{}", page.body);
    assert!(page.body.contains("Escalate to the unit"), "{}", page.body);
    let csrf = page.hidden("csrf");
    let done = as_rita.post(&format!("{path}/escalation"), &[("csrf", &csrf)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let back = done.location.unwrap();
    assert_eq!(back, format!("{path}?escalated=unit#escalate"));
    let after = as_rita.get(back.split('#').next().unwrap()).await;
    let body = after.expect(StatusCode::OK);
    assert!(
        body.contains("The ticket is escalated to the unit."),
        "the notice: {body}"
    );
    assert!(
        body.contains("Escalated to the unit on 7 Dec 2026, 09:00 CET."),
        "in Paris time: {body}"
    );
    assert!(!body.contains(&action), "no button while too soon");
    assert!(
        body.contains("You can escalate again in 8 h 0 min of working time, on 8 Dec 2026, 09:00 CET."),
        "{body}"
    );
    assert!(body.contains("Escalation: none → the unit"), "the history: {body}");

    // 90 working minutes later (the session idles for less than its 2 h),
    // a second post, from a stale page say, is refused.
    clock.advance(Duration::minutes(90));
    let again = as_rita.post(&format!("{path}/escalation"), &[("csrf", &csrf)]).await;
    let body = again.expect(StatusCode::CONFLICT);
    assert!(body.contains("id=\"escalate-error\""), "next to the button: {body}");
    assert!(body.contains("The ticket cannot be escalated now."), "{body}");
    assert!(body.contains("in 6 h 30 min of working time"), "{body}");

    for forged in [
        as_rita.post(&format!("{path}/escalation"), &[("csrf", "forged")]).await,
        as_rita
            .post_with(
                &format!("{path}/escalation"),
                &[("csrf", &csrf)],
                &[("sec-fetch-site", "cross-site")],
            )
            .await,
    ] {
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    }
    let french = as_rita.get_with(&path, &[("accept-language", "fr")]).await;
    let body = french.expect(StatusCode::OK);
    assert!(body.contains("Escalade : aucun → l’unité"), "{body}");
    assert!(body.contains("dans 6 h 30 min de temps ouvré"), "{body}");

    let entries = history(&app.ctx, &actor_of(&rita), ticket.id).await.unwrap();
    let escalations = entries.iter().filter(|e| e.change.field == "escalation").count();
    assert_eq!(escalations, 1, "the refused and forged posts changed nothing");
}

guichet_store::backend_tests! {
    the_submitter_escalates_from_the_page,
}
