//! Bad input gets a clear error naming the field, and nothing is stored.

use reqwest::{Method, StatusCode};
use serde_json::json;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

async fn bad_tickets_are_refused_and_not_stored(db: TestStore) {
    let app = TestApp::on(db).await;
    let dan = app.caller("dan", Role::Requester).await;
    let cases = [
        (json!({ "description": "no subject" }), "subject"),
        (json!({ "subject": "   ", "description": "x" }), "subject"),
        (json!({ "subject": "x".repeat(251), "description": "x" }), "subject"),
        (json!({ "subject": "ok" }), "description"),
        (
            json!({ "subject": "ok", "description": "x", "priority": "urgent" }),
            "priority_justification",
        ),
        (
            json!({ "subject": "ok", "description": "x", "priority": "panic" }),
            "priority",
        ),
        (json!({ "subject": "ok", "description": "x", "vo": 9999 }), "vo"),
        (json!({ "subject": "ok", "description": "x", "site": 9999 }), "site"),
        (
            json!({ "subject": "ok", "description": "x", "cc": ["not an address"] }),
            "cc",
        ),
        (
            json!({ "subject": "ok", "description": "x", "visibility": "secret" }),
            "visibility",
        ),
        (
            json!({ "subject": "ok", "description": "x", "colour": "red" }),
            "colour",
        ),
        (json!({ "subject": 5, "description": "x" }), "subject"),
    ];
    for (body, field) in cases {
        let message = app.post(&dan, "/api/v1/tickets", body.clone()).await.expect_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some(field),
        );
        assert!(!message.is_empty(), "{body}");
    }
    let long = app
        .post(
            &dan,
            "/api/v1/tickets",
            json!({ "subject": "x".repeat(251), "description": "x" }),
        )
        .await;
    assert!(long.body["message"].as_str().unwrap().contains("251"));
    assert_eq!(app.store.ticket_count().await.unwrap(), 0, "nothing stored");
    assert!(
        app.store
            .events_after(guichet_store::EventPosition::default(), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn malformed_and_oversized_json_is_refused(db: TestStore) {
    let app = TestApp::on(db).await;
    let erin = app.caller("erin", Role::Requester).await;
    let response = app
        .client
        .post(format!("{}/api/v1/tickets", app.base))
        .bearer_auth(&erin.token)
        .header("content-type", "application/json")
        .body("{\"subject\": \"x\",")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_json");
    let huge = json!({ "subject": "big", "description": "x".repeat(3 * 1024 * 1024) });
    app.post(&erin, "/api/v1/tickets", huge)
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", None);
    assert_eq!(app.store.ticket_count().await.unwrap(), 0);
}

/// A path segment that is not an id, or a method a path does not take,
/// answers in the API's JSON error format.
async fn malformed_paths_and_methods_answer_json(db: TestStore) {
    let app = TestApp::on(db).await;
    let erin = app.caller("erin", Role::Supporter).await;
    app.get(&erin, "/api/v1/tickets/abc")
        .await
        .expect_error(StatusCode::BAD_REQUEST, "invalid_path", Some("id"));
    let ticket = app.open(&erin, "paths").await;
    let path = format!("/api/v1/tickets/{}/relations/99999999999999999999", ticket["id"]);
    let message = app.call(Some(&erin), Method::DELETE, &path, None).await.expect_error(
        StatusCode::BAD_REQUEST,
        "invalid_path",
        Some("relation"),
    );
    assert!(message.contains("99999999999999999999"), "{message}");
    app.call(Some(&erin), Method::PUT, "/api/v1/tickets", Some(json!({})))
        .await
        .expect_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", None);
}

async fn bad_updates_name_the_field_and_change_nothing(db: TestStore) {
    let app = TestApp::on(db).await;
    let fay = app.caller("fay", Role::Requester).await;
    let shifter = app.caller("sam", Role::Shifter).await;
    let ticket = app.open(&fay, "to be changed").await;
    let path = format!("/api/v1/tickets/{}", ticket["id"]);
    let cases = [
        (json!({ "status": "resolved" }), "status"),
        (json!({ "status": "solved" }), "qualifier"),
        (
            json!({ "status": "solved", "qualifier": "won't fix", "solution": "x" }),
            "qualifier",
        ),
        (json!({ "status": "solved", "qualifier": "fixed" }), "solution"),
        (json!({ "status": "on hold" }), "comment"),
        (json!({ "unit": 9999 }), "unit"),
        (json!({ "assignee": 9999 }), "assignee"),
        (json!({ "priority": "very urgent" }), "priority_justification"),
        (json!({ "subject": "y".repeat(251) }), "subject"),
        (json!({ "qualifier": "fixed" }), "qualifier"),
    ];
    for (body, field) in cases {
        app.patch(&shifter, &path, body)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some(field));
    }
    let after = app.get(&shifter, &path).await.expect(StatusCode::OK);
    assert_eq!(after, ticket, "nothing changed");
    let history = app
        .get(&shifter, &format!("{path}/history"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(history.as_array().unwrap().len(), 3, "only the creation entries");
    app.change(
        &shifter,
        &ticket["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": "done" }),
    )
    .await;
    let solved = app.get(&shifter, &path).await.expect(StatusCode::OK);
    let solved_history = app
        .get(&shifter, &format!("{path}/history"))
        .await
        .expect(StatusCode::OK);
    let events = app
        .store
        .events_after(guichet_store::EventPosition::default(), 100)
        .await
        .unwrap()
        .len();
    let illegal = app
        .patch(
            &shifter,
            &path,
            json!({ "status": "in progress", "comment": "reopening" }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("status"));
    assert!(
        illegal.contains("\"solved\"") && illegal.contains("\"in progress\""),
        "{illegal}"
    );
    assert_eq!(app.get(&shifter, &path).await.expect(StatusCode::OK), solved);
    assert_eq!(
        app.get(&shifter, &format!("{path}/history"))
            .await
            .expect(StatusCode::OK),
        solved_history
    );
    assert_eq!(
        app.store
            .events_after(guichet_store::EventPosition::default(), 100)
            .await
            .unwrap()
            .len(),
        events
    );
    app.call(Some(&shifter), Method::PATCH, "/api/v1/tickets/424242", Some(json!({})))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
}

async fn markup_and_sql_are_stored_verbatim(db: TestStore) {
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let nasty = "<script>alert('x')</script> '; DROP TABLE tickets; -- \" OR 1=1 --";
    let vo = app
        .post(&admin, "/api/v1/vos", json!({ "name": nasty }))
        .await
        .expect(StatusCode::CREATED);
    let unit = app
        .post(&admin, "/api/v1/units", json!({ "name": nasty, "kind": "expertise" }))
        .await
        .expect(StatusCode::CREATED);
    let body = json!({ "subject": nasty, "description": nasty, "priority": "urgent", "priority_justification": nasty, "vo": vo["id"] });
    let ticket = app
        .post(&admin, "/api/v1/tickets", body)
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(
        (ticket["subject"].as_str(), ticket["description"].as_str()),
        (Some(nasty), Some(nasty))
    );
    let article = app
        .post(
            &admin,
            &format!("/api/v1/tickets/{}/articles", ticket["id"]),
            json!({ "body": nasty }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(article["body"], nasty);
    app.change(&admin, &ticket["id"], json!({ "unit": unit["id"], "comment": nasty }))
        .await;
    assert_eq!(
        app.get(&admin, &format!("/api/v1/vos/{}", vo["id"]))
            .await
            .expect(StatusCode::OK)["name"],
        nasty
    );
    assert_eq!(
        app.get(&admin, &format!("/api/v1/units/{}", unit["id"]))
            .await
            .expect(StatusCode::OK)["name"],
        nasty
    );
    let history = app
        .get(&admin, &format!("/api/v1/tickets/{}/history", ticket["id"]))
        .await
        .expect(StatusCode::OK);
    assert!(
        history.as_array().unwrap().iter().any(|h| h["new"] == nasty),
        "justification kept verbatim"
    );
    let site = app
        .post(&admin, "/api/v1/sites", json!({ "name": nasty, "ngi": nasty }))
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(
        (site["name"].as_str(), site["ngi"].as_str()),
        (Some(nasty), Some(nasty))
    );
    let issue_type = app
        .post(&admin, "/api/v1/issue-types", json!({ "name": nasty }))
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(issue_type["name"], nasty);
    let person = json!({ "email": "o'brien@example.org", "name": nasty, "role": "requester", "dn": nasty });
    let user = app
        .post(&admin, "/api/v1/users", person)
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(
        (user["name"].as_str(), user["dn"].as_str(), user["email"].as_str()),
        (Some(nasty), Some(nasty), Some("o'brien@example.org"))
    );
    let other_nasty = "Robert'); DROP TABLE users;-- <img src=x onerror=alert(1)> &amp; %s %n \\";
    let solved = json!({ "status": "solved", "qualifier": "fixed", "solution": nasty, "subject": other_nasty });
    app.change(&admin, &ticket["id"], solved).await;
    let stored = app
        .get(&admin, &format!("/api/v1/tickets/{}", ticket["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(stored["subject"], other_nasty, "a changed subject is stored verbatim");
    let thread = app
        .get(&admin, &format!("/api/v1/tickets/{}/articles", ticket["id"]))
        .await
        .expect(StatusCode::OK);
    assert!(
        thread.as_array().unwrap().iter().filter(|a| a["body"] == nasty).count() >= 3,
        "reply, comment and solution verbatim"
    );
    let list = app.get(&admin, "/api/v1/tickets").await.expect(StatusCode::OK);
    assert_eq!(list["total"], 1, "the tickets table is still there");
}

guichet_store::backend_tests! {
    malformed_paths_and_methods_answer_json,
    bad_tickets_are_refused_and_not_stored,
    malformed_and_oversized_json_is_refused,
    bad_updates_name_the_field_and_change_nothing,
    markup_and_sql_are_stored_verbatim,
}
