//! What requesters may see and do.

use reqwest::{Method, StatusCode};
use serde_json::json;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

async fn requesters_never_see_others_private_tickets_nor_internal_notes(db: TestStore) {
    let app = TestApp::on(db).await;
    let owner = app.caller("owner", Role::Requester).await;
    let other = app.caller("other", Role::Requester).await;
    let expert = app.caller("expert", Role::Supporter).await;
    let private = app.open_private(&owner, "secret").await;
    let public = app.open(&owner, "public").await;
    let private_path = format!("/api/v1/tickets/{}", private["id"]);
    for suffix in ["", "/articles", "/history", "/relations", "/attachments"] {
        app.get(&other, &format!("{private_path}{suffix}")).await.expect_error(
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        );
    }
    let history_before = app
        .get(&expert, &format!("{private_path}/history"))
        .await
        .expect(StatusCode::OK);
    let writes = [
        (Method::PATCH, "", json!({ "cc": ["spy@example.org"] })),
        (Method::POST, "/articles", json!({ "body": "me too" })),
        (
            Method::POST,
            "/relations",
            json!({ "kind": "cross-reference", "target": public["id"] }),
        ),
        (Method::DELETE, "/relations/1", json!({})),
        (Method::POST, "/route", json!({})),
    ];
    for (method, suffix, body) in writes {
        app.call(Some(&other), method, &format!("{private_path}{suffix}"), Some(body))
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    }
    app.get(&owner, &private_path).await.expect(StatusCode::OK);
    let unchanged = app.get(&expert, &private_path).await.expect(StatusCode::OK);
    assert_eq!(unchanged, private, "no write reached the private ticket");
    for (suffix, expected) in [
        ("/history", history_before),
        ("/articles", json!([])),
        ("/relations", json!([])),
    ] {
        let now = app
            .get(&expert, &format!("{private_path}{suffix}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(now, expected, "{suffix}");
    }
    let seen = app.get(&other, "/api/v1/tickets").await.expect(StatusCode::OK);
    assert_eq!(seen["total"], 1);
    assert_eq!(seen["items"][0]["id"], public["id"]);
    let public_articles = format!("/api/v1/tickets/{}/articles", public["id"]);
    app.post(
        &expert,
        &public_articles,
        json!({ "kind": "internal note", "body": "site admin is on leave" }),
    )
    .await
    .expect(StatusCode::CREATED);
    app.post(&expert, &public_articles, json!({ "body": "We are looking into it." }))
        .await
        .expect(StatusCode::CREATED);
    let as_owner = app.get(&owner, &public_articles).await.expect(StatusCode::OK);
    assert_eq!(as_owner.as_array().unwrap().len(), 1, "no internal note: {as_owner}");
    assert_eq!(as_owner[0]["kind"], "public reply");
    assert_eq!(
        app.get(&expert, &public_articles)
            .await
            .expect(StatusCode::OK)
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

async fn requesters_may_not_route_nor_write_on_others_tickets(db: TestStore) {
    let app = TestApp::on(db).await;
    let owner = app.caller("owner", Role::Requester).await;
    let other = app.caller("other", Role::Requester).await;
    let ticket = app.open(&owner, "mine").await;
    let path = format!("/api/v1/tickets/{}", ticket["id"]);
    let unit = app.org.experts[0].0;
    let message =
        app.patch(&owner, &path, json!({ "unit": unit }))
            .await
            .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    assert!(message.contains("unit"), "{message}");
    app.patch(&other, &path, json!({ "cc": [] }))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.post(&other, &format!("{path}/articles"), json!({ "body": "me too" }))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.post(
        &owner,
        &format!("{path}/articles"),
        json!({ "kind": "internal note", "body": "x" }),
    )
    .await
    .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.post(
        &owner,
        &format!("{path}/relations"),
        json!({ "kind": "cross-reference", "target": 1 }),
    )
    .await
    .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let top = json!({ "priority": "top priority", "priority_justification": "everything is down" });
    app.patch(&owner, &path, top)
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let ok = app
        .patch(
            &owner,
            &path,
            json!({ "priority": "very urgent", "priority_justification": "no workaround", "cc": ["x@example.org"] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (ok["priority"].as_str(), ok["original_priority"].as_str()),
        (Some("very urgent"), Some("less urgent"))
    );
}

guichet_store::backend_tests! {
    requesters_never_see_others_private_tickets_nor_internal_notes,
    requesters_may_not_route_nor_write_on_others_tickets,
}
