//! A ticket with its first article and files, and a reply with its files:
//! each one transaction, whole or not at all.

use bytes::Bytes;

use guichet_domain::article::ArticleKind;
use guichet_domain::event::EventKind;
use guichet_domain::role::Role;
use guichet_service::ServiceError;
use guichet_service::attachments::FileUpload;
use guichet_service::input::{ArticleInput, CreateTicketInput};
use guichet_service::tickets::create::{ArticleDraft, create_ticket_with};
use guichet_service::tickets::write_article::add_article_with;
use guichet_store::EventPosition;
use guichet_store::testing::TestStore;

use crate::{context, person};

fn file(name: &str, bytes: &'static [u8]) -> FileUpload {
    FileUpload {
        filename: name.into(),
        content: Bytes::from_static(bytes),
    }
}

fn mail_like(subject: &str) -> CreateTicketInput {
    CreateTicketInput {
        subject: subject.into(),
        description: "Jobs fail at stage-in since 02:00.".into(),
        ..Default::default()
    }
}

fn draft(files: Vec<FileUpload>) -> ArticleDraft {
    ArticleDraft {
        kind: ArticleKind::PublicReply,
        body: "The log is attached.".into(),
        files,
    }
}

async fn a_ticket_opens_with_its_first_article_and_files(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T08:00:00Z").await;
    let (_, rita) = person(&ctx, "rita", Role::Requester).await;
    let files = vec![
        file("../job.log", b"stage-in failed"),
        file("env.txt", b"X509_USER_PROXY=/tmp/x"),
    ];
    let view = create_ticket_with(&ctx, &rita, mail_like("Stage-in fails"), vec![draft(files)], None)
        .await
        .unwrap();
    let id = view.ticket.id;
    let articles = db.store.articles(id, true).await.unwrap();
    assert_eq!(articles.len(), 1);
    let attachments = db.store.attachments(id).await.unwrap();
    assert_eq!(
        attachments
            .iter()
            .map(|a| (a.filename.as_str(), a.article))
            .collect::<Vec<_>>(),
        [("job.log", Some(articles[0].id)), ("env.txt", Some(articles[0].id))],
        "each file linked to its article, its name sanitised"
    );
    let events = db.store.events_after(EventPosition::default(), 10).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::TicketCreated,
            EventKind::ArticleAdded,
            EventKind::AttachmentAdded,
            EventKind::AttachmentAdded
        ]
    );
    assert!(events.iter().all(|e| e.change == events[0].change), "one change");
    assert!(events.iter().all(|e| e.ticket == Some(id)));
}

async fn a_file_over_the_limit_leaves_nothing_behind(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T08:00:00Z").await;
    let (_, rita) = person(&ctx, "rita", Role::Requester).await;
    let big: &'static [u8] = Box::leak(vec![b'x'; 2048].into_boxed_slice());
    let files = vec![file("small.log", b"fine"), file("core.dump", big)];
    let refused = create_ticket_with(&ctx, &rita, mail_like("Too big"), vec![draft(files)], None).await;
    assert!(
        matches!(&refused, Err(ServiceError::TooLarge(m)) if m.contains("core.dump")),
        "{refused:?}"
    );
    let empty = vec![file("empty.log", b"")];
    let refused = create_ticket_with(&ctx, &rita, mail_like("Empty"), vec![draft(empty)], None).await;
    assert!(
        matches!(&refused, Err(ServiceError::Invalid { field: "file", .. })),
        "{refused:?}"
    );
    assert_eq!(db.store.ticket_count().await.unwrap(), 0, "no ticket");
    assert_eq!(db.store.blob_count().await.unwrap(), 0, "no content");
    assert!(
        db.store
            .events_after(EventPosition::default(), 10)
            .await
            .unwrap()
            .is_empty(),
        "no event"
    );
}

async fn a_reply_comes_with_its_files(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T08:00:00Z").await;
    let (_, rita) = person(&ctx, "rita", Role::Requester).await;
    let id = create_ticket_with(&ctx, &rita, mail_like("Reply with files"), vec![], None)
        .await
        .unwrap()
        .ticket
        .id;
    let reply = ArticleInput {
        kind: None,
        body: "Here is the new log.".into(),
    };
    let article = add_article_with(&ctx, &rita, id, reply.clone(), vec![file("new.log", b"still failing")])
        .await
        .unwrap();
    let attachments = db.store.attachments(id).await.unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].article, Some(article.id));
    let refused = add_article_with(&ctx, &rita, id, reply, vec![file("blank.log", b"")]).await;
    assert!(refused.is_err());
    assert_eq!(
        db.store.articles(id, true).await.unwrap().len(),
        1,
        "the refused reply left no article"
    );
}

/// The same submission twice (a double click, a message delivered twice)
/// opens one ticket; the second gets the first's.
async fn a_keyed_submission_opens_one_ticket(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T08:00:00Z").await;
    let (_, rita) = person(&ctx, "rita", Role::Requester).await;
    let submit = || create_ticket_with(&ctx, &rita, mail_like("Once"), vec![], Some("form-7f3a"));
    let (first, second) = tokio::join!(submit(), submit());
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.ticket.id, second.ticket.id, "one ticket for both");
    assert_eq!(db.store.ticket_count().await.unwrap(), 1);
    let again = submit().await.unwrap();
    assert_eq!(again.ticket.id, first.ticket.id);
    let other = create_ticket_with(&ctx, &rita, mail_like("Another"), vec![], Some("form-8b21")).await;
    assert_ne!(other.unwrap().ticket.id, first.ticket.id, "another key, another ticket");
}

guichet_store::backend_tests! {
    a_keyed_submission_opens_one_ticket,
    a_ticket_opens_with_its_first_article_and_files,
    a_file_over_the_limit_leaves_nothing_behind,
    a_reply_comes_with_its_files,
}
