//! Reference data and accounts: admin-only changes, conflicts, references.

use reqwest::{Method, StatusCode};
use serde_json::json;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TestApp};

async fn reference_data_is_administered(db: TestStore) {
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let body = json!({ "name": "Storage", "kind": "expertise", "qos_level": "advanced", "email": "storage@example.org", "members": [expert.user.id.0] });
    app.post(&expert, "/api/v1/units", body.clone())
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let unit = app
        .post(&admin, "/api/v1/units", body.clone())
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(
        unit,
        json!({ "id": unit["id"], "name": "Storage", "kind": "expertise", "qos_level": "advanced", "email": "storage@example.org", "members": [expert.user.id.0] })
    );
    app.post(&admin, "/api/v1/units", body)
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    let bad_kind = json!({ "name": "X", "kind": "team" });
    app.post(&admin, "/api/v1/units", bad_kind).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("kind"),
    );
    let bad_member = json!({ "name": "X", "kind": "expertise", "members": [9999] });
    app.post(&admin, "/api/v1/units", bad_member).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("members"),
    );

    let site = app
        .post(
            &admin,
            "/api/v1/sites",
            json!({ "name": "IN2P3-IPHC", "ngi": "NGI_FRANCE" }),
        )
        .await
        .expect(StatusCode::CREATED);
    let site_unit = app
        .get(&expert, &format!("/api/v1/units/{}", site["unit"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (site_unit["name"].as_str(), site_unit["kind"].as_str()),
        (Some("IN2P3-IPHC (site)"), Some("site"))
    );
    let ticket = app
        .post(
            &expert,
            "/api/v1/tickets",
            json!({ "subject": "x", "description": "y", "site": site["id"] }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(ticket["unit"], site["unit"]);
    app.call(
        Some(&admin),
        Method::DELETE,
        &format!("/api/v1/sites/{}", site["id"]),
        None,
    )
    .await
    .expect_error(StatusCode::CONFLICT, "conflict", None);

    let vo = app
        .post(&admin, "/api/v1/vos", json!({ "name": "eiscat.se" }))
        .await
        .expect(StatusCode::CREATED);
    let renamed = app
        .call(
            Some(&admin),
            Method::PUT,
            &format!("/api/v1/vos/{}", vo["id"]),
            Some(json!({ "name": "vo.eiscat.se" })),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(renamed["name"], "vo.eiscat.se");
    app.call(Some(&admin), Method::DELETE, &format!("/api/v1/vos/{}", vo["id"]), None)
        .await
        .expect(StatusCode::NO_CONTENT);
    app.get(&admin, &format!("/api/v1/vos/{}", vo["id"]))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);

    let issue_type = app
        .post(&admin, "/api/v1/issue-types", json!({ "name": "GPU" }))
        .await
        .expect(StatusCode::CREATED);
    let rule = app
        .call(
            Some(&admin),
            Method::PUT,
            "/api/v1/routing-rules",
            Some(json!({ "issue_type": issue_type["id"], "unit": unit["id"] })),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(rule["unit"], unit["id"]);
    let bad_rule = json!({ "issue_type": issue_type["id"], "unit": 9999 });
    app.call(Some(&admin), Method::PUT, "/api/v1/routing-rules", Some(bad_rule))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("unit"));
    let units = app.get(&expert, "/api/v1/units").await.expect(StatusCode::OK);
    assert!(units.as_array().unwrap().len() > 10 + 17);
}

/// Deletes `path` as `admin`, then checks it is gone.
async fn delete_for_good(app: &TestApp, admin: &Caller, path: &str) {
    app.delete(admin, path).await.expect(StatusCode::NO_CONTENT);
    app.get(admin, path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
}

/// Units, sites and types of issue are renamed and deleted through the API;
/// what a ticket still refers to is kept.
async fn reference_data_is_updated_and_deleted(db: TestStore) {
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let expert = app.caller("exp", Role::Supporter).await;
    let create = |path: &'static str, body: serde_json::Value| {
        let (app, admin) = (&app, &admin);
        async move { app.post(admin, path, body).await.expect(StatusCode::CREATED) }
    };
    let unit = create("/api/v1/units", json!({ "name": "Storage", "kind": "expertise" })).await;
    let unit_path = format!("/api/v1/units/{}", unit["id"]);
    let changed = json!({ "name": "Storage & data", "kind": "expertise", "qos_level": "medium", "email": "data@example.org", "members": [expert.user.id.0] });
    let updated = app.put(&admin, &unit_path, changed).await.expect(StatusCode::OK);
    assert_eq!(
        updated,
        json!({ "id": unit["id"], "name": "Storage & data", "kind": "expertise", "qos_level": "medium", "email": "data@example.org", "members": [expert.user.id.0] })
    );
    assert_eq!(app.get(&expert, &unit_path).await.expect(StatusCode::OK), updated);
    let ticket = app.open(&expert, "x").await;
    app.change(&expert, &ticket["id"], json!({ "unit": unit["id"] })).await;
    app.delete(&admin, &unit_path)
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    let spare = create("/api/v1/units", json!({ "name": "Spare", "kind": "expertise" })).await;
    delete_for_good(&app, &admin, &format!("/api/v1/units/{}", spare["id"])).await;

    let site = create("/api/v1/sites", json!({ "name": "NEW-SITE", "ngi": "NGI_FRANCE" })).await;
    let site_path = format!("/api/v1/sites/{}", site["id"]);
    app.put(&admin, &site_path, json!({ "name": "GRIF-LAL", "ngi": "NGI_FRANCE" }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    let renamed = app
        .put(
            &admin,
            &site_path,
            json!({ "name": "RENAMED-SITE", "ngi": "NGI_FRANCE" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (renamed["name"].as_str(), renamed["unit"].clone()),
        (Some("RENAMED-SITE"), site["unit"].clone())
    );
    let site_unit_path = format!("/api/v1/units/{}", site["unit"]);
    let site_unit = app.get(&admin, &site_unit_path).await.expect(StatusCode::OK);
    assert_eq!(
        site_unit["name"], "RENAMED-SITE (site)",
        "the site's unit follows its name"
    );
    delete_for_good(&app, &admin, &site_path).await;
    app.get(&admin, &site_unit_path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);

    let issue_type = create("/api/v1/issue-types", json!({ "name": "GPU" })).await;
    let type_path = format!("/api/v1/issue-types/{}", issue_type["id"]);
    let renamed = app
        .put(&admin, &type_path, json!({ "name": "GPU and accelerators" }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(renamed["name"], "GPU and accelerators");
    app.put(&admin, &type_path, json!({ "name": " " })).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("name"),
    );
    delete_for_good(&app, &admin, &type_path).await;
}

async fn accounts_are_administered(db: TestStore) {
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let requester = app.caller("req", Role::Requester).await;
    let body = json!({ "email": "New.Person@Example.org", "name": "New Person", "role": "unit-manager", "password": "long-enough" });
    app.post(&requester, "/api/v1/users", body.clone())
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let user = app
        .post(&admin, "/api/v1/users", body.clone())
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(
        (user["email"].as_str(), user["role"].as_str()),
        (Some("new.person@example.org"), Some("unit-manager"))
    );
    assert!(user.get("password_hash").is_none());
    app.post(&admin, "/api/v1/users", body)
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    let bad_role = json!({ "email": "x@example.org", "name": "X", "role": "boss" });
    app.post(&admin, "/api/v1/users", bad_role).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("role"),
    );
    let short = json!({ "email": "y@example.org", "name": "Y", "role": "requester", "password": "short" });
    app.post(&admin, "/api/v1/users", short).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("password"),
    );
    let disabled = app
        .patch(
            &admin,
            &format!("/api/v1/users/{}", user["id"]),
            json!({ "disabled": true }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(disabled["disabled"], true);
    app.get(&requester, "/api/v1/users")
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.get(&requester, &format!("/api/v1/users/{}", user["id"]))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
}

/// An administrator cannot disable or demote themselves; another can.
async fn administrators_do_not_lock_themselves_out(db: TestStore) {
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let other = app.caller("second", Role::Admin).await;
    let own = format!("/api/v1/users/{}", admin.user.id.0);
    for change in [json!({ "role": "coordinator" }), json!({ "disabled": true })] {
        let message =
            app.patch(&admin, &own, change.clone())
                .await
                .expect_error(StatusCode::CONFLICT, "conflict", None);
        assert!(message.contains("another administrator"), "{message}");
    }
    let renamed = app
        .patch(&admin, &own, json!({ "name": "Root" }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (renamed["name"].as_str(), renamed["role"].as_str()),
        (Some("Root"), Some("admin"))
    );
    let demoted = app
        .patch(&other, &own, json!({ "role": "coordinator" }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(demoted["role"], "coordinator");
    app.post(&admin, "/api/v1/vos", json!({ "name": "vo.example.org" }))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
}

async fn only_administrators_change_reference_data_and_accounts(db: TestStore) {
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let coordinator = app.caller("coord", Role::Coordinator).await;
    let issue_type = app.org.issue_types[0].0;
    let rule = app
        .call(
            Some(&admin),
            Method::PUT,
            "/api/v1/routing-rules",
            Some(json!({ "issue_type": issue_type, "unit": app.org.experts[0].0 })),
        )
        .await
        .expect(StatusCode::OK);
    let lists = ["units", "sites", "vos", "issue-types", "routing-rules", "users"];
    let mut before = Vec::new();
    for list in lists {
        before.push(app.get(&admin, &format!("/api/v1/{list}")).await.expect(StatusCode::OK));
    }
    let (unit, site, vo) = (app.org.experts[0].0, app.org.sites[0].0.0, app.org.vos[0].0);
    let named = json!({ "name": "Renamed" });
    let unit_body = json!({ "name": "Storage", "kind": "expertise" });
    let person = json!({ "email": "p@example.org", "name": "P", "role": "admin" });
    let writes = [
        (Method::POST, "/api/v1/units".to_owned(), Some(unit_body.clone())),
        (Method::PUT, format!("/api/v1/units/{unit}"), Some(unit_body)),
        (Method::DELETE, format!("/api/v1/units/{unit}"), None),
        (
            Method::POST,
            "/api/v1/sites".to_owned(),
            Some(json!({ "name": "NEW-SITE" })),
        ),
        (
            Method::PUT,
            format!("/api/v1/sites/{site}"),
            Some(json!({ "name": "Renamed" })),
        ),
        (Method::DELETE, format!("/api/v1/sites/{site}"), None),
        (Method::POST, "/api/v1/vos".to_owned(), Some(named.clone())),
        (Method::PUT, format!("/api/v1/vos/{vo}"), Some(named.clone())),
        (Method::DELETE, format!("/api/v1/vos/{vo}"), None),
        (Method::POST, "/api/v1/issue-types".to_owned(), Some(named.clone())),
        (Method::PUT, format!("/api/v1/issue-types/{issue_type}"), Some(named)),
        (Method::DELETE, format!("/api/v1/issue-types/{issue_type}"), None),
        (
            Method::PUT,
            "/api/v1/routing-rules".to_owned(),
            Some(json!({ "issue_type": issue_type, "unit": app.org.first_level.0 })),
        ),
        (Method::DELETE, format!("/api/v1/routing-rules/{}", rule["id"]), None),
        (Method::POST, "/api/v1/users".to_owned(), Some(person)),
        (
            Method::PATCH,
            format!("/api/v1/users/{}", coordinator.user.id),
            Some(json!({ "role": "admin" })),
        ),
        (Method::DELETE, format!("/api/v1/users/{}", admin.user.id), None),
    ];
    for (method, path, body) in writes {
        let answer = app.call(Some(&coordinator), method.clone(), &path, body).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {path}: {}", answer.body);
    }
    for (list, was) in lists.iter().zip(before) {
        let now = app.get(&admin, &format!("/api/v1/{list}")).await.expect(StatusCode::OK);
        assert_eq!(now, was, "{list} unchanged");
    }
}

async fn accounts_nothing_refers_to_are_deleted(db: TestStore) {
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let passer = app.caller("passer", Role::Supporter).await;
    let author = app.caller("author", Role::Requester).await;
    app.open(&author, "keeps its author").await;
    let path = |id: guichet_domain::ids::UserId| format!("/api/v1/users/{id}");
    let message = app
        .call(Some(&admin), Method::DELETE, &path(author.user.id), None)
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    assert!(message.contains("disable"), "{message}");
    app.call(Some(&admin), Method::DELETE, &path(admin.user.id), None)
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    app.get(&passer, "/api/v1/tickets").await.expect(StatusCode::OK);
    app.call(Some(&admin), Method::DELETE, &path(passer.user.id), None)
        .await
        .expect(StatusCode::NO_CONTENT);
    app.get(&admin, &path(passer.user.id))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    app.get(&passer, "/api/v1/tickets")
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthenticated", None);
    app.call(Some(&admin), Method::DELETE, &path(passer.user.id), None)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    app.get(&admin, &path(author.user.id)).await.expect(StatusCode::OK);
}

guichet_store::backend_tests! {
    administrators_do_not_lock_themselves_out,
    reference_data_is_updated_and_deleted,
    reference_data_is_administered,
    accounts_are_administered,
    only_administrators_change_reference_data_and_accounts,
    accounts_nothing_refers_to_are_deleted,
}
