//! Committing changes: tickets, articles, relations and attachments,
//! whole or not at all.

use chrono::Duration;

use guichet_domain::actor::{Actor, Author};
use guichet_domain::article::ArticleKind;
use guichet_domain::event::{
    EventKind, FieldChange, article_event, attachment_event, created_event, history_of, relation_added_events,
    relation_removed_events, updated_event,
};
use guichet_domain::ids::TicketId;
use guichet_domain::relation::RelationKind;
use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;
use guichet_domain::update::{TicketPatch, apply_patch};

use super::*;
use crate::testing::TestStore;

/// A created ticket reads back whole, with its history and event.
pub async fn tickets_round_trip_with_history_and_events(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let carol = user(s, "carol@example.org", Role::Requester).await;
    let nasty = "<b>x</b>'); DROP TABLE tickets; -- \"é\"";
    let created = ticket(s, carol.id, nasty, unit).await;
    let view = s.ticket(created.id).await.unwrap();
    assert_eq!(view.ticket.subject, nasty, "stored verbatim");
    assert_eq!(view.ticket.cc, created.cc);
    assert_eq!(view.ticket.status, Status::New);
    assert_eq!(view.submitter.email, "carol@example.org");
    assert_eq!(
        view.ticket.created_at.timestamp_micros(),
        created.created_at.timestamp_micros()
    );
    let history = s.history(created.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].ticket, created.id);
    let events = all_events(s).await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].kind, events[0].ticket),
        (EventKind::TicketCreated, Some(created.id))
    );
    assert_eq!(events[0].author, Author::user(carol.id));
    assert!(matches!(s.ticket(TicketId(424242)).await, Err(StoreError::NotFound(_))));
}

/// Updates commit history and events with the ticket, or nothing at all.
pub async fn commits_are_atomic_and_versioned(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let dave = user(s, "dave@example.org", Role::Supporter).await;
    let before = ticket(s, dave.id, "dCache pool offline", unit).await;
    let actor = Actor::user(dave.id, Role::Supporter);
    let patch = TicketPatch {
        status: Some(Status::InProgress),
        cc: Some(vec![]),
        involved_units: Some(vec![unit]),
        involved_users: Some(vec![dave.id]),
        ..Default::default()
    };
    let now = now();
    let patched = apply_patch(&before, &patch, &actor, now).unwrap();
    let good = ChangeSet {
        tickets: vec![TicketWrite {
            before: before.clone(),
            after: patched.ticket.clone(),
        }],
        history: history_of(before.id, &actor.author(), now, &patched.changes),
        events: vec![
            article_event(before.id, &actor.author(), 0, ArticleKind::InternalNote),
            updated_event(before.id, &actor.author(), &patched.changes),
        ],
        articles: vec![NewArticle {
            ticket: before.id,
            kind: ArticleKind::InternalNote,
            body: "looking".into(),
            html: None,
            author: actor.user_id(),
            created_at: now,
        }],
        ..change()
    };
    let committed = s.commit(good.clone()).await.unwrap();
    assert_eq!(committed.articles.len(), 1);
    let after = s.ticket(before.id).await.unwrap().ticket;
    assert_eq!(
        (after.status, after.version, after.cc.len()),
        (Status::InProgress, 2, 0)
    );
    assert_eq!(
        (after.involved_units.as_slice(), after.involved_users.as_slice()),
        ([unit].as_slice(), [dave.id].as_slice())
    );
    assert_eq!(s.history(before.id).await.unwrap().len(), 1 + patched.changes.len());
    let events = all_events(s).await;
    let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::TicketCreated,
            EventKind::ArticleAdded,
            EventKind::TicketUpdated
        ]
    );
    assert_eq!(
        events[1].payload["article"], committed.articles[0].0,
        "the store writes the new article's id into its event"
    );
    assert_eq!(events[1].change, events[2].change, "one change, one id");
    assert_ne!(events[0].change, events[1].change);

    // The same change again is based on a stale version: refused, nothing written.
    let stale = s.commit(good).await;
    assert!(matches!(stale, Err(StoreError::Stale(_))), "stale version: {stale:?}");
    assert_eq!(s.articles(before.id, true).await.unwrap().len(), 1);

    // A change set whose history fails, after its ticket and article were
    // written, leaves nothing: no ticket change, article, history or event.
    let hold = apply_patch(
        &after,
        &TicketPatch {
            status: Some(Status::OnHold),
            ..Default::default()
        },
        &actor,
        now,
    )
    .unwrap();
    let broken = ChangeSet {
        tickets: vec![TicketWrite {
            before: after.clone(),
            after: hold.ticket,
        }],
        history: [
            history_of(before.id, &actor.author(), now, &hold.changes),
            history_of(TicketId(999_999), &actor.author(), now, &hold.changes),
        ]
        .concat(),
        articles: vec![NewArticle {
            ticket: before.id,
            kind: ArticleKind::PublicReply,
            body: "x".into(),
            html: None,
            author: None,
            created_at: now,
        }],
        events: vec![updated_event(before.id, &actor.author(), &hold.changes)],
        ..change()
    };
    assert!(s.commit(broken).await.is_err());
    let unchanged = s.ticket(before.id).await.unwrap().ticket;
    assert_eq!((unchanged.status, unchanged.version), (Status::InProgress, 2));
    assert_eq!(s.articles(before.id, true).await.unwrap().len(), 1);
    assert_eq!(s.history(before.id).await.unwrap().len(), 1 + patched.changes.len());
    assert_eq!(all_events(s).await.len(), 3);
}

