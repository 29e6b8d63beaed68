//! The search page: results with marked snippets, the form kept, refused
//! queries shown again with their reason in the visitor's language, and
//! what each visitor may find.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::input::{ArticleInput, CreateTicketInput};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::write_article::add_article;
use guichet_store::testing::TestStore;

use crate::helpers::*;

async fn open(
    app: &WebApp,
    who: &guichet_service::User,
    subject: &str,
    private: bool,
) -> guichet_domain::ticket::Ticket {
    let input = CreateTicketInput {
        subject: subject.into(),
        description: "Les journaux montrent des coupures.".into(),
        visibility: private.then(|| "private".into()),
        ..Default::default()
    };
    create_ticket(&app.ctx, &actor_of(who), input).await.unwrap().ticket
}

async fn search_page_finds_marks_and_keeps_the_form(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let expert = app.person("expert", Role::Supporter).await;
    let public = open(&app, &rita, "Ceph OSD flapping <again>", false).await;
    let private = open(&app, &rita, "Ceph private matter", true).await;
    let note = ArticleInput {
        kind: Some("internal note".into()),
        body: "ceph admin key rotated".into(),
    };
    add_article(&app.ctx, &actor_of(&expert), public.id, note)
        .await
        .unwrap();

    let visitor = app.browser();
    let page = visitor.get("/search?q=ceph&status=").await;
    let body = page.expect(StatusCode::OK);
    assert!(
        body.contains(&format!("href=\"/tickets/{}\"", public.number())),
        "{body}"
    );
    assert!(
        body.contains("<mark>Ceph</mark> OSD flapping &lt;again&gt;"),
        "escaped, marked: {body}"
    );
    assert!(!body.contains("private matter"), "visitors find public tickets only");
    assert!(!body.contains("rotated"));
    assert!(body.contains("value=\"ceph\""), "the query stays in the form");
    assert!(body.contains("Results: 1"), "{body}");

    let supporter = app.signed_in(&expert).await;
    let body = supporter.get("/search?q=ceph").await.expect(StatusCode::OK).to_owned();
    assert!(body.contains("private matter"), "supporters find private tickets");
    assert!(
        body.contains("Internal note") && body.contains("<mark>ceph</mark> admin key rotated"),
        "{body}"
    );
    assert!(body.contains("Results: 3"), "{body}");

    let owner = app.signed_in(&rita).await;
    let body = owner.get("/search?q=ceph").await.expect(StatusCode::OK).to_owned();
    assert!(body.contains("private matter"), "their own private ticket");
    assert!(!body.contains("rotated"), "never a note");
    let body = owner.get("/search?q=coupure").await.expect(StatusCode::OK).to_owned();
    assert!(body.contains("<mark>coupures</mark>"), "by its French stem: {body}");
    let _ = private;
}

async fn refused_searches_are_shown_again_with_their_reason(db: TestStore) {
    let app = WebApp::on(db).await;
    let visitor = app.browser();
    let long = "x".repeat(10_000);
    let page = visitor.get(&format!("/search?q={long}")).await;
    let body = page.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("at most 500 characters") && body.contains("10000"),
        "{body}"
    );
    let body = visitor
        .get("/search?q=-ssl")
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .to_owned();
    assert!(
        body.contains("only excludes words") && body.contains("value=\"-ssl\""),
        "{body}"
    );
    let body = visitor
        .get("/search?q=dcache&from=monday")
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .to_owned();
    assert!(body.contains("Opened from:"), "the filter is named: {body}");
    visitor.get("/lang/fr?back=/search").await;
    let body = visitor
        .get("/search?q=OR")
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .to_owned();
    assert!(body.contains("Donnez un ou plusieurs mots"), "{body}");
    visitor
        .get("/search?q=%5E%7B%7D")
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    for broken in ["%22unbalanced", "NEAR(a%20b)", "a:b"] {
        visitor.get(&format!("/search?q={broken}")).await.expect(StatusCode::OK);
    }
    visitor.get("/search").await.expect(StatusCode::OK);
}

guichet_store::backend_tests! {
    search_page_finds_marks_and_keeps_the_form,
    refused_searches_are_shown_again_with_their_reason,
}
