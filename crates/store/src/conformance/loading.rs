//! Bulk loads and concurrent creations.

use guichet_domain::actor::Author;
use guichet_domain::article::ArticleKind;
use guichet_domain::event::{FieldChange, created_event, history_of};
use guichet_domain::ids::{TicketId, UserId};
use guichet_domain::priority::Priority;
use guichet_domain::role::Role;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::text::Email;
use guichet_domain::ticket::{NotificationMode, Ticket, Visibility};

use super::*;
use crate::testing::TestStore;

/// Bulk-loaded tickets are readable and later tickets get fresh ids.
pub async fn bulk_loading_keeps_ids_consistent(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let template = ticket(s, kim.id, "template", unit).await;
    let bulk: Vec<BulkTicket> = (0..1200)
        .map(|i| BulkTicket {
            ticket: Ticket {
                subject: format!("bulk {i}"),
                cc: vec![],
                ..template.clone()
            },
            articles: vec![
                NewArticle {
                    ticket: TicketId(0),
                    kind: ArticleKind::PublicReply,
                    body: format!("reply {i}"),
                    html: None,
                    author: Some(kim.id),
                    created_at: now()
                };
                2
            ],
        })
        .collect();
    assert_eq!(s.bulk_insert(bulk).await.unwrap(), 1200);
    s.refresh_statistics().await.unwrap();
    let listed = s
        .tickets(
            &TicketFilter {
                submitter: Some(kim.id),
                ..Default::default()
            },
            PageRequest { page: 1, per_page: 5 },
        )
        .await
        .unwrap();
    assert_eq!(listed.total, 1201, "listed through the submitter index");
    assert_eq!(s.ticket_count().await.unwrap(), 1201);
    let last = s.ticket(TicketId(template.id.0 + 1200)).await.unwrap();
    assert_eq!(last.ticket.subject, "bulk 1199");
    assert_eq!(s.articles(last.ticket.id, false).await.unwrap().len(), 2);
    let after = ticket(s, kim.id, "after bulk", unit).await;
    assert_eq!(after.id.0, template.id.0 + 1201);
}

/// Bulk-loaded labels (status, qualifier, priorities, visibility,
/// notification mode, article kind) read back as loaded: the loader binds
/// them as positions in their sets and the database turns them back.
pub async fn bulk_loaded_tickets_keep_every_label(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let template = ticket(s, kim.id, "template", unit).await;
    let qualifiers = std::iter::once(None).chain(Qualifier::ALL.iter().copied().map(Some));
    let loaded: Vec<Ticket> = Status::ALL
        .iter()
        .cycle()
        .zip(qualifiers.cycle())
        .zip(Priority::ALL.iter().cycle())
        .zip(Priority::ALL.iter().rev().cycle())
        .zip(NotificationMode::ALL.iter().cycle())
        .zip(Visibility::ALL.iter().cycle())
        .take(60)
        .enumerate()
        .map(
            |(i, (((((status, qualifier), priority), original), mode), visibility))| Ticket {
                id: TicketId(template.id.0 + 1 + i64::try_from(i).unwrap()),
                subject: format!("labels {i}"),
                status: *status,
                qualifier,
                priority: *priority,
                original_priority: *original,
                notification_mode: *mode,
                visibility: *visibility,
                cc: vec![],
                ..template.clone()
            },
        )
        .collect();
    let bulk = loaded
        .iter()
        .zip(ArticleKind::ALL.iter().cycle())
        .map(|(ticket, kind)| BulkTicket {
            ticket: ticket.clone(),
            articles: vec![NewArticle {
                ticket: TicketId(0),
                kind: *kind,
                body: format!("{kind} of {}", ticket.subject),
                html: None,
                author: Some(kim.id),
                created_at: template.created_at,
            }],
        })
        .collect();
    s.bulk_insert(bulk).await.unwrap();
    for (expected, kind) in loaded.iter().zip(ArticleKind::ALL.iter().cycle()) {
        let read = s.ticket(expected.id).await.unwrap().ticket;
        assert_eq!(read.subject, expected.subject);
        assert_eq!(
            (read.status, read.qualifier, read.priority, read.original_priority),
            (
                expected.status,
                expected.qualifier,
                expected.priority,
                expected.original_priority
            ),
            "{}",
            expected.subject
        );
        assert_eq!(
            (read.notification_mode, read.visibility),
            (expected.notification_mode, expected.visibility)
        );
        let articles = s.articles(expected.id, true).await.unwrap();
        assert_eq!(articles.iter().map(|a| a.kind).collect::<Vec<_>>(), vec![*kind]);
    }
}

