//! Preferences and subscriptions, and the protections of signing in:
//! sessions that end when idle, throttled guessing.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use guichet_domain::role::Role;
use guichet_service::auth::token_hash;
use guichet_store::testing::{Backend, TestStore, fresh};

use crate::helpers::TestApp;

async fn preferences_default_and_are_replaced(db: TestStore) {
    let app = TestApp::on(db).await;
    let pia = app.caller("pia", Role::Requester).await;
    let defaults = app.get(&pia, "/api/v1/me/preferences").await.expect(StatusCode::OK);
    assert_eq!(
        defaults,
        json!({ "language": null, "time_zone": "UTC", "notification_mode": "on solution" })
    );
    let chosen = json!({ "language": "fr", "time_zone": "Europe/Paris", "notification_mode": "on every change" });
    let saved = app
        .put(&pia, "/api/v1/me/preferences", chosen.clone())
        .await
        .expect(StatusCode::OK);
    assert_eq!(saved, chosen);
    assert_eq!(
        app.get(&pia, "/api/v1/me/preferences").await.expect(StatusCode::OK),
        chosen
    );
    let bad = json!({ "language": "fr", "time_zone": "Europe/Atlantis" });
    app.put(&pia, "/api/v1/me/preferences", bad).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("time_zone"),
    );
    let bad = json!({ "language": "de" });
    app.put(&pia, "/api/v1/me/preferences", bad).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("language"),
    );
    assert_eq!(
        app.get(&pia, "/api/v1/me/preferences").await.expect(StatusCode::OK),
        chosen,
        "unchanged"
    );
    let other = app.caller("oli", Role::Requester).await;
    let theirs = app.get(&other, "/api/v1/me/preferences").await.expect(StatusCode::OK);
    assert_eq!(theirs["language"], json!(null), "each person has their own");
}

async fn people_follow_the_tickets_they_may_see(db: TestStore) {
    let app = TestApp::on(db).await;
    let rita = app.caller("rita", Role::Requester).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let remi = app.caller("remi", Role::Requester).await;
    let public = app.open(&rita, "CE down").await;
    let private = app.open_private(&rita, "private matter").await;
    let path = format!("/api/v1/tickets/{}/subscription", public["id"]);
    let state = app.get(&sam, &path).await.expect(StatusCode::OK);
    assert_eq!(state, json!({ "subscribed": false }));
    for _ in 0..2 {
        app.put(&sam, &path, json!(null)).await.expect(StatusCode::NO_CONTENT);
    }
    app.put(&remi, &path, json!(null)).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&sam, &path).await.expect(StatusCode::OK),
        json!({ "subscribed": true })
    );
    let followers = format!("/api/v1/tickets/{}/subscribers", public["id"]);
    let listed = app.get(&sam, &followers).await.expect(StatusCode::OK);
    let emails: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["sam@example.org", "remi@example.org"], "once each");
    app.get(&remi, &followers)
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let mine = app.get(&sam, "/api/v1/me/subscriptions").await.expect(StatusCode::OK);
    assert_eq!(mine[0]["ticket"], public["id"]);
    assert_eq!(mine[0]["number"], public["number"]);
    app.delete(&sam, &path).await.expect(StatusCode::NO_CONTENT);
    app.delete(&sam, &path).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&sam, &path).await.expect(StatusCode::OK),
        json!({ "subscribed": false })
    );
    let hidden = format!("/api/v1/tickets/{}/subscription", private["id"]);
    app.put(&remi, &hidden, json!(null))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    assert!(
        app.store
            .subscribers(guichet_domain::ids::TicketId(private["id"].as_i64().unwrap()))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn sign_in(app: &TestApp, password: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/session", app.base))
        .json(&json!({ "email": "gus@example.org", "password": password }))
        .send()
        .await
        .unwrap()
}

async fn guessing_a_password_is_throttled(db: TestStore) {
    let app = TestApp::on(db).await;
    app.caller("gus", Role::Requester).await;
    for _ in 0..5 {
        assert_eq!(sign_in(&app, "wrong-guess").await.status(), StatusCode::UNAUTHORIZED);
    }
    let refused = sign_in(&app, "password-123").await;
    assert_eq!(
        refused.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password, for now"
    );
    let wait: i64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "too_many_attempts");
    app.caller("hal", Role::Requester).await;
    let other = app
        .call(
            None,
            Method::POST,
            "/api/v1/session",
            Some(json!({ "email": "hal@example.org", "password": "password-123" })),
        )
        .await;
    assert_eq!(
        other.status,
        StatusCode::OK,
        "other accounts are not locked out by one guesser"
    );
}

/// Failures through two nodes count together.
#[tokio::test]
async fn throttling_counts_across_two_postgres_nodes() {
    let Some(db) = fresh(Backend::Postgres).await else {
        return;
    };
    let first = TestApp::on(db).await;
    let second = first.another_node().await;
    first.caller("gus", Role::Requester).await;
    for node in [&first, &second, &first, &second, &first] {
        assert_eq!(sign_in(node, "wrong-guess").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        sign_in(&second, "password-123").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_in(&first, "password-123").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn idle_sessions_end(db: TestStore) {
    let app = TestApp::on(db).await;
    let ida = app.caller("ida", Role::Requester).await;
    let now = Utc::now();
    for (token, last_used) in [
        ("idle-session", Duration::hours(3)),
        ("busy-session", Duration::minutes(30)),
    ] {
        app.store
            .create_session(
                ida.user.id,
                &token_hash(token),
                now - last_used,
                now + Duration::hours(9),
            )
            .await
            .unwrap();
    }
    let with = |token: &str| {
        app.client
            .get(format!("{}/api/v1/me/preferences", app.base))
            .header("cookie", format!("guichet_session={token}"))
            .send()
    };
    let idle = with("idle-session").await.unwrap();
    assert_eq!(idle.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = idle.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("without use"), "{body}");
    assert_eq!(with("busy-session").await.unwrap().status(), StatusCode::OK);
    let busy = app
        .store
        .user_by_session(&token_hash("busy-session"))
        .await
        .unwrap()
        .unwrap();
    assert!(busy.last_seen_at > now - Duration::minutes(1), "its use is recorded");
}

guichet_store::backend_tests! {
    preferences_default_and_are_replaced,
    people_follow_the_tickets_they_may_see,
    guessing_a_password_is_throttled,
    idle_sessions_end,
}
