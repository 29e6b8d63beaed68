//! Confirming an answer through the API: verification with a rating by the
//! signed-in submitter, and signed links redeemed without signing in.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use guichet_domain::deadlines::{ConfirmAction, Confirmation};
use guichet_domain::ids::TicketId;
use guichet_domain::role::Role;
use guichet_service::tickets::confirm::{ConfirmationLinks, confirmation_links};
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TestApp};

/// A ticket of `submitter`'s, solved by a supporter.
async fn solved(app: &TestApp, submitter: &Caller) -> Value {
    let expert = app.caller("expert", Role::Supporter).await;
    let ticket = app.open(submitter, "jobs fail").await;
    app.change(
        &expert,
        &ticket["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": "Patched." }),
    )
    .await
}

async fn links(app: &TestApp, ticket: &Value) -> ConfirmationLinks {
    let id = TicketId(ticket["id"].as_i64().unwrap());
    let stored = app.store.ticket(id).await.unwrap().ticket;
    confirmation_links(&app.ctx, &stored).await.unwrap().unwrap()
}

async fn redeem(app: &TestApp, body: Value) -> crate::helpers::Answer {
    app.call(None, Method::POST, "/api/v1/confirmations", Some(body)).await
}

async fn the_submitter_verifies_with_a_rating(db: TestStore) {
    let app = TestApp::on(db).await;
    let submitter = app.caller("req", Role::Requester).await;
    let ticket = solved(&app, &submitter).await;
    let path = format!("/api/v1/tickets/{}", ticket["id"]);
    let other = app.caller("other", Role::Requester).await;
    app.post(&other, &format!("{path}/verification"), json!({}))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    for bad in [
        json!({ "rating": 0 }),
        json!({ "rating": 6 }),
        json!({ "comment": "no stars" }),
    ] {
        app.post(&submitter, &format!("{path}/verification"), bad)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("rating"));
    }
    app.post(&submitter, &format!("{path}/verification"), json!({ "rating": "five" }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("rating"));
    app.get(&submitter, &format!("{path}/rating"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    let verified = app
        .post(
            &submitter,
            &format!("{path}/verification"),
            json!({ "rating": 5, "comment": "Fast." }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(verified["status"], "verified");
    let rating = app
        .get(&submitter, &format!("{path}/rating"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (rating["rating"].as_i64(), rating["comment"].as_str()),
        (Some(5), Some("Fast."))
    );
    assert_eq!(rating["rated_by"], submitter.user.id.0);
}

async fn a_signed_link_verifies_once(db: TestStore) {
    let app = TestApp::on(db).await;
    let submitter = app.caller("req", Role::Requester).await;
    let ticket = solved(&app, &submitter).await;
    let links = links(&app, &ticket).await;
    let token = links.verify.clone().unwrap();
    let mut tampered = token.clone().into_bytes();
    tampered[3] = if tampered[3] == b'0' { b'1' } else { b'0' };
    let refused = redeem(&app, json!({ "token": String::from_utf8(tampered).unwrap() }))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "link_refused", Some("token"));
    assert!(refused.contains("altered"), "{refused}");
    redeem(&app, json!({ "token": token, "rating": 9 })).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("rating"),
    );
    let path = format!("/api/v1/tickets/{}", ticket["id"]);
    let unchanged = app.get(&submitter, &path).await.expect(StatusCode::OK);
    assert_eq!(unchanged["status"], "solved", "refusals change nothing");
    let done = redeem(&app, json!({ "token": token, "rating": 4 }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (done["action"].as_str(), done["rated"].as_bool()),
        (Some("verify"), Some(true))
    );
    assert_eq!(done["ticket"]["status"], "verified");
    let history = app
        .get(&submitter, &format!("{path}/history"))
        .await
        .expect(StatusCode::OK);
    let by_submitter = history
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["field"] == "status" && e["new"] == "verified" && e["actor"] == submitter.user.id.0);
    assert!(by_submitter, "{history}");
    let again = redeem(&app, json!({ "token": token })).await.expect_error(
        StatusCode::BAD_REQUEST,
        "link_refused",
        Some("token"),
    );
    assert!(again.contains("already been used"), "{again}");
    redeem(&app, json!({ "token": links.reopen })).await.expect_error(
        StatusCode::BAD_REQUEST,
        "link_refused",
        Some("token"),
    );
}

async fn expired_and_outdated_links_are_refused(db: TestStore) {
    let app = TestApp::on(db).await;
    let submitter = app.caller("req", Role::Requester).await;
    let ticket = solved(&app, &submitter).await;
    let old = links(&app, &ticket).await;
    let key = app
        .store
        .deployment_secret("confirmation-links", &[0; 32])
        .await
        .unwrap();
    let expired = Confirmation {
        ticket: TicketId(ticket["id"].as_i64().unwrap()),
        action: ConfirmAction::Reopen,
        answered_at: app
            .store
            .ticket(TicketId(ticket["id"].as_i64().unwrap()))
            .await
            .unwrap()
            .ticket
            .status_changed_at,
        expires_at: chrono::Utc::now() - chrono::Duration::seconds(1),
    }
    .sign(&key);
    let message =
        redeem(&app, json!({ "token": expired }))
            .await
            .expect_error(StatusCode::GONE, "link_refused", Some("token"));
    assert!(message.contains("expired"), "{message}");
    let reopened = redeem(&app, json!({ "token": old.reopen }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(reopened["ticket"]["status"], "reopened");
    let expert = app.caller("expert2", Role::Supporter).await;
    app.change(
        &expert,
        &ticket["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": "Patched again." }),
    )
    .await;
    let message = redeem(&app, json!({ "token": old.verify.unwrap() }))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "link_refused", Some("token"));
    assert!(message.contains("out of date"), "a link of the old answer: {message}");
    let path = format!("/api/v1/tickets/{}", ticket["id"]);
    assert_eq!(
        app.get(&submitter, &path).await.expect(StatusCode::OK)["status"],
        "solved"
    );
}

async fn the_confirmation_endpoints_are_documented(db: TestStore) {
    let app = TestApp::on(db).await;
    let document = app
        .call(None, Method::GET, "/api/openapi.json", None)
        .await
        .expect(StatusCode::OK);
    for path in [
        "/api/v1/tickets/{id}/verification",
        "/api/v1/tickets/{id}/rating",
        "/api/v1/confirmations",
    ] {
        assert!(document["paths"][path].is_object(), "{path} is documented");
    }
    assert!(document["paths"]["/api/v1/confirmations"]["post"]["responses"]["410"].is_object());
}

guichet_store::backend_tests! {
    the_submitter_verifies_with_a_rating,
    a_signed_link_verifies_once,
    expired_and_outdated_links_are_refused,
    the_confirmation_endpoints_are_documented,
}
