//! The knowledge base over the API: who writes and reads answers, bad
//! input named by field, promotion of a solved ticket's solution,
//! citations both ways, portal links, and answers in search results.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TestApp};

fn answer(title: &str, visibility: &str) -> Value {
    json!({
        "title_en": title,
        "body_en": format!("How to fix **{title}**."),
        "title_fr": format!("{title} (fr)"),
        "body_fr": "Voir la version anglaise.",
        "visibility": visibility,
    })
}

async fn write(app: &TestApp, caller: &Caller, title: &str, visibility: &str) -> Value {
    app.post(caller, "/api/v1/answers", answer(title, visibility))
        .await
        .expect(StatusCode::CREATED)
}

async fn anonymous(app: &TestApp, path: &str) -> crate::helpers::Answer {
    app.call(None, Method::GET, path, None).await
}

/// Supporters, coordinators and admins write answers; requesters may not;
/// internal answers are hidden from requesters and visitors not signed in.
async fn only_supporters_write_and_internal_answers_stay_internal(db: TestStore) {
    let app = TestApp::on(db).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let cora = app.caller("cora", Role::Coordinator).await;
    let ada = app.caller("ada", Role::Admin).await;
    let kim = app.caller("kim", Role::Requester).await;
    let public = write(&app, &sam, "Proxy expired", "public").await;
    assert_eq!(public["visibility"], "public");
    assert_eq!(public["title_fr"], "Proxy expired (fr)");
    let internal = write(&app, &cora, "Door restart", "internal").await;
    write(&app, &ada, "Admin note", "internal").await;
    app.post(&kim, "/api/v1/answers", answer("Mine", "public"))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let internal_path = format!("/api/v1/answers/{}", internal["id"]);
    app.put(&kim, &internal_path, answer("Changed", "public"))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.delete(&kim, &internal_path)
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);

    let titles = |list: Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|a| a["title_en"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        titles(app.get(&sam, "/api/v1/answers").await.expect(StatusCode::OK)),
        ["Proxy expired", "Door restart", "Admin note"]
    );
    assert_eq!(
        titles(app.get(&kim, "/api/v1/answers").await.expect(StatusCode::OK)),
        ["Proxy expired"]
    );
    assert_eq!(
        titles(anonymous(&app, "/api/v1/answers").await.expect(StatusCode::OK)),
        ["Proxy expired"]
    );
    app.get(&kim, &internal_path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    anonymous(&app, &internal_path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    let public_path = format!("/api/v1/answers/{}", public["id"]);
    assert_eq!(
        anonymous(&app, &public_path).await.expect(StatusCode::OK)["id"],
        public["id"]
    );

    let changed = app
        .put(&sam, &internal_path, answer("Door restart v2", "public"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(changed["title_en"], "Door restart v2");
    assert_eq!(
        anonymous(&app, &internal_path).await.expect(StatusCode::OK)["visibility"],
        "public"
    );
    app.delete(&sam, &internal_path).await.expect(StatusCode::NO_CONTENT);
    app.get(&sam, &internal_path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
}

/// Bad input is 422 naming the field.
async fn bad_answers_are_refused_by_field(db: TestStore) {
    let app = TestApp::on(db).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let cases = [
        (json!({ "title_en": " ", "body_en": "x" }), "title"),
        (json!({ "title_en": "T", "body_en": "" }), "body_en"),
        (
            json!({ "title_fr": "", "body_fr": "corps", "title_en": "T", "body_en": "B" }),
            "title_fr",
        ),
        (json!({ "title_en": "T".repeat(201), "body_en": "B" }), "title_en"),
        (
            json!({ "title_en": "T", "body_en": "B", "visibility": "secret" }),
            "visibility",
        ),
        (json!({ "title_en": "T", "body_en": "B", "unit": 9999 }), "unit"),
        (json!({ "title_en": "T", "body_en": "B", "category": 9999 }), "category"),
    ];
    for (body, field) in cases {
        app.post(&sam, "/api/v1/answers", body).await.expect_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some(field),
        );
    }
    app.post(&sam, "/api/v1/kb-categories", json!({ "name_en": "", "name_fr": " " }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("name"));
}

/// A unit's FAQ and a category list their answers.
async fn units_have_their_faq_and_answers_their_category(db: TestStore) {
    let app = TestApp::on(db).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let ada = app.caller("ada", Role::Admin).await;
    let unit = app
        .post(&ada, "/api/v1/units", json!({ "name": "Storage", "kind": "expertise" }))
        .await
        .expect(StatusCode::CREATED);
    let category = app
        .post(
            &sam,
            "/api/v1/kb-categories",
            json!({ "name_en": "Storage", "name_fr": "Stockage" }),
        )
        .await
        .expect(StatusCode::CREATED);
    let mut body = answer("Pool full", "public");
    body["unit"] = unit["id"].clone();
    body["category"] = category["id"].clone();
    let faq = app
        .post(&sam, "/api/v1/answers", body)
        .await
        .expect(StatusCode::CREATED);
    write(&app, &sam, "Elsewhere", "public").await;
    let of_unit = anonymous(&app, &format!("/api/v1/answers?unit={}", unit["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(of_unit.as_array().unwrap().len(), 1);
    assert_eq!(of_unit[0]["id"], faq["id"]);
    let of_category = anonymous(&app, &format!("/api/v1/answers?category={}", category["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(of_category[0]["id"], faq["id"]);
    app.get(&sam, "/api/v1/answers?unit=abc").await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("unit"),
    );
    let categories = anonymous(&app, "/api/v1/kb-categories").await.expect(StatusCode::OK);
    assert_eq!(categories[0]["name_fr"], "Stockage");
    let renamed = format!("/api/v1/kb-categories/{}", category["id"]);
    let names = json!({ "name_en": "Disk storage", "name_fr": "Stockage disque" });
    let kim = app.caller("kim", Role::Requester).await;
    app.put(&kim, &renamed, names.clone())
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.put(&sam, &renamed, json!({ "name_en": " " })).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("name"),
    );
    app.put(&sam, "/api/v1/kb-categories/9999", names.clone())
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    let category = app.put(&sam, &renamed, names).await.expect(StatusCode::OK);
    assert_eq!(category["name_en"], "Disk storage");
    let categories = anonymous(&app, "/api/v1/kb-categories").await.expect(StatusCode::OK);
    assert_eq!(categories[0]["name_fr"], "Stockage disque");
}

/// A solved ticket's solution is promoted to an internal answer the
/// ticket cites; an open ticket's is not; requesters may not promote.
async fn a_solved_ticket_is_promoted_to_a_cited_draft(db: TestStore) {
    let app = TestApp::on(db).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let kim = app.caller("kim", Role::Requester).await;
    let ticket = app.open(&kim, "Jobs fail with proxy errors").await;
    let path = format!("/api/v1/tickets/{}/promote", ticket["id"]);
    app.post(&sam, &path, json!({}))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    app.change(
        &sam,
        &ticket["id"],
        json!({ "status": "solved", "qualifier": "fixed", "solution": "Renew the proxy with voms-proxy-init." }),
    )
    .await;
    app.post(&kim, &path, json!({}))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let draft = app
        .post(&sam, &path, json!({ "language": "fr" }))
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(draft["visibility"], "internal");
    assert_eq!(draft["title_fr"], "Jobs fail with proxy errors");
    assert_eq!(draft["body_fr"], "Renew the proxy with voms-proxy-init.");
    assert_eq!(draft["title_en"], "");
    assert_eq!(draft["source_ticket"], ticket["number"]);
    let cited = app
        .get(&sam, &format!("/api/v1/tickets/{}/citations", ticket["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(cited["answers"][0]["id"], draft["id"]);
    let seen_by_kim = app
        .get(&kim, &format!("/api/v1/tickets/{}/citations", ticket["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(seen_by_kim["answers"], json!([]), "the draft is internal");
    app.post(&sam, &path, json!({ "language": "de" })).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("language"),
    );
}

/// Supporters cite answers and portal links on tickets; an answer lists
/// the tickets citing it that the caller may see.
async fn tickets_cite_answers_and_answers_show_their_tickets(db: TestStore) {
    let app = TestApp::on(db).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let ada = app.caller("ada", Role::Admin).await;
    let kim = app.caller("kim", Role::Requester).await;
    let lou = app.caller("lou", Role::Requester).await;
    let faq = write(&app, &sam, "Proxy expired", "public").await;
    let link = app
        .post(
            &ada,
            "/api/v1/portal-links",
            json!({ "kind": "forum", "url": "https://forum.example.org", "label_en": "Forum", "label_fr": "Forum" }),
        )
        .await
        .expect(StatusCode::CREATED);
    let public = app.open(&kim, "Public one").await;
    let private = app.open_private(&lou, "Private one").await;
    for ticket in [&public, &private] {
        let path = format!("/api/v1/tickets/{}/citations", ticket["id"]);
        app.post(&sam, &path, json!({ "answer": faq["id"] }))
            .await
            .expect(StatusCode::CREATED);
    }
    let public_path = format!("/api/v1/tickets/{}/citations", public["id"]);
    app.post(&sam, &public_path, json!({ "answer": faq["id"] }))
        .await
        .expect(StatusCode::OK);
    app.post(&sam, &public_path, json!({ "portal_link": link["id"] }))
        .await
        .expect(StatusCode::CREATED);
    app.post(&kim, &public_path, json!({ "answer": faq["id"] }))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.post(&sam, &public_path, json!({ "answer": 9999 }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("answer"));
    app.post(&sam, &public_path, json!({})).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("answer"),
    );
    let cited = app.get(&kim, &public_path).await.expect(StatusCode::OK);
    assert_eq!(cited["answers"][0]["id"], faq["id"]);
    assert_eq!(cited["portal_links"][0]["url"], "https://forum.example.org");

    let citing = format!("/api/v1/answers/{}/tickets", faq["id"]);
    let numbers = |list: Value| -> Vec<i64> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].as_i64().unwrap())
            .collect()
    };
    let (public_number, private_number) = (public["number"].as_i64().unwrap(), private["number"].as_i64().unwrap());
    assert_eq!(
        numbers(app.get(&sam, &citing).await.expect(StatusCode::OK)),
        [public_number, private_number]
    );
    assert_eq!(
        numbers(app.get(&kim, &citing).await.expect(StatusCode::OK)),
        [public_number]
    );
    assert_eq!(
        numbers(app.get(&lou, &citing).await.expect(StatusCode::OK)),
        [public_number, private_number]
    );
    assert_eq!(
        numbers(anonymous(&app, &citing).await.expect(StatusCode::OK)),
        [public_number]
    );

    let remove = format!("{public_path}/answer/{}", faq["id"]);
    app.delete(&kim, &remove)
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.delete(&sam, &remove).await.expect(StatusCode::NO_CONTENT);
    app.delete(&sam, &remove)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    app.delete(&sam, &format!("{public_path}/portal-link/{}", link["id"]))
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(
        numbers(app.get(&sam, &citing).await.expect(StatusCode::OK)),
        [private_number]
    );
}

/// Administrators manage the portal's links; everyone reads them.
async fn admins_manage_portal_links(db: TestStore) {
    let app = TestApp::on(db).await;
    let ada = app.caller("ada", Role::Admin).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let body = json!({ "kind": "documentation", "url": "https://docs.example.org", "label_en": "Docs", "label_fr": "Documentation", "position": 2 });
    app.post(&sam, "/api/v1/portal-links", body.clone())
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let docs = app
        .post(&ada, "/api/v1/portal-links", body)
        .await
        .expect(StatusCode::CREATED);
    for (bad, field) in [
        (
            json!({ "kind": "faq", "url": "javascript:alert(1)", "label_en": "X" }),
            "url",
        ),
        (json!({ "kind": "blog", "url": "/kb", "label_en": "X" }), "kind"),
        (json!({ "kind": "faq", "url": "/kb", "label_en": "" }), "label"),
    ] {
        app.post(&ada, "/api/v1/portal-links", bad).await.expect_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some(field),
        );
    }
    let path = format!("/api/v1/portal-links/{}", docs["id"]);
    let moved = app
        .put(
            &ada,
            &path,
            json!({ "kind": "faq", "url": "/kb", "label_en": "FAQ", "label_fr": "FAQ" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(moved["kind"], "faq");
    let listed = anonymous(&app, "/api/v1/portal-links").await.expect(StatusCode::OK);
    assert_eq!(listed[0]["url"], "/kb");
    app.delete(&ada, &path).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(
        anonymous(&app, "/api/v1/portal-links").await.expect(StatusCode::OK),
        json!([])
    );
}

/// Answers appear in search results as kind "answer" without a number;
/// internal ones for supporters only.
async fn answers_are_found_by_search(db: TestStore) {
    let app = TestApp::on(db).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let kim = app.caller("kim", Role::Requester).await;
    let public = write(&app, &sam, "Gridftp door refuses", "public").await;
    write(&app, &sam, "Gridftp secret runbook", "internal").await;
    let found = app.get(&sam, "/api/v1/search?q=gridftp").await.expect(StatusCode::OK);
    assert_eq!(found["total"], 2, "{found}");
    let found = app.get(&kim, "/api/v1/search?q=gridftp").await.expect(StatusCode::OK);
    assert_eq!(found["total"], 1, "{found}");
    let item = &found["items"][0];
    assert_eq!(item["kind"], "answer");
    assert_eq!(item["id"], public["id"]);
    assert_eq!(item["number"], Value::Null);
    assert_eq!(item["title"], "Gridftp door refuses");
    assert!(!found.to_string().contains("runbook"));
}

guichet_store::backend_tests! {
    only_supporters_write_and_internal_answers_stay_internal,
    bad_answers_are_refused_by_field,
    units_have_their_faq_and_answers_their_category,
    a_solved_ticket_is_promoted_to_a_cited_draft,
    tickets_cite_answers_and_answers_show_their_tickets,
    admins_manage_portal_links,
    answers_are_found_by_search,
}
