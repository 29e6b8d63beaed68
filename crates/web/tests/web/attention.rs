//! `/attention`: the needs-attention page, for first-level support and the
//! coordinators, in the visitor's language.

use std::sync::Arc;

use reqwest::StatusCode;

use guichet_domain::clock::ManualClock;
use guichet_domain::preferences::{Language, Preferences};
use guichet_domain::role::Role;
use guichet_service::input::CreateTicketInput;
use guichet_service::tickets::create::create_ticket;
use guichet_service::{Context, actor_of};
use guichet_store::testing::TestStore;

use crate::helpers::*;

async fn the_page_lists_what_waits_too_long_for_coordinators_only(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let cora = app.person("cora", Role::Coordinator).await;
    let month_ago = chrono::Utc::now() - chrono::Duration::days(30);
    let past = Context::new(app.db.store.clone(), Arc::new(ManualClock::at(month_ago)));
    let input = |subject: &str| CreateTicketInput {
        subject: subject.into(),
        description: "x".into(),
        ..Default::default()
    };
    create_ticket(&past, &actor_of(&rita), input("forgotten CE"))
        .await
        .unwrap();
    create_ticket(&app.ctx, &actor_of(&rita), input("fresh CE"))
        .await
        .unwrap();
    let browser = app.signed_in(&cora).await;
    let answer = browser.get("/attention").await;
    let page = answer.expect(StatusCode::OK);
    assert!(page.contains("Red tickets"), "{page}");
    assert!(page.contains(">forgotten CE</a>"), "{page}");
    assert!(!page.contains(">fresh CE</a>"), "a fresh ticket needs nothing");
    assert!(
        page.contains("1 past the target"),
        "the first-level unit is late: {page}"
    );
    assert!(browser.get("/queues").await.body.contains("href=\"/attention\""));

    let french = Preferences {
        language: Some(Language::Fr),
        ..Preferences::default()
    };
    app.db.store.set_preferences(cora.id, &french).await.unwrap();
    let page = browser.get("/attention").await;
    assert!(page.expect(StatusCode::OK).contains("Tickets au rouge"));

    let requester = app.signed_in(&rita).await;
    assert_eq!(requester.get("/attention").await.status, StatusCode::FORBIDDEN);
}

guichet_store::backend_tests! {
    the_page_lists_what_waits_too_long_for_coordinators_only,
}
