//! Several stateless nodes on one PostgreSQL: what one node writes, another
//! reads, and concurrent writes through both lose nothing.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use guichet_domain::role::Role;
use guichet_store::testing::{Backend, fresh};

use crate::helpers::{Caller, TestApp};

/// Two nodes, each a server with its own pools and ticket writer; `None`
/// (with a notice) where PostgreSQL may be missing outside CI.
async fn two_nodes() -> Option<(TestApp, TestApp)> {
    let first = TestApp::on(fresh(Backend::Postgres).await?).await;
    let second = first.another_node().await;
    Some((first, second))
}

/// Sends `body` with `method` to `path` on the node at `base`, as `token`.
async fn send(base: String, token: String, method: reqwest::Method, path: String, body: Value) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

/// The node that serves request `i`: the two take turns.
fn turn(nodes: &(TestApp, TestApp), i: usize) -> &TestApp {
    if i.is_multiple_of(2) { &nodes.0 } else { &nodes.1 }
}

#[tokio::test]
async fn tickets_opened_on_two_nodes_at_once_are_all_kept() {
    let Some(nodes) = two_nodes().await else { return };
    let rita: Caller = nodes.0.caller("rita", Role::Requester).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let body = json!({ "subject": format!("opened together {i}"), "description": "Both nodes at once." });
        let request = send(
            turn(&nodes, i).base.clone(),
            rita.token.clone(),
            reqwest::Method::POST,
            "/api/v1/tickets".into(),
            body,
        );
        tasks.spawn(async move { (i, request.await) });
    }
    let mut ids = HashSet::new();
    for (i, (status, ticket)) in tasks.join_all().await {
        assert_eq!(status, StatusCode::CREATED, "{ticket}");
        assert!(
            ids.insert(ticket["id"].as_i64().unwrap()),
            "ticket {i} has an id of its own"
        );
        let elsewhere = turn(&nodes, i + 1)
            .get(&rita, &format!("/api/v1/tickets/{}", ticket["id"]))
            .await;
        assert_eq!(
            elsewhere.expect(StatusCode::OK),
            ticket,
            "the other node reads ticket {i} as created"
        );
    }
    assert_eq!(ids.len(), 40);
}

#[tokio::test]
async fn concurrent_changes_through_two_nodes_lose_no_history() {
    let Some(nodes) = two_nodes().await else { return };
    let rita = nodes.0.caller("rita", Role::Requester).await;
    let cora = nodes.1.caller("cora", Role::Coordinator).await;
    let ticket = nodes.1.open(&rita, "changed from everywhere").await;
    let path = format!("/api/v1/tickets/{}", ticket["id"]);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..8 {
        let body = json!({ "cc": [format!("watcher{i}@example.org")] });
        let request = send(
            turn(&nodes, i).base.clone(),
            cora.token.clone(),
            reqwest::Method::PATCH,
            path.clone(),
            body,
        );
        tasks.spawn(request);
    }
    let mut applied = 0;
    for (status, body) in tasks.join_all().await {
        match status {
            StatusCode::OK => applied += 1,
            // Three attempts in a row lost to the other writers: refused whole.
            StatusCode::CONFLICT => assert_eq!(body["error"], "conflict", "{body}"),
            other => panic!("unexpected answer {other}: {body}"),
        }
    }
    assert!(applied >= 1, "at least one change got through");
    let history = nodes
        .0
        .get(&rita, &format!("{path}/history"))
        .await
        .expect(StatusCode::OK);
    let cc: Vec<&Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["field"] == "cc")
        .collect();
    assert_eq!(cc.len(), applied, "one history entry per applied change: {history}");
    let mut previous = Value::Null;
    for entry in &cc {
        assert_eq!(
            entry["old"], previous,
            "each change starts from the one before: {history}"
        );
        previous = entry["new"].clone();
    }
    let stored = nodes.1.get(&rita, &path).await.expect(StatusCode::OK);
    assert_eq!(
        stored["cc"],
        json!([previous]),
        "the last change in the history is the stored value"
    );
}