/// Internal notes are only listed when asked for.
pub async fn internal_notes_are_filtered(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let gina = user(s, "gina@example.org", Role::Supporter).await;
    let tk = ticket(s, gina.id, "argus alarm", unit).await;
    let now = now();
    let articles = [
        ArticleKind::PublicReply,
        ArticleKind::InternalNote,
        ArticleKind::Solution,
    ]
    .map(|kind| NewArticle {
        ticket: tk.id,
        kind,
        body: format!("{kind} body"),
        html: None,
        author: Some(gina.id),
        created_at: now,
    });
    s.commit(ChangeSet {
        articles: articles.to_vec(),
        ..change()
    })
    .await
    .unwrap();
    assert_eq!(s.articles(tk.id, true).await.unwrap().len(), 3);
    let public: Vec<_> = s
        .articles(tk.id, false)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .collect();
    assert_eq!(public, [ArticleKind::PublicReply, ArticleKind::Solution]);
}

/// An article moves its ticket's `updated_at` forward, never back, so lists
/// in order of update and `updated_since` see replies.
pub async fn articles_move_their_ticket_forward(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let hugo = user(s, "hugo@example.org", Role::Supporter).await;
    let quiet = ticket(s, hugo.id, "quiet ticket", unit).await;
    let answered = ticket(s, hugo.id, "answered ticket", unit).await;
    let reply = |ticket: TicketId, created_at| NewArticle {
        ticket,
        kind: ArticleKind::PublicReply,
        body: "Any news?".into(),
        html: Some("<p>Any <b>news</b>?</p>".into()),
        author: Some(hugo.id),
        created_at,
    };
    let later = answered.updated_at + Duration::hours(2);
    let earlier = answered.updated_at - Duration::hours(1);
    s.commit(ChangeSet {
        articles: vec![
            reply(answered.id, earlier),
            reply(answered.id, later),
            reply(quiet.id, earlier),
        ],
        ..change()
    })
    .await
    .unwrap();
    let thread = s.articles(answered.id, false).await.unwrap();
    assert_eq!(
        thread[0].html.as_deref(),
        Some("<p>Any <b>news</b>?</p>"),
        "a mail's HTML, verbatim"
    );
    let stored = s.ticket(answered.id).await.unwrap().ticket;
    assert_eq!(stored.updated_at, later, "the latest reply's time");
    assert_eq!(stored.version, answered.version, "no field changed");
    let untouched = s.ticket(quiet.id).await.unwrap().ticket;
    assert_eq!(
        untouched.updated_at, quiet.updated_at,
        "an older article moves nothing back"
    );
    let since = TicketFilter {
        updated_since: Some(answered.updated_at + Duration::hours(1)),
        ..Default::default()
    };
    let page = s.tickets(&since, PageRequest { page: 1, per_page: 10 }).await.unwrap();
    let ids: Vec<_> = page.items.iter().map(|v| v.ticket.id).collect();
    assert_eq!(ids, [answered.id]);
}

