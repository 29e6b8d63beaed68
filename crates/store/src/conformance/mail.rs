//! The mail gateway's storage: Message-IDs, an opening mail's HTML, and
//! the outbox of notifications.

use std::time::Duration;

use guichet_domain::article::ArticleKind;
use guichet_domain::ids::{ChangeId, TicketId};
use guichet_domain::role::Role;

use super::{change, first_level, now, ticket, user};
use crate::testing::TestStore;
use crate::*;

fn mail(change: i64, recipient: &str, ticket: Option<TicketId>, message_id: &str) -> NewOutgoingMail {
    NewOutgoingMail {
        change: ChangeId(change),
        recipient: recipient.into(),
        ticket,
        message_id: message_id.into(),
        message: format!("Subject: {message_id}\r\n\r\nBody\r\n").into_bytes(),
        internal: message_id.starts_with("internal"),
        at: now(),
    }
}

/// A change's Message-IDs find its ticket, the first known one winning;
/// the opening mail's HTML is kept; a Message-ID already known keeps its
/// first ticket.
pub async fn message_ids_find_their_ticket(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let pia = user(s, "pia@example.org", Role::Requester).await;
    let older = ticket(s, pia.id, "Older", unit).await;
    let opened = ticket(s, pia.id, "Opened by mail", unit).await;
    let mut reply = change();
    reply.articles.push(NewArticle {
        ticket: opened.id,
        kind: ArticleKind::PublicReply,
        body: "A reply".into(),
        html: None,
        author: Some(pia.id),
        created_at: now(),
    });
    reply.message_ids = vec![
        NewMessageId {
            message_id: "reply@mail.example".into(),
            ticket: opened.id,
            article: Some(0),
        },
        NewMessageId {
            message_id: "older@mail.example".into(),
            ticket: older.id,
            article: None,
        },
    ];
    s.commit(reply).await.unwrap();
    let mut again = change();
    again.message_ids = vec![NewMessageId {
        message_id: "reply@mail.example".into(),
        ticket: older.id,
        article: None,
    }];
    s.commit(again).await.unwrap();

    let find = |ids: &[&str]| ids.iter().map(|i| i.to_string()).collect::<Vec<_>>();
    assert_eq!(
        s.ticket_by_message_ids(&find(&["reply@mail.example"])).await.unwrap(),
        Some(opened.id)
    );
    assert_eq!(
        s.ticket_by_message_ids(&find(&["unknown@x", "older@mail.example", "reply@mail.example"]))
            .await
            .unwrap(),
        Some(older.id),
        "the first known id wins"
    );
    assert_eq!(s.ticket_by_message_ids(&find(&["unknown@x"])).await.unwrap(), None);
    assert_eq!(s.ticket_by_message_ids(&[]).await.unwrap(), None);

    let mut opening = change();
    opening.new_ticket = Some(older.clone());
    opening.description_html = Some("<p>Hello</p>".into());
    opening.message_ids = vec![NewMessageId {
        message_id: "opening@mail.example".into(),
        ticket: TicketId::NEW,
        article: None,
    }];
    let created = s.commit(opening).await.unwrap().ticket.unwrap();
    assert_eq!(
        s.description_html(created.id).await.unwrap().as_deref(),
        Some("<p>Hello</p>")
    );
    assert_eq!(s.description_html(older.id).await.unwrap(), None);
    assert_eq!(
        s.ticket_by_message_ids(&find(&["opening@mail.example"])).await.unwrap(),
        Some(created.id)
    );
}

