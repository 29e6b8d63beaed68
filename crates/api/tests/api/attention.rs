//! `GET /api/v1/attention`: what first-level support and the coordinators
//! must look at, and nobody else may.

use std::sync::Arc;

use chrono::Duration;
use reqwest::StatusCode;

use guichet_domain::clock::ManualClock;
use guichet_domain::role::Role;
use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::update::update_ticket;
use guichet_service::{Context, actor_of};
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

/// A ticket opened a month ago and left alone is red, unassigned and past
/// its unit's target; one set waiting for a reply a month ago is listed as
/// waiting; a ticket opened now is in no list.
async fn old_tickets_need_attention_and_fresh_ones_do_not(db: TestStore) {
    let app = TestApp::on(db).await;
    let rita = app.caller("rita", Role::Requester).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let cora = app.caller("cora", Role::Coordinator).await;
    let past = Context::new(
        app.store.clone(),
        Arc::new(ManualClock::at(chrono::Utc::now() - Duration::days(30))),
    );
    let open = |subject: &str| CreateTicketInput {
        subject: subject.into(),
        description: "Broken.".into(),
        ..Default::default()
    };
    let forgotten = create_ticket(&past, &actor_of(&rita.user), open("forgotten"))
        .await
        .unwrap()
        .ticket;
    let silent = create_ticket(&past, &actor_of(&rita.user), open("silent submitter"))
        .await
        .unwrap()
        .ticket;
    let wait = UpdateTicketInput {
        status: Some("waiting for reply".into()),
        comment: Some("Which CE?".into()),
        ..Default::default()
    };
    update_ticket(&past, &actor_of(&sam.user), silent.id, wait)
        .await
        .unwrap();
    app.open(&rita, "fresh").await;

    let body = app.get(&cora, "/api/v1/attention").await.expect(StatusCode::OK);
    let numbers = |list: &str| -> Vec<i64> {
        body[list]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].as_i64().unwrap())
            .collect()
    };
    let forgotten_number = forgotten.number().0;
    assert_eq!(numbers("red"), [forgotten_number], "{body}");
    assert_eq!(body["red"]["items"][0]["colour"], "red");
    assert_eq!(numbers("unassigned"), [forgotten_number]);
    assert_eq!(numbers("waiting_for_reply"), [silent.number().0]);
    assert_eq!(body["red"]["total"], 1);
    let late = body["late_units"].as_array().unwrap();
    assert_eq!(late.len(), 1, "{body}");
    assert_eq!(late[0]["unit"]["id"], app.org.first_level.0);
    assert_eq!(late[0]["breached"], 1);
}

/// Requesters and supporters outside first-level support are refused.
async fn only_first_level_and_coordinators_see_it(db: TestStore) {
    let app = TestApp::on(db).await;
    for (name, role) in [("rita", Role::Requester), ("sam", Role::Supporter)] {
        let caller = app.caller(name, role).await;
        app.get(&caller, "/api/v1/attention")
            .await
            .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    }
    let admin = app.caller("ada", Role::Admin).await;
    app.get(&admin, "/api/v1/attention").await.expect(StatusCode::OK);
}

guichet_store::backend_tests! {
    old_tickets_need_attention_and_fresh_ones_do_not,
    only_first_level_and_coordinators_see_it,
}
