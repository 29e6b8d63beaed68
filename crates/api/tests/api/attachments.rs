//! Attachments: stored once per hash, sniffed, sanitised, size-limited, downloaded as attachments.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_service::attachments::FileUpload;
use guichet_service::input::ArticleInput;
use guichet_service::tickets::write_article::add_article_with;
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TEST_MAX_ATTACHMENT, TestApp};

async fn upload(
    app: &TestApp,
    who: &Caller,
    ticket: &serde_json::Value,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/tickets/{}/attachments", app.base, ticket["id"]))
        .query(&[("filename", name)])
        .bearer_auth(&who.token)
        .header("content-type", "text/plain")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn attachments_are_sniffed_sanitised_deduplicated_and_limited(db: TestStore) {
    let app = TestApp::on(db).await;
    let owner = app.caller("owner", Role::Requester).await;
    let other = app.caller("other", Role::Requester).await;
    let ticket = app.open(&owner, "logs attached").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec();
    let response = upload(&app, &owner, &ticket, "../../etc/shot.txt", png.clone()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let first: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        (first["filename"].as_str(), first["content_type"].as_str()),
        (Some("shot.txt"), Some("image/png"))
    );
    assert_eq!(
        upload(&app, &owner, &ticket, "copy.png", png.clone()).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(app.store.blob_count().await.unwrap(), 1, "one content, stored once");
    let download = app
        .client
        .get(format!("{}/api/v1/attachments/{}", app.base, first["id"]))
        .bearer_auth(&owner.token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.headers()["content-disposition"],
        "attachment; filename=\"shot.txt\""
    );
    assert_eq!(download.headers()["content-type"], "image/png");
    assert_eq!(download.bytes().await.unwrap().to_vec(), png);
    let too_big = upload(&app, &owner, &ticket, "big.log", vec![b'a'; TEST_MAX_ATTACHMENT + 1]).await;
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = too_big.json().await.unwrap();
    assert_eq!(body["error"], "too_large");
    assert_eq!(
        upload(&app, &other, &ticket, "spam.txt", b"hi".to_vec()).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        upload(&app, &owner, &ticket, "empty.txt", vec![]).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let list = app
        .get(&owner, &format!("/api/v1/tickets/{}/attachments", ticket["id"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
}

async fn private_attachments_stay_private(db: TestStore) {
    let app = TestApp::on(db).await;
    let owner = app.caller("owner", Role::Requester).await;
    let other = app.caller("other", Role::Requester).await;
    let ticket = app.open_private(&owner, "s").await;
    let created: serde_json::Value = upload(&app, &owner, &ticket, "secret.txt", b"secret".to_vec())
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/attachments/{}", created["id"]);
    app.get(&other, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
}

/// A file sent with an internal note is the supporters' alone, like the
/// note: the requester neither lists nor downloads it.
async fn internal_notes_files_stay_with_supporters(db: TestStore) {
    let app = TestApp::on(db).await;
    let owner = app.caller("owner", Role::Requester).await;
    let expert = app.caller("expert", Role::Supporter).await;
    let ticket = app.open(&owner, "s").await;
    let id = guichet_domain::ids::TicketId(ticket["id"].as_i64().unwrap());
    let note = ArticleInput {
        kind: Some("internal note".into()),
        body: "the site's own log".into(),
    };
    let file = FileUpload {
        filename: "site-internal.log".into(),
        content: b"internal details".to_vec().into(),
    };
    let actor = guichet_service::actor_of(&expert.user);
    add_article_with(&app.ctx, &actor, id, note, vec![file]).await.unwrap();
    let public: serde_json::Value = upload(&app, &owner, &ticket, "public.txt", b"public".to_vec())
        .await
        .json()
        .await
        .unwrap();
    let list = format!("/api/v1/tickets/{}/attachments", ticket["id"]);
    let names = |body: serde_json::Value| -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|a| a["filename"].as_str().unwrap().to_owned())
            .collect()
    };
    let seen = names(app.get(&expert, &list).await.expect(StatusCode::OK));
    assert_eq!(seen.len(), 2, "supporters see both: {seen:?}");
    let theirs = names(app.get(&owner, &list).await.expect(StatusCode::OK));
    assert_eq!(theirs, ["public.txt"]);
    let all = app.get(&expert, &list).await.expect(StatusCode::OK);
    let internal = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["filename"] == "site-internal.log")
        .unwrap();
    let path = format!("/api/v1/attachments/{}", internal["id"]);
    app.get(&owner, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    let download = app
        .client
        .get(format!("{}{path}", app.base))
        .bearer_auth(&expert.token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    let mine = format!("/api/v1/attachments/{}", public["id"]);
    let fetched = app
        .client
        .get(format!("{}{mine}", app.base))
        .bearer_auth(&owner.token)
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
}

guichet_store::backend_tests! {
    attachments_are_sniffed_sanitised_deduplicated_and_limited,
    private_attachments_stay_private,
    internal_notes_files_stay_with_supporters,
}
