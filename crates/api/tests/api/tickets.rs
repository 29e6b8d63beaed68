//! Creating, reading, listing and filtering tickets.

use reqwest::StatusCode;
use serde_json::json;

use guichet_domain::event::EventKind;
use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

async fn created_tickets_read_back_and_go_to_first_level(db: TestStore) {
    let app = TestApp::on(db).await;
    let alice = app.caller("alice", Role::Requester).await;
    let vo = app.org.vos[0].0;
    let body = json!({
        "subject": "SRM down at IN2P3-CC", "description": "All transfers fail.",
        "vo": vo, "cc": ["Boss@Example.org"], "visibility": "private", "notification_mode": "on every change",
        "occurred_at": "2026-11-27T08:00:00Z"
    });
    let ticket = app
        .post(&alice, "/api/v1/tickets", body)
        .await
        .expect(StatusCode::CREATED);
    for field in [
        "id",
        "number",
        "subject",
        "status",
        "qualifier",
        "priority",
        "unit",
        "site",
        "vo",
        "visibility",
        "submitter",
        "created_at",
        "updated_at",
    ] {
        assert!(ticket.get(field).is_some(), "missing {field}: {ticket}");
    }
    assert_eq!(ticket["status"], "new");
    assert_eq!(ticket["unit"], app.org.first_level.0);
    assert_eq!(ticket["number"], ticket["id"].as_i64().unwrap() + 100_000);
    assert_eq!(ticket["priority"], "less urgent");
    assert_eq!(ticket["cc"], json!(["boss@example.org"]));
    assert_eq!(ticket["submitter"]["email"], "alice@example.org");
    assert_eq!(ticket["visibility"], "private");
    let fetched = app
        .get(&alice, &format!("/api/v1/tickets/{}", ticket["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(fetched, ticket);
    let events = app.store.events_after(0, 100).await.unwrap();
    assert_eq!(
        events.last().map(|e| e.kind),
        Some(EventKind::TicketCreated),
        "creation writes an event"
    );
    let history = app
        .get(&alice, &format!("/api/v1/tickets/{}/history", ticket["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(history[0]["field"], "status");
    assert_eq!(history[0]["new"], "new");
    assert_eq!(history[0]["actor"], alice.user.id.0);
}

async fn a_chosen_site_routes_to_its_unit(db: TestStore) {
    let app = TestApp::on(db).await;
    let bob = app.caller("bob", Role::Requester).await;
    let (site, unit) = app.org.sites[2];
    let ticket = app
        .post(
            &bob,
            "/api/v1/tickets",
            json!({ "subject": "CE down", "description": "x", "site": site.0 }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(
        (ticket["unit"].as_i64(), ticket["status"].as_str()),
        (Some(unit.0), Some("assigned"))
    );
}

async fn lists_filter_and_paginate(db: TestStore) {
    let app = TestApp::on(db).await;
    let carol = app.caller("carol", Role::Requester).await;
    let shifter = app.caller("sam", Role::Shifter).await;
    for i in 0..7 {
        app.open(&carol, &format!("ticket {i}")).await;
    }
    let urgent = app
        .post(&carol, "/api/v1/tickets", json!({ "subject": "urgent", "description": "x", "priority": "urgent", "priority_justification": "jobs fail" }))
        .await
        .expect(StatusCode::CREATED);
    app.change(&shifter, &urgent["id"], json!({ "status": "in progress" }))
        .await;
    let page = app
        .get(&carol, "/api/v1/tickets?per_page=3&page=2")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (page["total"].as_i64(), page["page"].as_i64(), page["per_page"].as_i64()),
        (Some(8), Some(2), Some(3))
    );
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    assert_eq!(page["total_exact"], true);
    let filtered = app
        .get(&carol, "/api/v1/tickets?status=in%20progress,new&priority=urgent")
        .await
        .expect(StatusCode::OK);
    assert_eq!(filtered["total"], 1);
    assert_eq!(filtered["items"][0]["id"], urgent["id"]);
    let mine = app
        .get(
            &carol,
            &format!(
                "/api/v1/tickets?submitter={}&unit={}",
                carol.user.id, app.org.first_level
            ),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(mine["total"], 8);
    let future = app
        .get(&carol, "/api/v1/tickets?updated_since=2999-01-01T00:00:00Z")
        .await
        .expect(StatusCode::OK);
    assert_eq!(future["total"], 0);
    let first = app.get(&carol, "/api/v1/tickets").await.expect(StatusCode::OK);
    assert_eq!(first["items"][0]["id"], urgent["id"], "most recently updated first");
}

guichet_store::backend_tests! {
    created_tickets_read_back_and_go_to_first_level,
    a_chosen_site_routes_to_its_unit,
    lists_filter_and_paginate,
}
