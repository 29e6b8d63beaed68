//! The GGUS lifecycle through the API: routing, waiting for the submitter,
//! holding, solving, verifying, reopening, closing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use guichet_domain::event::EventKind;
use guichet_domain::ids::TicketId;
use guichet_domain::role::Role;
use guichet_service::tickets::close::close_ticket;
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

async fn a_ticket_goes_through_the_whole_lifecycle(db: TestStore) {
    let app = TestApp::on(db).await;
    let submitter = app.caller("req", Role::Requester).await;
    let shifter = app.caller("shift", Role::Shifter).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let ticket = app.open(&submitter, "jobs fail").await;
    let id = &ticket["id"];
    let path = format!("/api/v1/tickets/{id}");
    let unit = app.org.experts[1].0;
    let routed = app.change(&shifter, id, json!({ "unit": unit })).await;
    assert_eq!(
        (routed["status"].as_str(), routed["unit"].as_i64()),
        (Some("assigned"), Some(unit))
    );
    app.change(
        &expert,
        id,
        json!({ "status": "in progress", "assignee": expert.user.id.0 }),
    )
    .await;
    let waiting = app
        .change(
            &expert,
            id,
            json!({ "status": "waiting for reply", "comment": "Which CE?" }),
        )
        .await;
    assert_eq!(waiting["status"], "waiting for reply");
    app.post(
        &submitter,
        &format!("{path}/articles"),
        json!({ "body": "The ARC-CE." }),
    )
    .await
    .expect(StatusCode::CREATED);
    let resumed = app.get(&submitter, &path).await.expect(StatusCode::OK);
    assert_eq!(
        resumed["status"], "in progress",
        "the submitter's reply resumes the ticket"
    );
    let held = app
        .change(
            &expert,
            id,
            json!({ "status": "on hold", "comment": "Waiting for the ARC 7.1 release." }),
        )
        .await;
    assert_eq!(held["status"], "on hold");
    let verify_early = app.patch(&submitter, &path, json!({ "status": "verified" })).await;
    assert_eq!(
        verify_early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "verify needs a solution first"
    );
    let solved = app
        .change(
            &expert,
            id,
            json!({ "status": "solved", "qualifier": "fixed (workaround)", "solution": "Use the other queue." }),
        )
        .await;
    assert_eq!(
        (solved["status"].as_str(), solved["qualifier"].as_str()),
        (Some("solved"), Some("fixed (workaround)"))
    );
    app.patch(&expert, &path, json!({ "status": "verified" }))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let reopened = app.change(&submitter, id, json!({ "status": "reopened" })).await;
    assert_eq!(
        (reopened["status"].as_str(), reopened["qualifier"].as_str()),
        (Some("reopened"), None)
    );
    app.change(
        &expert,
        id,
        json!({ "status": "solved", "qualifier": "fixed", "solution": "Patched." }),
    )
    .await;
    let verified = app.change(&submitter, id, json!({ "status": "verified" })).await;
    assert_eq!(verified["status"], "verified");
    let message =
        app.patch(&expert, &path, json!({ "cc": [] }))
            .await
            .expect_error(StatusCode::CONFLICT, "conflict", None);
    assert!(message.contains("verified"), "{message}");
    app.post(&submitter, &format!("{path}/articles"), json!({ "body": "thanks" }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);

    let articles = app
        .get(&submitter, &format!("{path}/articles"))
        .await
        .expect(StatusCode::OK);
    let kinds: Vec<_> = articles
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        ["public reply", "public reply", "public reply", "solution", "solution"]
    );
    let history = app
        .get(&expert, &format!("{path}/history"))
        .await
        .expect(StatusCode::OK);
    let statuses: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["field"] == "status")
        .map(|h| h["new"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        statuses,
        [
            "new",
            "assigned",
            "in progress",
            "waiting for reply",
            "in progress",
            "on hold",
            "solved",
            "reopened",
            "solved",
            "verified"
        ]
    );
    let assignee = history
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["field"] == "assignee")
        .unwrap();
    assert_eq!(
        (
            assignee["old"].as_str(),
            assignee["new"].as_str(),
            assignee["actor"].as_i64()
        ),
        (
            None,
            Some(expert.user.id.0.to_string().as_str()),
            Some(expert.user.id.0)
        )
    );
    let updates = app
        .store
        .events_after(guichet_store::EventPosition::default(), 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EventKind::TicketUpdated)
        .count();
    assert!(updates >= 9, "every change writes an event ({updates})");
}

