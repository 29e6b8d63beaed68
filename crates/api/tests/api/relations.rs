//! Relations: cross-references, parent/child holds, master/slave cascades.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TestApp};

async fn relate(app: &TestApp, who: &Caller, from: &Value, kind: &str, to: &Value) -> Value {
    app.post(
        who,
        &format!("/api/v1/tickets/{}/relations", from["id"]),
        json!({ "kind": kind, "target": to["id"] }),
    )
    .await
    .expect(StatusCode::CREATED)
}

async fn status_of(app: &TestApp, who: &Caller, ticket: &Value) -> Value {
    app.get(who, &format!("/api/v1/tickets/{}", ticket["id"]))
        .await
        .expect(StatusCode::OK)
}

async fn cross_references_show_on_both_tickets(db: TestStore) {
    let app = TestApp::on(db).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let (a, b) = (app.open(&expert, "a").await, app.open(&expert, "b").await);
    let relation = relate(&app, &expert, &b, "cross-reference", &a).await;
    for t in [&a, &b] {
        let list = app
            .get(&expert, &format!("/api/v1/tickets/{}/relations", t["id"]))
            .await
            .expect(StatusCode::OK);
        assert_eq!(list[0]["id"], relation["id"]);
    }
    let again = app
        .post(
            &expert,
            &format!("/api/v1/tickets/{}/relations", a["id"]),
            json!({ "kind": "cross-reference", "target": b["id"] }),
        )
        .await;
    again.expect_error(StatusCode::CONFLICT, "conflict", None);
    let own = app
        .post(
            &expert,
            &format!("/api/v1/tickets/{}/relations", a["id"]),
            json!({ "kind": "cross-reference", "target": a["id"] }),
        )
        .await;
    own.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("target"));
    let unknown = app
        .post(
            &expert,
            &format!("/api/v1/tickets/{}/relations", a["id"]),
            json!({ "kind": "sibling", "target": b["id"] }),
        )
        .await;
    unknown.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("kind"));
    let path = format!("/api/v1/tickets/{}/relations/{}", a["id"], relation["id"]);
    app.call(Some(&expert), Method::DELETE, &path, None)
        .await
        .expect(StatusCode::NO_CONTENT);
    assert!(
        app.get(&expert, &format!("/api/v1/tickets/{}/relations", b["id"]))
            .await
            .expect(StatusCode::OK)
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn parents_wait_for_all_their_children(db: TestStore) {
    let app = TestApp::on(db).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let parent = app.open(&expert, "campaign of CE upgrades").await;
    let (first, second) = (
        app.open(&expert, "upgrade CE 1").await,
        app.open(&expert, "upgrade CE 2").await,
    );
    relate(&app, &expert, &parent, "parent-child", &first).await;
    relate(&app, &expert, &parent, "parent-child", &second).await;
    assert_eq!(status_of(&app, &expert, &parent).await["status"], "on hold");
    let early = app
        .patch(
            &expert,
            &format!("/api/v1/tickets/{}", parent["id"]),
            json!({ "status": "in progress" }),
        )
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    for child in [&first, &second] {
        let number = format!("#{}", child["number"]);
        assert!(early.contains(&number), "{number} named in {early}");
    }
    let cycle = app
        .post(
            &expert,
            &format!("/api/v1/tickets/{}/relations", first["id"]),
            json!({ "kind": "parent-child", "target": parent["id"] }),
        )
        .await;
    cycle.expect_error(StatusCode::CONFLICT, "conflict", None);
    app.change(
        &expert,
        &first["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": "CE 1 upgraded." }),
    )
    .await;
    assert_eq!(
        status_of(&app, &expert, &parent).await["status"],
        "on hold",
        "one child is still open"
    );
    app.change(
        &expert,
        &second["id"],
        json!({ "status": "unsolved", "qualifier": "won't fix", "solution": "CE 2 retired." }),
    )
    .await;
    assert_eq!(
        status_of(&app, &expert, &parent).await["status"],
        "in progress",
        "all children answered"
    );
    let notes = app
        .get(&expert, &format!("/api/v1/tickets/{}/articles", parent["id"]))
        .await
        .expect(StatusCode::OK);
    let logged: Vec<_> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        logged.iter().any(|b| b.contains("CE 1 upgraded.")) && logged.iter().any(|b| b.contains("CE 2 retired.")),
        "{logged:?}"
    );
    let history = app
        .get(&expert, &format!("/api/v1/tickets/{}/history", parent["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        history
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["field"] == "child")
            .count(),
        2
    );
    app.change(&expert, &second["id"], json!({ "status": "reopened" }))
        .await;
    assert_eq!(
        status_of(&app, &expert, &parent).await["status"],
        "on hold",
        "a reopened child holds its parent again"
    );
}

