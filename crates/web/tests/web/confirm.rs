//! The signed verify and reopen links of a solution mail, and the
//! submitter's buttons on an answered ticket's page.

use std::sync::Arc;

use chrono::Duration;
use reqwest::StatusCode;

use guichet_domain::clock::{Clock, ManualClock};
use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;
use guichet_service::actor_of;
use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
use guichet_service::tickets::confirm::{ConfirmationLinks, confirmation_links};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::update::update_ticket;
use guichet_store::testing::TestStore;

use crate::helpers::*;

/// A ticket of `submitter`'s, solved by an expert, and its links.
async fn solved(app: &WebApp, submitter: &guichet_service::User) -> (Ticket, ConfirmationLinks) {
    let input = CreateTicketInput {
        subject: "Jobs stay queued".into(),
        description: "Since this morning.".into(),
        ..Default::default()
    };
    let ticket = create_ticket(&app.ctx, &actor_of(submitter), input)
        .await
        .unwrap()
        .ticket;
    let expert = app.person("nadia", Role::Supporter).await;
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("The queue is drained.".into()),
        ..UpdateTicketInput::default()
    };
    let ticket = update_ticket(&app.ctx, &actor_of(&expert), ticket.id, solve)
        .await
        .unwrap()
        .ticket;
    let links = confirmation_links(&app.ctx, &ticket).await.unwrap().unwrap();
    (ticket, links)
}

async fn status_of(app: &WebApp, ticket: &Ticket) -> Status {
    app.db.store.ticket(ticket.id).await.unwrap().ticket.status
}

async fn a_link_verifies_and_takes_a_rating_once(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let (ticket, links) = solved(&app, &rita).await;
    let verify = format!("/confirm/{}", links.verify.unwrap());
    let browser = app.browser();
    for _ in 0..2 {
        let shown = browser.get(&verify).await;
        let body = shown.expect(StatusCode::OK);
        assert!(body.contains("id=\"confirm-form\""), "{body}");
        assert!(body.contains(&ticket.number().to_string()) && body.contains("Jobs stay queued"));
        assert!(body.contains("/static/confirm.js"), "the page submits itself");
    }
    assert_eq!(status_of(&app, &ticket).await, Status::Solved, "a GET changes nothing");
    let done = browser.post(&verify, &[]).await;
    let body = done.expect(StatusCode::OK);
    assert!(body.contains("is verified") && body.contains("id=\"rating\""), "{body}");
    assert_eq!(status_of(&app, &ticket).await, Status::Verified);
    for bad in ["0", "6", "lots", ""] {
        let refused = browser
            .post(
                &format!("{verify}/rating"),
                &[("rating", bad), ("comment", "Kept text")],
            )
            .await;
        let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("id=\"rating-error\"") && body.contains("Kept text"),
            "{bad:?}: {body}"
        );
    }
    assert!(app.db.store.ticket_rating(ticket.id).await.unwrap().is_none());
    let rated = browser
        .post(&format!("{verify}/rating"), &[("rating", "4"), ("comment", "Quick.")])
        .await;
    assert!(
        rated.expect(StatusCode::OK).contains("Thank you for your rating"),
        "{}",
        rated.body
    );
    let stored = app.db.store.ticket_rating(ticket.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.rating, stored.comment.as_deref(), stored.rated_by),
        (4, Some("Quick."), rita.id)
    );
    let twice = browser.post(&format!("{verify}/rating"), &[("rating", "1")]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);
    let used = browser.post(&verify, &[]).await;
    assert!(
        used.expect(StatusCode::BAD_REQUEST).contains("already been used"),
        "{}",
        used.body
    );
}

