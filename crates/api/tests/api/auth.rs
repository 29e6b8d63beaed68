//! Authentication: tokens in both header forms, sessions, disabled accounts, expiry.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use guichet_domain::role::Role;
use guichet_service::auth::token_hash;
use guichet_store::UserPatch;
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

async fn tokens_authenticate_in_both_header_forms(db: TestStore) {
    let app = TestApp::on(db).await;
    let gus = app.caller("gus", Role::Requester).await;
    app.call(None, Method::GET, "/api/v1/tickets", None).await.expect_error(
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
    let url = format!("{}/api/v1/tickets", app.base);
    for header in [
        format!("Bearer {}", gus.token),
        format!("Token token={}", gus.token),
        format!("Token token=\"{}\"", gus.token),
    ] {
        let response = app
            .client
            .get(&url)
            .header("authorization", header.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{header}");
    }
    let response = app
        .client
        .get(&url)
        .header("authorization", "Bearer not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let response = app
        .client
        .get(&url)
        .header("authorization", "Basic Z3VzOng=")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

async fn disabled_accounts_and_expired_credentials_are_refused(db: TestStore) {
    let app = TestApp::on(db).await;
    let hal = app.caller("hal", Role::Supporter).await;
    let expired = "expired-token";
    app.store
        .create_api_token(
            hal.user.id,
            &token_hash(expired),
            Utc::now() - Duration::hours(1),
            Some(Utc::now() - Duration::minutes(1)),
        )
        .await
        .unwrap();
    let response = app
        .client
        .get(format!("{}/api/v1/tickets", app.base))
        .bearer_auth(expired)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let session = "old-session";
    app.store
        .create_session(
            hal.user.id,
            &token_hash(session),
            Utc::now() - Duration::hours(1),
            Utc::now() - Duration::seconds(1),
        )
        .await
        .unwrap();
    let response = app
        .client
        .get(format!("{}/api/v1/tickets", app.base))
        .header("cookie", format!("guichet_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("expired"), "{body}");
    app.get(&hal, "/api/v1/tickets").await.expect(StatusCode::OK);
    app.store
        .update_user(
            hal.user.id,
            UserPatch {
                disabled: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let message =
        app.get(&hal, "/api/v1/tickets")
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthenticated", None);
    assert!(message.contains("disabled"), "{message}");
    let attempt = json!({ "subject": "written anyway?", "description": "x" });
    app.post(&hal, "/api/v1/tickets", attempt.clone()).await.expect_error(
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    );
    let with_expired = app
        .client
        .post(format!("{}/api/v1/tickets", app.base))
        .bearer_auth(expired)
        .json(&attempt)
        .send()
        .await
        .unwrap();
    assert_eq!(with_expired.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.store.ticket_count().await.unwrap(), 0, "nothing stored");
}

async fn password_sessions_sign_in_and_out(db: TestStore) {
    let app = TestApp::on(db).await;
    let ida = app.caller("ida", Role::Requester).await;
    let wrong = json!({ "email": "ida@example.org", "password": "nope-nope" });
    app.call(None, Method::POST, "/api/v1/session", Some(wrong))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthenticated", None);
    let response = app
        .client
        .post(format!("{}/api/v1/session", app.base))
        .json(&json!({ "email": "IDA@example.org", "password": "password-123" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let pair = cookie.split(';').next().unwrap().to_owned();
    let mine = app
        .client
        .get(format!("{}/api/v1/users/{}", app.base, ida.user.id))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status(), StatusCode::OK);
    let out = app
        .client
        .delete(format!("{}/api/v1/session", app.base))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let after = app
        .client
        .get(format!("{}/api/v1/tickets", app.base))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

guichet_store::backend_tests! {
    tokens_authenticate_in_both_header_forms,
    disabled_accounts_and_expired_credentials_are_refused,
    password_sessions_sign_in_and_out,
}
