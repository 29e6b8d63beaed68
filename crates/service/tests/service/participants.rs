//! Who may add public replies: the submitter and supporters, and, since
//! mail made reply-all a way to answer, the people who take part in a
//! ticket (its CC addresses, the persons involved, its subscribers). A
//! deliberate change: requesters other than the submitter were refused.

use guichet_domain::role::Role;
use guichet_service::ServiceError;
use guichet_service::input::{ArticleInput, CreateTicketInput, InvolvedInput};
use guichet_service::people::subscriptions::subscribe;
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::write_article::add_article;
use guichet_store::testing::TestStore;

use crate::{context, person};

fn reply(kind: &str) -> ArticleInput {
    ArticleInput {
        kind: Some(kind.into()),
        body: "Same here since the upgrade.".into(),
    }
}

/// A CC'd colleague, an involved person and a subscriber may reply; a
/// stranger may not; none of them may write internal notes.
pub async fn people_on_a_ticket_may_reply(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T09:00:00Z").await;
    let (_, pia) = person(&ctx, "pia", Role::Requester).await;
    let (_, colleague) = person(&ctx, "colleague", Role::Requester).await;
    let (involved_user, involved) = person(&ctx, "involved", Role::Requester).await;
    let (_, follower) = person(&ctx, "follower", Role::Requester).await;
    let (_, stranger) = person(&ctx, "stranger", Role::Requester).await;
    let input = CreateTicketInput {
        subject: "CE down".into(),
        description: "Jobs abort.".into(),
        cc: vec!["colleague@example.org".into()],
        involved: InvolvedInput {
            units: vec![],
            users: vec![involved_user.id],
        },
        ..Default::default()
    };
    let id = create_ticket(&ctx, &pia, input).await.unwrap().ticket.id;
    subscribe(&ctx, &follower, id).await.unwrap();
    for (who, actor) in [
        ("colleague", &colleague),
        ("involved", &involved),
        ("follower", &follower),
    ] {
        let added = add_article(&ctx, actor, id, reply("public reply")).await;
        assert!(added.is_ok(), "{who} may reply: {added:?}");
        let note = add_article(&ctx, actor, id, reply("internal note")).await;
        assert!(
            matches!(note, Err(ServiceError::Forbidden(_))),
            "{who} writes no note: {note:?}"
        );
    }
    let refused = add_article(&ctx, &stranger, id, reply("public reply")).await;
    assert!(matches!(refused, Err(ServiceError::Forbidden(_))), "{refused:?}");
    assert_eq!(db.store.articles(id, true).await.unwrap().len(), 3);
}

guichet_store::backend_tests! {
    people_on_a_ticket_may_reply,
}
