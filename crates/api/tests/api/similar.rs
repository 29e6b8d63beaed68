//! `GET /api/v1/similar`: solved cases like a text, with their solutions,
//! kept to what each role may see.

use reqwest::StatusCode;
use serde_json::{Value, json};

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TestApp, encoded};

async fn similar(app: &TestApp, caller: &Caller, text: &str) -> Vec<Value> {
    let found = app
        .get(caller, &format!("/api/v1/similar?text={}", encoded(text)))
        .await
        .expect(StatusCode::OK);
    found["items"].as_array().unwrap().clone()
}

fn numbers(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["number"].as_i64().unwrap()).collect()
}

/// Opens a ticket as `owner` and has `expert` solve it with `solution`.
async fn solved(
    app: &TestApp,
    owner: &Caller,
    expert: &Caller,
    subject: &str,
    description: &str,
    solution: &str,
) -> Value {
    let body = json!({ "subject": subject, "description": description });
    let ticket = app
        .post(owner, "/api/v1/tickets", body)
        .await
        .expect(StatusCode::CREATED);
    app.change(
        expert,
        &ticket["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": solution }),
    )
    .await;
    ticket
}

/// A solved ticket sharing the text's rare words comes first, with its
/// solution; open tickets are not cases; a ticket can be left out.
async fn similar_finds_solved_cases_with_their_solutions(db: TestStore) {
    let app = TestApp::on(db).await;
    let kim = app.caller("kim", Role::Requester).await;
    let expert = app.caller("expert", Role::Supporter).await;
    let squid = solved(
        &app,
        &kim,
        &expert,
        "Frontier squid refuses clients",
        "The squid on our site answers 403 to the worker nodes since the upgrade.",
        "Add the new worker-node subnet to the squid ACL.",
    )
    .await;
    solved(
        &app,
        &kim,
        &expert,
        "Batch jobs held",
        "HTCondor holds every job on the worker nodes.",
        "Restarted the schedd.",
    )
    .await;
    let open = app.open(&kim, "squid ACL question still open").await;
    let found = similar(&app, &kim, "Nos noeuds reçoivent 403 du squid depuis la mise à jour").await;
    assert_eq!(numbers(&found)[0], squid["number"].as_i64().unwrap(), "{found:?}");
    assert!(!numbers(&found).contains(&open["number"].as_i64().unwrap()));
    let best = &found[0];
    assert_eq!(best["kind"], "ticket");
    assert_eq!(best["solution"], "Add the new worker-node subnet to the squid ACL.");
    assert!(
        best["title_html"].as_str().unwrap().contains("<mark>squid</mark>"),
        "{best}"
    );
    assert!(best["snippet"].as_str().unwrap().contains("<mark>"), "{best}");
    let path = format!(
        "/api/v1/similar?text=squid+403&except={}",
        squid["number"].as_i64().unwrap()
    );
    let without = app.get(&kim, &path).await.expect(StatusCode::OK);
    assert!(
        !numbers(without["items"].as_array().unwrap()).contains(&squid["number"].as_i64().unwrap()),
        "{without}"
    );
    assert!(similar(&app, &kim, "zzzunknownword").await.is_empty());
}

/// Over every role: a private solved ticket is a case only for supporters
/// and its submitter; nobody signed out asks; bad input names its field.
async fn similar_keeps_to_what_each_role_may_see(db: TestStore) {
    let app = TestApp::on(db).await;
    let owner = app.caller("owner", Role::Requester).await;
    let expert = app.caller("expert", Role::Supporter).await;
    let ticket = app
        .post(
            &owner,
            "/api/v1/tickets",
            json!({ "subject": "xrootd redirector private", "description": "Redirector loops.", "visibility": "private" }),
        )
        .await
        .expect(StatusCode::CREATED);
    app.change(
        &expert,
        &ticket["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": "Fixed the redirector's secret key." }),
    )
    .await;
    for role in Role::ALL {
        let caller = app.caller(&format!("someone-{}", role.as_str()), *role).await;
        let found = similar(&app, &caller, "xrootd redirector").await;
        if role.is_supporter() {
            assert_eq!(found.len(), 1, "{role:?}");
        } else {
            assert!(found.is_empty(), "{role:?}: {found:?}");
        }
    }
    assert_eq!(similar(&app, &owner, "xrootd redirector").await.len(), 1, "their own");
    app.call(None, reqwest::Method::GET, "/api/v1/similar?text=xrootd", None)
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthenticated", None);
    for text in ["", "the and of", "%20%20"] {
        app.get(&owner, &format!("/api/v1/similar?text={text}"))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("text"));
    }
    app.get(&owner, "/api/v1/similar?text=xrootd&except=abc")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("except"));
    let long = "xrootd ".repeat(5_000);
    let found = app
        .get(&owner, &format!("/api/v1/similar?text={}", encoded(&long)))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        found["items"].as_array().unwrap().len(),
        1,
        "a long text is read in part"
    );
}

guichet_store::backend_tests! {
    similar_finds_solved_cases_with_their_solutions,
    similar_keeps_to_what_each_role_may_see,
}
