//! The ticket pages: what each role sees, and what it must not.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::input::{ArticleInput, CreateTicketInput};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::write_article::add_article;
use guichet_store::testing::TestStore;

use crate::helpers::*;

fn input(subject: &str, visibility: &str) -> CreateTicketInput {
    CreateTicketInput {
        subject: subject.into(),
        description: "The CE rejects <b>every</b> job.".into(),
        visibility: Some(visibility.into()),
        ..Default::default()
    }
}

async fn requesters_see_their_tickets_and_never_internal_notes(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let sam = app.person("sam", Role::Supporter).await;
    let ticket = create_ticket(
        &app.ctx,
        &actor_of(&rita),
        input("<script>alert(1)</script> CE down", "public"),
    )
    .await
    .unwrap()
    .ticket;
    let note = ArticleInput {
        kind: Some("internal note".into()),
        body: "The site's admin is on leave; ask the NGI.".into(),
    };
    add_article(&app.ctx, &actor_of(&sam), ticket.id, note).await.unwrap();
    let reply = ArticleInput {
        kind: None,
        body: "We are looking at it.".into(),
    };
    add_article(&app.ctx, &actor_of(&sam), ticket.id, reply).await.unwrap();
    let path = format!("/tickets/{}", ticket.number());

    let as_rita = app.signed_in(&rita).await;
    let mine = as_rita.get("/tickets/mine").await;
    assert!(mine.expect(StatusCode::OK).contains(&ticket.number().to_string()));
    assert!(mine.body.contains("1 tickets"), "the total: {}", mine.body);
    let page = as_rita.get(&path).await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("We are looking at it."));
    assert!(!body.contains("on leave"), "no internal note for the requester");
    assert!(!body.contains("<script>alert(1)</script>"), "script is shown as text");
    assert!(
        body.contains("&#60;script&#62;alert(1)&#60;/script&#62; CE down"),
        "{body}"
    );
    assert!(
        body.contains("&#60;b&#62;every&#60;/b&#62;"),
        "markup in the description too"
    );

    let as_sam = app.signed_in(&sam).await;
    let seen = as_sam.get(&path).await;
    assert!(seen.expect(StatusCode::OK).contains("on leave"), "supporters see notes");
    assert!(
        seen.body.contains("class=\"article internal-note\""),
        "told apart from replies"
    );
}

async fn another_persons_private_ticket_is_not_found(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let remi = app.person("remi", Role::Requester).await;
    let private = create_ticket(&app.ctx, &actor_of(&rita), input("private matter", "private"))
        .await
        .unwrap()
        .ticket;
    let path = format!("/tickets/{}", private.number());
    let as_remi = app.signed_in(&remi).await;
    let page = as_remi.get(&path).await;
    assert!(page.expect(StatusCode::NOT_FOUND).contains("Page not found"));
    assert!(!page.body.contains("private matter"));
    let missing = as_remi.get("/tickets/199999").await;
    assert_eq!(
        missing.status,
        StatusCode::NOT_FOUND,
        "the same answer as for no ticket"
    );
    let as_rita = app.signed_in(&rita).await;
    assert!(
        as_rita
            .get(&path)
            .await
            .expect(StatusCode::OK)
            .contains("private matter")
    );
    let anonymous = app.browser().get(&path).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "sign in first");
}

guichet_store::backend_tests! {
    requesters_see_their_tickets_and_never_internal_notes,
    another_persons_private_ticket_is_not_found,
    html_from_mail_is_shown_sanitised,
    quotes_and_signatures_are_folded_not_dropped,
}

/// A reply's quoted mail and signature are folded under their names; the
/// writer's words are shown, and nothing is dropped.
async fn quotes_and_signatures_are_folded_not_dropped(db: TestStore) {
    use guichet_service::input::ArticleInput;
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let ticket = create_ticket(&app.ctx, &actor_of(&rita), input("CE down", "public"))
        .await
        .unwrap()
        .ticket;
    let body = "Still down here.\n\n-- \nRita, CC-IN2P3\n\nLe lun. 30 nov. 2026 à 10:00, Guichet a écrit :\n> The CE is back.\n";
    let reply = ArticleInput {
        kind: None,
        body: body.into(),
    };
    guichet_service::tickets::write_article::add_article(&app.ctx, &actor_of(&rita), ticket.id, reply)
        .await
        .unwrap();
    let response = app
        .signed_in(&rita)
        .await
        .get(&format!("/tickets/{}", ticket.number()))
        .await;
    let page = response.expect(StatusCode::OK);
    assert!(
        page.contains("<div class=\"body\">Still down here.\n\n</div>"),
        "{page}"
    );
    assert!(
        page.contains("<details class=\"folded signature\"><summary>Signature</summary>"),
        "{page}"
    );
    assert!(
        page.contains("<details class=\"folded quote\"><summary>Quoted text</summary>"),
        "{page}"
    );
    assert!(
        page.contains("Le lun. 30 nov. 2026 à 10:00, Guichet a écrit :"),
        "the attribution is kept"
    );
    let escaped = ["&gt; The CE is back.", "&#62; The CE is back."];
    assert!(
        escaped.iter().any(|q| page.contains(q)),
        "the quote is kept, escaped: {page}"
    );
}

/// A mail's HTML is shown sanitised: its markup stays, anything active
/// goes; the text stays verbatim in the store.
async fn html_from_mail_is_shown_sanitised(db: TestStore) {
    use guichet_domain::article::ArticleKind;
    use guichet_store::{ChangeSet, NewArticle};
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let ticket = create_ticket(&app.ctx, &actor_of(&rita), input("CE down", "public"))
        .await
        .unwrap()
        .ticket;
    let html = "<p>The <b>CE</b> is back.</p><script>document.title='owned'</script><img src=x onerror=alert(1)>";
    let mail = NewArticle {
        ticket: ticket.id,
        kind: ArticleKind::PublicReply,
        body: "The CE is back.".into(),
        html: Some(html.into()),
        author: Some(rita.id),
        created_at: chrono::Utc::now(),
    };
    app.db
        .store
        .commit(ChangeSet {
            articles: vec![mail],
            ..guichet_store::conformance::change()
        })
        .await
        .unwrap();
    let page = app
        .signed_in(&rita)
        .await
        .get(&format!("/tickets/{}", ticket.number()))
        .await;
    let body = page.expect(StatusCode::OK);
    assert!(
        body.contains("<div class=\"body mail-html\"><p>The <b>CE</b> is back.</p>"),
        "{body}"
    );
    assert!(
        !body.contains("owned") && !body.contains("onerror"),
        "nothing active: {body}"
    );
    let stored = guichet_service::tickets::read::articles(&app.ctx, &actor_of(&rita), ticket.id)
        .await
        .unwrap();
    assert_eq!(stored.last().unwrap().html.as_deref(), Some(html), "stored verbatim");
}
