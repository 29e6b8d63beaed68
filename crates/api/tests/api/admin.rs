//! Reference data and accounts: admin-only changes, conflicts, references.

use reqwest::{Method, StatusCode};
use serde_json::json;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

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

guichet_store::backend_tests! {
    reference_data_is_administered,
    accounts_are_administered,
}