/// A notification is queued once per change and recipient; its
/// Message-ID then finds its ticket.
pub async fn notifications_are_queued_once(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let pia = user(s, "pia@example.org", Role::Requester).await;
    let tk = ticket(s, pia.id, "Queued", unit).await;
    let first = [
        mail(7, "a@example.org", Some(tk.id), "n1@guichet"),
        mail(7, "b@example.org", Some(tk.id), "n2@guichet"),
    ];
    assert_eq!(s.enqueue_mail(&first).await.unwrap(), 2);
    let repeat = [
        mail(7, "a@example.org", Some(tk.id), "n3@guichet"),
        mail(8, "a@example.org", None, "n4@guichet"),
    ];
    assert_eq!(s.enqueue_mail(&repeat).await.unwrap(), 1, "change 7 already mailed a@");
    let all = s.outbox(None).await.unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|m| m.state == MailState::Pending && m.attempts == 0));
    assert_eq!(s.outbox(Some(tk.id)).await.unwrap().len(), 2);
    assert_eq!(
        s.ticket_by_message_ids(&["n2@guichet".to_string()]).await.unwrap(),
        Some(tk.id)
    );
    let internal = [mail(9, "c@example.org", Some(tk.id), "internal-1@guichet")];
    s.enqueue_mail(&internal).await.unwrap();
    let ids = |list: &[&str]| list.iter().map(|i| i.to_string()).collect::<Vec<_>>();
    assert!(
        s.answers_internal(&ids(&["unknown@x", "internal-1@guichet"]))
            .await
            .unwrap()
    );
    assert!(
        !s.answers_internal(&ids(&["n1@guichet", "internal-1@guichet"]))
            .await
            .unwrap(),
        "the first known wins"
    );
    assert!(!s.answers_internal(&ids(&["unknown@x"])).await.unwrap());
}

/// Claimed mails are leased: another node gets the others; an outcome is
/// recorded only by the holder; a retry comes back when due; sent and
/// failed mails are never claimed again.
pub async fn the_outbox_is_claimed_under_leases(t: TestStore) {
    let s = t.store.as_ref();
    let lease = Duration::from_secs(30);
    let mails: Vec<_> = (0..5)
        .map(|i| mail(100 + i, &format!("r{i}@example.org"), None, &format!("m{i}@guichet")))
        .collect();
    s.enqueue_mail(&mails).await.unwrap();
    let at = now();
    let a = s.claim_mail("node-a", at, lease, 3).await.unwrap();
    let b = s.claim_mail("node-b", at, lease, 10).await.unwrap();
    assert_eq!(a.len(), 3);
    assert_eq!(b.len(), 2);
    assert!(a.iter().all(|m| b.iter().all(|n| n.id != m.id)), "no mail leased twice");
    assert!(s.claim_mail("node-c", at, lease, 10).await.unwrap().is_empty());

    assert!(
        !s.finish_mail(a[0].id, "node-b", at, &MailOutcome::Sent).await.unwrap(),
        "not b's"
    );
    assert!(s.finish_mail(a[0].id, "node-a", at, &MailOutcome::Sent).await.unwrap());
    let later = at + chrono::Duration::seconds(60);
    let retry = MailOutcome::Retry {
        error: "451 try later".into(),
        at: later,
    };
    assert!(s.finish_mail(a[1].id, "node-a", at, &retry).await.unwrap());
    let failed = MailOutcome::Failed {
        error: "550 no such user".into(),
    };
    assert!(s.finish_mail(a[2].id, "node-a", at, &failed).await.unwrap());
    assert!(
        s.claim_mail("node-c", at, lease, 10).await.unwrap().is_empty(),
        "the retry is not due yet"
    );
    let again = s.claim_mail("node-c", later, lease, 10).await.unwrap();
    assert_eq!(again.iter().map(|m| m.id).collect::<Vec<_>>(), vec![a[1].id]);
    assert_eq!(again[0].attempts, 1);
    assert_eq!(again[0].last_error.as_deref(), Some("451 try later"));

    let all = s.outbox(None).await.unwrap();
    let state = |id: i64| all.iter().find(|m| m.id == id).unwrap().clone();
    assert_eq!(state(a[0].id).state, MailState::Sent);
    assert!(state(a[0].id).finished_at.is_some());
    assert_eq!(state(a[2].id).state, MailState::Failed);
    assert_eq!(state(a[2].id).last_error.as_deref(), Some("550 no such user"));
}