/// Relations are stored once, listed from both ends, and their events
/// carry the relation's id.
pub async fn relations_are_listed_from_both_ends(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let hank = user(s, "hank@example.org", Role::Supporter).await;
    let a = ticket(s, hank.id, "a", unit).await;
    let b = ticket(s, hank.id, "b", unit).await;
    let author = Author::user(hank.id);
    let rel = NewRelation {
        kind: RelationKind::CrossReference,
        from: a.id,
        to: b.id,
        created_at: now(),
    };
    let committed = s
        .commit(ChangeSet {
            relations_added: vec![rel.clone()],
            events: relation_added_events(rel.kind, (a.id, b.id), &author, 0).to_vec(),
            ..change()
        })
        .await
        .unwrap();
    assert_eq!(s.relations(a.id).await.unwrap(), s.relations(b.id).await.unwrap());
    assert!(
        s.commit(ChangeSet {
            relations_added: vec![rel.clone()],
            ..change()
        })
        .await
        .is_err(),
        "unique"
    );
    let id = committed.relations[0];
    assert_eq!(s.relation(id).await.unwrap().kind, RelationKind::CrossReference);
    s.commit(ChangeSet {
        relations_removed: vec![id],
        events: relation_removed_events(id, rel.kind, (a.id, b.id), &author).to_vec(),
        ..change()
    })
    .await
    .unwrap();
    assert!(s.relations(a.id).await.unwrap().is_empty());
    let removing_again = s
        .commit(ChangeSet {
            relations_removed: vec![id],
            ..change()
        })
        .await;
    assert!(
        matches!(removing_again, Err(StoreError::NotFound(_))),
        "{removing_again:?}"
    );
    let kinds: Vec<_> = all_events(s)
        .await
        .into_iter()
        .skip(2)
        .map(|e| (e.kind, e.ticket, e.payload["relation"].as_i64()))
        .collect();
    assert_eq!(
        kinds,
        [
            (EventKind::RelationAdded, Some(a.id), Some(id.0)),
            (EventKind::RelationAdded, Some(b.id), Some(id.0)),
            (EventKind::RelationRemoved, Some(a.id), Some(id.0)),
            (EventKind::RelationRemoved, Some(b.id), Some(id.0))
        ]
    );
}

/// An attachment to store on `ticket`, linked to `article`.
fn attachment(
    ticket: TicketId,
    article: Option<ArticleLink>,
    name: &str,
    content: &'static [u8],
    at: chrono::DateTime<chrono::Utc>,
) -> NewAttachment {
    NewAttachment {
        ticket,
        article,
        filename: name.into(),
        content_type: "text/plain".into(),
        sha256: format!("sha-of-{}", String::from_utf8_lossy(content)),
        uploader: None,
        created_at: at,
        content: bytes::Bytes::from_static(content),
    }
}