/// A bulk load that fails part-way, here on an article of its second
/// article statement, leaves none of its tickets or articles behind.
pub async fn a_failed_bulk_load_leaves_nothing(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let ada = user(s, "ada@example.org", Role::Requester).await;
    let template = ticket(s, ada.id, "template", unit).await;
    let article = |author| NewArticle {
        ticket: TicketId(0),
        kind: ArticleKind::PublicReply,
        body: "it's <b>fine</b>'; DROP TABLE tickets; --".into(),
        html: None,
        author: Some(author),
        created_at: now(),
    };
    let mut bulk: Vec<BulkTicket> = (0..3000)
        .map(|_| BulkTicket {
            ticket: Ticket {
                cc: vec![],
                ..template.clone()
            },
            articles: vec![article(ada.id), article(ada.id)],
        })
        .collect();
    bulk[2900].articles[1] = article(UserId(999_999));
    assert!(s.bulk_insert(bulk).await.is_err(), "an unknown author is refused");
    assert_eq!(s.ticket_count().await.unwrap(), 1, "only the template is left");
    assert_eq!(s.articles(TicketId(template.id.0 + 1), true).await.unwrap().len(), 0);
    let after = ticket(s, ada.id, "after the failed load", unit).await;
    assert!(after.id > template.id, "later tickets still get ids");
    assert_eq!(s.ticket_count().await.unwrap(), 2);
}

/// Concurrent creations share transactions, yet each gets its own id and its own failure.
pub async fn concurrent_creations_are_independent(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let lea = user(s, "lea@example.org", Role::Requester).await;
    let template = ticket(s, lea.id, "template", unit).await;
    let unknown = UserId(999_999);
    let outcomes = create_concurrently(&t, &template, (0..40).map(|i| if i == 17 { unknown } else { lea.id })).await;
    for (i, outcome) in outcomes.iter().enumerate() {
        assert_eq!(
            outcome.is_err(),
            i == 17,
            "only the unknown submitter fails: {outcome:?}"
        );
    }
    let ids: std::collections::HashSet<_> = outcomes.iter().flatten().map(|t| t.id).collect();
    assert_eq!(ids.len(), 39, "every other creation succeeded with its own id");
    assert_eq!(s.ticket_count().await.unwrap(), 40);
}

/// Tickets created together, in one transaction, each get their own row,
/// sets, history and event.
pub async fn tickets_created_together_keep_their_own_rows(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let lea = user(s, "lea@example.org", Role::Requester).await;
    let template = ticket(s, lea.id, "template", unit).await;
    let outcomes = create_concurrently(&t, &template, std::iter::repeat_n(lea.id, 40)).await;
    let events = all_events(s).await;
    for (i, outcome) in outcomes.into_iter().enumerate() {
        let returned = outcome.unwrap();
        assert_eq!(
            returned.subject,
            format!("concurrent {i}"),
            "creation {i} got its own ticket back"
        );
        let stored = s.ticket(returned.id).await.unwrap().ticket;
        assert_eq!(
            stored, returned,
            "ticket {i} reads back as it was returned, sets included"
        );
        let history = s.history(returned.id).await.unwrap();
        let news: Vec<_> = history.iter().map(|h| h.change.new.clone()).collect();
        assert_eq!(
            news,
            [Some(format!("concurrent {i}"))],
            "ticket {i} has its own history"
        );
        let own: Vec<_> = events
            .iter()
            .filter(|e| e.ticket == Some(returned.id))
            .map(|e| &e.payload)
            .collect();
        assert_eq!(own, [&serde_json::json!({ "i": i })], "ticket {i} has its own event");
    }
}

/// Creates one ticket per submitter, all at once, each with its own subject,
/// sets, history entry and event; returns the outcomes in submitter order.
async fn create_concurrently(
    t: &TestStore,
    template: &Ticket,
    submitters: impl Iterator<Item = UserId>,
) -> Vec<StoreResult<Ticket>> {
    // While another connection holds the database's write lock, the
    // creations pile up in the writer's queue, and are then written
    // together in batches.
    let hold = crate::testing::hold_writes(t).await;
    let mut tasks = tokio::task::JoinSet::new();
    for (i, submitter) in submitters.enumerate() {
        let new = Ticket {
            subject: format!("concurrent {i}"),
            submitter,
            involved_units: if i % 3 == 0 { vec![template.unit] } else { vec![] },
            involved_users: if i % 5 == 0 { vec![template.submitter] } else { vec![] },
            cc: (0..i % 4)
                .map(|n| Email::parse("cc", &format!("cc{i}-{n}@example.org")).unwrap())
                .collect(),
            ..template.clone()
        };
        let subject = FieldChange::new("subject", None, Some(format!("concurrent {i}")));
        let author = Author::user(submitter);
        let mut event = created_event(&new, &author);
        event.payload = serde_json::json!({ "i": i });
        let change = ChangeSet {
            new_ticket: Some(new),
            history: history_of(TicketId::NEW, &author, template.created_at, &[subject]),
            events: vec![event],
            ..change()
        };
        let store = t.store.clone();
        tasks.spawn(async move {
            let committed = store.commit(change).await;
            (i, committed.map(|c| c.ticket.expect("a new ticket")))
        });
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    hold.release().await;
    let mut outcomes: Vec<_> = tasks.join_all().await;
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}