async fn closed_tickets_take_nothing_more(db: TestStore) {
    let app = TestApp::on(db).await;
    let submitter = app.caller("req", Role::Requester).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let ticket = app.open(&submitter, "old").await;
    app.change(
        &expert,
        &ticket["id"],
        json!({ "status": "unsolved", "qualifier": "invalid", "solution": "Not a grid problem." }),
    )
    .await;
    let path = format!("/api/v1/tickets/{}", ticket["id"]);
    app.patch(&expert, &path, json!({ "status": "closed" }))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    close_ticket(
        &app.ctx,
        &guichet_service::Actor::system("test"),
        TicketId(ticket["id"].as_i64().unwrap()),
    )
    .await
    .unwrap();
    assert_eq!(
        app.get(&submitter, &path).await.expect(StatusCode::OK)["status"],
        "closed"
    );
    app.patch(&submitter, &path, json!({ "status": "reopened" }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
}

async fn routing_rules_route_by_type(db: TestStore) {
    let app = TestApp::on(db).await;
    let submitter = app.caller("req", Role::Requester).await;
    let shifter = app.caller("shift", Role::Shifter).await;
    let accounting_type = app.org.issue_types[0].0;
    let ticket = app
        .post(
            &submitter,
            "/api/v1/tickets",
            json!({ "subject": "APEL", "description": "x", "type": accounting_type }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(
        ticket["unit"], app.org.first_level.0,
        "rules are applied by first-level support, not at creation"
    );
    let routed = app
        .post(&shifter, &format!("/api/v1/tickets/{}/route", ticket["id"]), json!({}))
        .await
        .expect(StatusCode::OK);
    let accounting_unit = app.org.experts[1].0;
    assert_eq!(
        (routed["unit"].as_i64(), routed["status"].as_str()),
        (Some(accounting_unit), Some("assigned"))
    );
    let untyped = app.open(&submitter, "no type").await;
    app.post(&shifter, &format!("/api/v1/tickets/{}/route", untyped["id"]), json!({}))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("type"));
    app.post(
        &submitter,
        &format!("/api/v1/tickets/{}/route", ticket["id"]),
        json!({}),
    )
    .await
    .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
}

/// Tickets carry their escalation colour: green when just opened, none
/// while waiting for the submitter (the unit owes nothing), red for one
/// assigned weeks ago.
async fn tickets_carry_their_colour(db: TestStore) {
    use guichet_store::{ChangeSet, TicketWrite};
    let app = TestApp::on(db).await;
    let pia = app.caller("pia", Role::Requester).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let fresh = app.open(&pia, "Fresh").await;
    assert_eq!(fresh["colour"], "green");
    let waiting = app.open(&pia, "Waiting").await;
    app.change(&sam, &waiting["id"], json!({ "status": "in progress" }))
        .await;
    let changed = app
        .change(&sam, &waiting["id"], json!({ "status": "waiting for reply" }))
        .await;
    assert_eq!(changed["colour"], Value::Null);
    let old = app.open(&pia, "Old").await;
    let id = guichet_domain::ids::TicketId(old["id"].as_i64().unwrap());
    let before = app.store.ticket(id).await.unwrap().ticket;
    let weeks_ago = before.created_at - chrono::Duration::weeks(3);
    let after = guichet_domain::ticket::Ticket {
        assigned_at: weeks_ago,
        status_changed_at: weeks_ago,
        ..before.clone()
    };
    let write = TicketWrite { before, after };
    let set = ChangeSet {
        tickets: vec![write],
        ..guichet_store::conformance::change()
    };
    app.store.commit(set).await.unwrap();
    let red = app
        .get(&sam, &format!("/api/v1/tickets/{}", old["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(red["colour"], "red");
    let listed = app
        .get(&sam, "/api/v1/tickets?per_page=10")
        .await
        .expect(StatusCode::OK);
    assert!(
        listed["items"].as_array().unwrap().iter().any(|t| t["colour"] == "red"),
        "{listed}"
    );
}

guichet_store::backend_tests! {
    tickets_carry_their_colour,
    a_ticket_goes_through_the_whole_lifecycle,
    closed_tickets_take_nothing_more,
    routing_rules_route_by_type,
}
