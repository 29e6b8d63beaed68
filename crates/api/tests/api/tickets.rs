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
    let events = app
        .store
        .events_after(guichet_store::EventPosition::default(), 100)
        .await
        .unwrap();
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

async fn lists_filter_by_site_and_vo(db: TestStore) {
    let app = TestApp::on(db).await;
    let vic = app.caller("vic", Role::Requester).await;
    let (site, _) = app.org.sites[3];
    let (other_site, _) = app.org.sites[4];
    let (vo, other_vo) = (app.org.vos[0].0, app.org.vos[1].0);
    let open = |subject: &'static str, site, vo| {
        let body = json!({ "subject": subject, "description": "x", "site": site, "vo": vo });
        app.post(&vic, "/api/v1/tickets", body)
    };
    let both = open("site and VO", Some(site.0), Some(vo))
        .await
        .expect(StatusCode::CREATED);
    open("other site, other VO", Some(other_site.0), Some(other_vo))
        .await
        .expect(StatusCode::CREATED);
    open("no site, the VO", None, Some(vo))
        .await
        .expect(StatusCode::CREATED);
    open("nothing", None, None).await.expect(StatusCode::CREATED);
    let subjects = |page: &serde_json::Value| {
        let mut found: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["subject"].as_str().unwrap().to_owned())
            .collect();
        found.sort();
        (page["total"].as_i64(), found)
    };
    let by_site = app
        .get(&vic, &format!("/api/v1/tickets?site={}", site.0))
        .await
        .expect(StatusCode::OK);
    assert_eq!(subjects(&by_site), (Some(1), vec!["site and VO".to_owned()]));
    assert_eq!(by_site["items"][0]["id"], both["id"]);
    let by_vo = app
        .get(&vic, &format!("/api/v1/tickets?vo={vo}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        subjects(&by_vo),
        (Some(2), vec!["no site, the VO".to_owned(), "site and VO".to_owned()])
    );
    let by_both = app
        .get(&vic, &format!("/api/v1/tickets?site={}&vo={other_vo}", site.0))
        .await
        .expect(StatusCode::OK);
    assert_eq!(subjects(&by_both), (Some(0), vec![]));
}

async fn every_field_change_is_stored_with_its_history(db: TestStore) {
    let app = TestApp::on(db).await;
    let rita = app.caller("rita", Role::Requester).await;
    let shifter = app.caller("sam", Role::Shifter).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let ticket = app.open(&rita, "jobs fail everywhere").await;
    let (site, _) = app.org.sites[1];
    let (vo, issue_type) = (app.org.vos[2].0, app.org.issue_types[0].0);
    let units = [app.org.experts[0].0, app.org.experts[3].0];
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    let body = json!({
        "involved": { "units": units, "users": [expert.user.id.0] },
        "site": site.0, "vo": vo, "type": issue_type, "assignee": expert.user.id.0,
    });
    let changed = app.change(&shifter, &ticket["id"], body).await;
    let after = chrono::Utc::now() + chrono::Duration::seconds(1);
    assert_eq!(
        changed["involved"],
        json!({ "units": units, "users": [expert.user.id.0] })
    );
    let fields = ["site", "vo", "type", "assignee"];
    let values: Vec<_> = fields.iter().map(|f| changed[*f].as_i64()).collect();
    assert_eq!(
        values,
        [Some(site.0), Some(vo), Some(issue_type), Some(expert.user.id.0)]
    );
    let path = format!("/api/v1/tickets/{}", ticket["id"]);
    assert_eq!(app.get(&rita, &path).await.expect(StatusCode::OK), changed, "stored");
    let history = app.get(&rita, &format!("{path}/history")).await.expect(StatusCode::OK);
    let entry = |field: &str| {
        history
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["field"] == field)
            .unwrap_or_else(|| panic!("no history of {field}: {history}"))
            .clone()
    };
    let expected = [
        ("involved_units", format!("{}, {}", units[0], units[1])),
        ("involved_users", expert.user.id.0.to_string()),
        ("site", site.0.to_string()),
        ("vo", vo.to_string()),
        ("type", issue_type.to_string()),
        ("assignee", expert.user.id.0.to_string()),
    ];
    for (field, new) in expected {
        let h = entry(field);
        assert_eq!(
            (h["actor"].as_i64(), h["old"].as_str(), h["new"].as_str()),
            (Some(shifter.user.id.0), None, Some(new.as_str())),
            "{field}: {h}"
        );
        let at: chrono::DateTime<chrono::Utc> = h["at"].as_str().unwrap().parse().unwrap();
        assert!(before <= at && at <= after, "{field} changed at {at}");
    }
    let cleared = json!({ "involved": { "units": [] }, "site": null, "vo": null, "type": null, "assignee": null });
    let cleared = app.change(&shifter, &ticket["id"], cleared).await;
    assert_eq!(cleared["involved"], json!({ "units": [], "users": [] }));
    assert!(fields.iter().all(|f| cleared[*f].is_null()), "{cleared}");
    let history = app.get(&rita, &format!("{path}/history")).await.expect(StatusCode::OK);
    let site_changes: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["field"] == "site")
        .map(|h| (h["old"].as_str(), h["new"].as_str()))
        .collect();
    let site_text = site.0.to_string();
    assert_eq!(
        site_changes,
        [(None, Some(site_text.as_str())), (Some(site_text.as_str()), None)]
    );
}

guichet_store::backend_tests! {
    created_tickets_read_back_and_go_to_first_level,
    a_chosen_site_routes_to_its_unit,
    lists_filter_and_paginate,
    lists_filter_by_site_and_vo,
    every_field_change_is_stored_with_its_history,
}