async fn requesters_do_not_learn_of_private_relatives(db: TestStore) {
    let app = TestApp::on(db).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let reader = app.caller("reader", Role::Requester).await;
    let other = app.caller("other", Role::Requester).await;
    let public = app.open(&reader, "storage slow everywhere").await;
    let private = app.open_private(&other, "our storage node").await;
    let shared = app.open(&other, "storage slow here too").await;
    relate(&app, &expert, &public, "parent-child", &private).await;
    relate(&app, &expert, &public, "cross-reference", &shared).await;
    let relations = format!("/api/v1/tickets/{}/relations", public["id"]);
    let all = app.get(&expert, &relations).await.expect(StatusCode::OK);
    assert_eq!(all.as_array().unwrap().len(), 2);
    let seen = app.get(&reader, &relations).await.expect(StatusCode::OK);
    let seen = seen.as_array().unwrap();
    assert_eq!(seen.len(), 1, "only the public relative: {seen:?}");
    assert_eq!(seen[0]["kind"], "cross-reference");
    app.change(
        &expert,
        &private["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": "Disk replaced." }),
    )
    .await;
    let child_notes = |history: Value| {
        history
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["field"] == "child")
            .count()
    };
    let path = format!("/api/v1/tickets/{}/history", public["id"]);
    assert_eq!(child_notes(app.get(&expert, &path).await.expect(StatusCode::OK)), 1);
    assert_eq!(child_notes(app.get(&reader, &path).await.expect(StatusCode::OK)), 0);
}

async fn solving_a_master_solves_its_slaves(db: TestStore) {
    let app = TestApp::on(db).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let submitter = app.caller("req", Role::Requester).await;
    let master = app.open(&expert, "network outage").await;
    let slave = app.open(&submitter, "cannot reach the portal").await;
    let relation = relate(&app, &expert, &master, "master-slave", &slave).await;
    let locked = status_of(&app, &expert, &slave).await;
    assert_eq!(
        (locked["status"].as_str(), locked["locked"].as_bool()),
        (Some("on hold"), Some(true))
    );
    let path = format!("/api/v1/tickets/{}", slave["id"]);
    app.patch(&expert, &path, json!({ "status": "in progress" }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    app.change(
        &expert,
        &master["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": "Router replaced." }),
    )
    .await;
    let solved = status_of(&app, &expert, &slave).await;
    assert_eq!(
        (solved["status"].as_str(), solved["qualifier"].as_str()),
        (Some("solved"), Some("fixed"))
    );
    let thread = app
        .get(&submitter, &format!("{path}/articles"))
        .await
        .expect(StatusCode::OK);
    assert!(
        thread
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "solution" && a["body"].as_str().unwrap().contains("Router replaced."))
    );
    let reopened = app
        .change(&submitter, &slave["id"], json!({ "status": "reopened" }))
        .await;
    assert_eq!(
        (reopened["status"].as_str(), reopened["locked"].as_bool()),
        (Some("reopened"), Some(false)),
        "each reopens on its own"
    );
    assert_eq!(status_of(&app, &expert, &master).await["status"], "solved");
    let delete = format!("/api/v1/tickets/{}/relations/{}", master["id"], relation["id"]);
    app.call(Some(&expert), Method::DELETE, &delete, None)
        .await
        .expect(StatusCode::NO_CONTENT);
}

guichet_store::backend_tests! {
    cross_references_show_on_both_tickets,
    parents_wait_for_all_their_children,
    solving_a_master_solves_its_slaves,
    requesters_do_not_learn_of_private_relatives,
}
