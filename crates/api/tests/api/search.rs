//! `GET /api/v1/search`: results, snippets, pages, bad queries, and what
//! every role may find.

use reqwest::StatusCode;
use serde_json::{Value, json};

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TestApp, encoded};

async fn search(app: &TestApp, caller: &Caller, query: &str) -> Value {
    app.get(caller, &format!("/api/v1/search?q={}", encoded(query)))
        .await
        .expect(StatusCode::OK)
}

fn kinds_and_ids(found: &Value) -> Vec<(String, i64)> {
    found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap().to_owned(), i["id"].as_i64().unwrap()))
        .collect()
}

/// A reply is found as soon as it is posted, with its words marked in
/// the snippet and the page described as the ticket list's is.
async fn search_finds_a_reply_at_once_with_a_marked_snippet(db: TestStore) {
    let app = TestApp::on(db).await;
    let kim = app.caller("kim", Role::Requester).await;
    let ticket = app.open(&kim, "CVMFS repository stale").await;
    let path = format!("/api/v1/tickets/{}/articles", ticket["id"]);
    app.post(
        &kim,
        &path,
        json!({ "body": "Les serveurs Stratum-1 <b>refusent</b> les connexions." }),
    )
    .await
    .expect(StatusCode::CREATED);
    let found = search(&app, &kim, "connexion refusée").await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(
        (found["page"].as_i64(), found["per_page"].as_i64()),
        (Some(1), Some(25))
    );
    assert_eq!(found["total_exact"], true);
    let item = &found["items"][0];
    assert_eq!(item["kind"], "ticket");
    assert_eq!(item["id"], ticket["id"]);
    assert_eq!(item["number"], ticket["number"]);
    assert_eq!(item["title"], "CVMFS repository stale");
    assert!(item["score"].as_f64().unwrap() > 0.0);
    let snippet = item["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("&lt;b&gt;<mark>refusent</mark>&lt;/b&gt; les <mark>connexions</mark>"),
        "{snippet}"
    );
    let by_number = search(&app, &kim, &ticket["number"].to_string()).await;
    assert_eq!(
        kinds_and_ids(&by_number),
        [("ticket".to_owned(), ticket["id"].as_i64().unwrap())]
    );
}

/// Queries the rules refuse are 422 on `q`; broken syntax is plain words.
async fn search_refuses_bad_queries_by_naming_the_field(db: TestStore) {
    let app = TestApp::on(db).await;
    let kim = app.caller("kim", Role::Requester).await;
    app.open(&kim, "quote \"unbalanced").await;
    let long = "a".repeat(10_000);
    for (q, needle) in [
        ("", "give one or more words"),
        (long.as_str(), "10000 characters"),
        ("-only -excluded", "only excludes"),
    ] {
        let message = app
            .get(&kim, &format!("/api/v1/search?q={}", encoded(q)))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("q"));
        assert!(message.contains(needle), "{q:.20}: {message}");
    }
    app.get(&kim, "/api/v1/search")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("q"));
    for q in [
        "\"unbalanced",
        "a:b(c)",
        "NEAR(x y) ^z {w} *",
        "col:*",
        "'; DROP TABLE tickets; --",
    ] {
        search(&app, &kim, q).await;
    }
    for q in ["OR", "AND NOT", "\"\"", "*", "-"] {
        let message = app
            .get(&kim, &format!("/api/v1/search?q={}", encoded(q)))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("q"));
        assert!(message.contains("give one or more words"), "{q}: {message}");
    }
    assert_eq!(search(&app, &kim, "\"unbalanced").await["total"], 1);
    for (param, field) in [
        ("status=asleep", "status"),
        ("unit=x", "unit"),
        ("from=monday", "from"),
        ("per_page=500", "per_page"),
    ] {
        app.get(&kim, &format!("/api/v1/search?q=x&{param}"))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some(field));
    }
    app.get(&kim, "/api/v1/search?q=x&from=2026-02-01&until=2026-01-01")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("until"));
}

/// Over every role: only supporters find others' private tickets and
/// internal notes; a requester finds their own private ticket, never a
/// note, neither in results nor in snippets; nobody signed out searches.
async fn search_keeps_to_what_each_role_may_see(db: TestStore) {
    let app = TestApp::on(db).await;
    let owner = app.caller("owner", Role::Requester).await;
    let expert = app.caller("expert", Role::Supporter).await;
    let public = app.open(&owner, "gridftp public transfer").await;
    let private = app.open_private(&owner, "gridftp private transfer").await;
    let notes = format!("/api/v1/tickets/{}/articles", public["id"]);
    app.post(
        &expert,
        &notes,
        json!({ "kind": "internal note", "body": "gridftp root password rotated" }),
    )
    .await
    .expect(StatusCode::CREATED);
    let public_id = public["id"].as_i64().unwrap();
    let private_id = private["id"].as_i64().unwrap();
    for role in guichet_domain::role::Role::ALL {
        let caller = app.caller(&format!("someone-{}", role.as_str()), *role).await;
        let mut found = kinds_and_ids(&search(&app, &caller, "gridftp").await);
        found.sort();
        let everything = search(&app, &caller, "gridftp").await.to_string();
        if role.is_supporter() {
            let mut expected = vec![
                ("note".to_owned(), public_id),
                ("ticket".to_owned(), public_id),
                ("ticket".to_owned(), private_id),
            ];
            expected.sort();
            assert_eq!(found, expected, "{role:?}");
        } else {
            assert_eq!(found, [("ticket".to_owned(), public_id)], "{role:?}");
            assert!(!everything.contains("password"), "{role:?}: {everything}");
            assert_eq!(search(&app, &caller, "password").await["total"], 0);
            let number = private["number"].to_string();
            assert_eq!(search(&app, &caller, &number).await["total"], 0, "not by number");
        }
    }
    let own = kinds_and_ids(&search(&app, &owner, "gridftp").await);
    assert_eq!(own.len(), 2, "their own private ticket too: {own:?}");
    assert_eq!(search(&app, &owner, "password").await["total"], 0);
    app.call(None, reqwest::Method::GET, "/api/v1/search?q=gridftp", None)
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthenticated", None);
}

guichet_store::backend_tests! {
    search_finds_a_reply_at_once_with_a_marked_snippet,
    search_refuses_bad_queries_by_naming_the_field,
    search_keeps_to_what_each_role_may_see,
}