/// Identical contents are stored once; each attachment's event carries its
/// id, and it moves its ticket's `updated_at` forward.
pub async fn attachments_are_deduplicated(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let ivy = user(s, "ivy@example.org", Role::Requester).await;
    let tk = ticket(s, ivy.id, "logs", unit).await;
    let at = tk.updated_at + Duration::minutes(5);
    let author = Author::user(ivy.id);
    let committed = s
        .commit(ChangeSet {
            attachments: vec![
                attachment(tk.id, None, "a.log", b"hello", at),
                attachment(tk.id, None, "b.log", b"hello", at),
            ],
            events: vec![
                attachment_event(tk.id, &author, 0, "a.log"),
                attachment_event(tk.id, &author, 1, "b.log"),
            ],
            ..change()
        })
        .await
        .unwrap();
    let first = &committed.attachments[0];
    assert_eq!(s.blob_count().await.unwrap(), 1);
    assert_eq!(s.attachments(tk.id).await.unwrap().len(), 2);
    assert_eq!(s.attachment_content(first.id).await.unwrap(), b"hello");
    assert_eq!(s.attachment(first.id).await.unwrap().filename, "a.log");
    assert_eq!(first.size, 5);
    let events: Vec<_> = all_events(s)
        .await
        .into_iter()
        .filter(|e| e.kind == EventKind::AttachmentAdded)
        .map(|e| (e.ticket, e.payload["attachment"].as_i64()))
        .collect();
    let ids: Vec<_> = committed.attachments.iter().map(|a| Some(a.id.0)).collect();
    assert_eq!(events, [(Some(tk.id), ids[0]), (Some(tk.id), ids[1])]);
    let stored = s.ticket(tk.id).await.unwrap().ticket;
    assert_eq!(stored.updated_at, at, "the attachment's time");
}

/// One change makes a ticket with its first article and that article's
/// attachment, linked to each other, or nothing at all.
pub async fn a_ticket_comes_with_its_article_and_attachments_or_not_at_all(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let ola = user(s, "ola@example.org", Role::Requester).await;
    let template = ticket(s, ola.id, "template", unit).await;
    let author = Author::user(ola.id);
    let whole = |attachments| ChangeSet {
        new_ticket: Some(Ticket {
            subject: "by mail".into(),
            ..template.clone()
        }),
        articles: vec![NewArticle {
            ticket: TicketId::NEW,
            kind: ArticleKind::PublicReply,
            body: "see the log".into(),
            html: None,
            author: Some(ola.id),
            created_at: template.created_at,
        }],
        attachments,
        history: history_of(
            TicketId::NEW,
            &author,
            template.created_at,
            &[FieldChange::new("status", None, Some("new".into()))],
        ),
        events: vec![
            created_event(&template, &author),
            article_event(TicketId::NEW, &author, 0, ArticleKind::PublicReply),
            attachment_event(TicketId::NEW, &author, 0, "job.log"),
        ],
        ..change()
    };
    let linked = attachment(
        TicketId::NEW,
        Some(ArticleLink::New(0)),
        "job.log",
        b"job output",
        template.created_at,
    );
    let committed = s.commit(whole(vec![linked.clone()])).await.unwrap();
    let created = committed.ticket.clone().unwrap();
    assert_eq!(s.ticket(created.id).await.unwrap().ticket.subject, "by mail");
    let articles = s.articles(created.id, false).await.unwrap();
    assert_eq!(articles.iter().map(|a| a.id).collect::<Vec<_>>(), committed.articles);
    let stored = s.attachments(created.id).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].article, Some(committed.articles[0]), "linked to its article");
    assert_eq!(s.history(created.id).await.unwrap().len(), 1);
    let events: Vec<_> = all_events(s).await.into_iter().skip(1).collect();
    assert!(events.iter().all(|e| e.ticket == Some(created.id)), "{events:?}");
    assert_eq!(events[1].payload["article"], committed.articles[0].0);
    assert_eq!(events[2].payload["attachment"], stored[0].id.0);

    // An attachment naming an article the change does not create: nothing stays.
    let tickets = s.ticket_count().await.unwrap();
    let dangling = attachment(
        TicketId::NEW,
        Some(ArticleLink::New(3)),
        "x.log",
        b"other",
        template.created_at,
    );
    let fresh = attachment(
        TicketId::NEW,
        Some(ArticleLink::New(0)),
        "new.log",
        b"content not stored yet",
        template.created_at,
    );
    let refused = s.commit(whole(vec![fresh, dangling])).await;
    assert!(matches!(refused, Err(StoreError::Conflict(_))), "{refused:?}");
    assert_eq!(s.ticket_count().await.unwrap(), tickets, "no ticket");
    assert_eq!(s.blob_count().await.unwrap(), 1, "the first file's content was undone");
    assert_eq!(all_events(s).await.len(), 4, "no event");
}