async fn a_tampered_link_is_refused_and_changes_nothing(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let (ticket, links) = solved(&app, &rita).await;
    let mut token = links.reopen.into_bytes();
    let last = token.len() - 1;
    token[last] = if token[last] == b'a' { b'b' } else { b'a' };
    let path = format!("/confirm/{}", String::from_utf8(token).unwrap());
    let browser = app.browser();
    let shown = browser.get(&path).await;
    assert!(
        shown.expect(StatusCode::BAD_REQUEST).contains("altered"),
        "{}",
        shown.body
    );
    let posted = browser.post(&path, &[]).await;
    assert!(
        posted.expect(StatusCode::BAD_REQUEST).contains("altered"),
        "{}",
        posted.body
    );
    assert_eq!(status_of(&app, &ticket).await, Status::Solved);
    let french = browser.get_with(&path, &[("accept-language", "fr")]).await;
    assert!(french.body.contains("modifié"), "{}", french.body);
    let cross_site = browser
        .post_with(
            &format!("/confirm/{}", links.verify.unwrap()),
            &[],
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN, "{}", cross_site.body);
    assert_eq!(status_of(&app, &ticket).await, Status::Solved);
}

async fn an_expired_link_is_refused(db: TestStore) {
    let clock = Arc::new(ManualClock::at(guichet_domain::clock::SystemClock.now()));
    let app = WebApp::with_clock(db, clock.clone()).await;
    let rita = app.person("rita", Role::Requester).await;
    let (ticket, links) = solved(&app, &rita).await;
    let path = format!("/confirm/{}", links.reopen);
    clock.set(links.valid_until - Duration::seconds(1));
    assert_eq!(
        app.browser().get(&path).await.status,
        StatusCode::OK,
        "valid until the end"
    );
    clock.set(links.valid_until);
    let browser = app.browser();
    let shown = browser.get(&path).await;
    assert!(shown.expect(StatusCode::GONE).contains("expired"), "{}", shown.body);
    let posted = browser.post(&path, &[]).await;
    assert_eq!(posted.status, StatusCode::GONE);
    assert_eq!(status_of(&app, &ticket).await, Status::Solved);
}

async fn the_submitter_verifies_or_reopens_on_the_ticket_page(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let (ticket, _) = solved(&app, &rita).await;
    let path = format!("/tickets/{}", ticket.number());
    let as_expert = app.signed_in(&app.person("sam", Role::Supporter).await).await;
    assert!(
        !as_expert.get(&path).await.body.contains("id=\"confirm\""),
        "the submitter's only"
    );
    let as_rita = app.signed_in(&rita).await;
    let page = as_rita.get(&path).await;
    let body = page.expect(StatusCode::OK);
    assert!(
        body.contains("id=\"confirm\"") && body.contains("/verify") && body.contains("/reopen"),
        "{body}"
    );
    let csrf = page.hidden("csrf");
    let refused = as_rita
        .post(
            &format!("{path}/verify"),
            &[("csrf", &csrf), ("rating", "7"), ("comment", "Hm")],
        )
        .await;
    assert!(
        refused
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("id=\"confirm-error\"")
    );
    assert_eq!(status_of(&app, &ticket).await, Status::Solved);
    let reopened = as_rita
        .post(
            &format!("{path}/reopen"),
            &[("csrf", &csrf), ("reason", "Still queued.")],
        )
        .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER, "{}", reopened.body);
    assert_eq!(status_of(&app, &ticket).await, Status::Reopened);
    let expert = app.person("nadia2", Role::Supporter).await;
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("Drained again.".into()),
        ..UpdateTicketInput::default()
    };
    update_ticket(&app.ctx, &actor_of(&expert), ticket.id, solve)
        .await
        .unwrap();
    let verified = as_rita
        .post(
            &format!("{path}/verify"),
            &[("csrf", &csrf), ("rating", "5"), ("comment", "")],
        )
        .await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.body);
    assert_eq!(status_of(&app, &ticket).await, Status::Verified);
    assert_eq!(app.db.store.ticket_rating(ticket.id).await.unwrap().unwrap().rating, 5);
}

guichet_store::backend_tests! {
    a_link_verifies_and_takes_a_rating_once,
    a_tampered_link_is_refused_and_changes_nothing,
    an_expired_link_is_refused,
    the_submitter_verifies_or_reopens_on_the_ticket_page,
}
