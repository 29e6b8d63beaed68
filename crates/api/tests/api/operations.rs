//! Health, metrics and the OpenAPI document.

use reqwest::{Method, StatusCode};
use serde_json::json;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

async fn health_metrics_and_openapi_are_served(db: TestStore) {
    let app = TestApp::on(db).await;
    let backend = app.store.backend();
    let health = app.call(None, Method::GET, "/healthz", None).await.body;
    assert_eq!(
        (health["status"].as_str(), health["database"].as_str()),
        (Some("ok"), Some(backend))
    );
    let durability = app.store.durability().await.unwrap().as_str();
    assert_eq!(health["durability"].as_str(), Some(durability), "{health}");
    let someone = app.caller("someone", Role::Requester).await;
    app.open(&someone, "counted").await;
    app.get(&someone, "/api/v1/tickets/424242")
        .await
        .expect(StatusCode::NOT_FOUND);
    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"guichet_http_requests_total{method="POST",route="/api/v1/tickets",status="201"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"route="/api/v1/tickets/{id}",status="404""#),
        "routes are templates, not raw paths"
    );
    assert!(metrics.contains(r#"guichet_tickets{status="new"} 1"#));
    assert!(
        metrics.contains(r#"guichet_http_request_duration_seconds_count{method="POST",route="/api/v1/tickets"} 1"#),
        "latency per route: {metrics}"
    );
    assert!(
        metrics.contains(r#"guichet_http_request_duration_seconds_count{method="GET",route="/api/v1/tickets/{id}"} 1"#)
    );
    let openapi = app.call(None, Method::GET, "/api/openapi.json", None).await.body;
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/tickets",
        "/api/v1/tickets/{id}",
        "/api/v1/tickets/{id}/articles",
        "/api/v1/tickets/{id}/history",
        "/api/v1/tickets/{id}/escalation",
        "/api/v1/tickets/{id}/relations/{relation}",
        "/api/v1/units",
        "/api/v1/users",
    ] {
        assert!(openapi["paths"].get(path).is_some(), "{path} documented");
    }
    assert!(openapi["components"]["schemas"].get("TicketJson").is_some());
    let statuses = |path: &str, method: &str| -> Vec<String> {
        let responses = openapi["paths"][path][method]["responses"].as_object().unwrap();
        responses.keys().cloned().collect()
    };
    for (path, method, expected) in [
        ("/api/v1/tickets/{id}", "get", &["200", "400", "401", "404"][..]),
        (
            "/api/v1/tickets",
            "post",
            &["201", "400", "401", "403", "409", "413", "415", "422"][..],
        ),
        ("/api/v1/tickets", "get", &["200", "401", "422"][..]),
        (
            "/api/v1/vos/{id}",
            "put",
            &["200", "400", "401", "403", "404", "409", "413", "415", "422"][..],
        ),
    ] {
        assert_eq!(statuses(path, method), expected, "{method} {path}");
    }
    let schemas = &openapi["components"]["schemas"];
    let status = &schemas["TicketJson"]["properties"]["status"];
    assert_eq!(status["enum"].as_array().map(Vec::len), Some(10), "{status}");
    assert!(status["enum"].as_array().unwrap().contains(&json!("waiting for reply")));
    let change = &schemas["UpdateTicketInput"]["properties"]["status"];
    assert_eq!(change["type"], json!(["string", "null"]), "{change}");
    assert_eq!(
        schemas["UnitJson"]["properties"]["qos_level"]["enum"],
        json!(["base", "medium", "advanced"])
    );
    assert_eq!(
        schemas["ArticleInput"]["properties"]["kind"]["enum"],
        json!(["public reply", "internal note", null]),
        "a solution is not posted as an article"
    );
    let subject = &schemas["CreateTicketInput"]["properties"]["subject"];
    assert_eq!(
        (subject["minLength"].as_u64(), subject["maxLength"].as_u64()),
        (Some(1), Some(250)),
        "{subject}"
    );
    let upload = statuses("/api/v1/tickets/{id}/attachments", "post");
    assert!(
        upload.contains(&"413".to_owned()) && !upload.contains(&"415".to_owned()),
        "{upload:?}"
    );
    let unknown = app.call(None, Method::GET, "/nowhere", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

guichet_store::backend_tests! {
    health_metrics_and_openapi_are_served,
}
