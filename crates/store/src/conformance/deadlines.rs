//! What the deadline scheduler reads: the clocks of open tickets, with the
//! unit's first response, and where its last pass stopped.

use chrono::Duration;

use guichet_domain::article::ArticleKind;
use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;

use super::{change, first_level, now, ticket, user};
use crate::testing::TestStore;
use crate::*;

async fn reply(s: &dyn Store, ticket: &Ticket, kind: ArticleKind, author: UserId, at: chrono::DateTime<chrono::Utc>) {
    let set = ChangeSet {
        articles: vec![NewArticle {
            ticket: ticket.id,
            kind,
            body: "an answer".into(),
            html: None,
            author: Some(author),
            created_at: at,
        }],
        ..change()
    };
    s.commit(set).await.unwrap();
}

async fn set_status(s: &dyn Store, before: &Ticket, status: Status, at: chrono::DateTime<chrono::Utc>) {
    rewrite(
        s,
        before,
        Ticket {
            status,
            status_changed_at: at,
            ..before.clone()
        },
    )
    .await;
}

async fn rewrite(s: &dyn Store, before: &Ticket, after: Ticket) {
    let after = Ticket {
        version: before.version + 1,
        ..after
    };
    let set = ChangeSet {
        tickets: vec![TicketWrite {
            before: before.clone(),
            after,
        }],
        ..change()
    };
    s.commit(set).await.unwrap();
}

/// Open tickets only, each with the unit's first response: a status change
/// after the assignment, or the first public reply or solution by someone
/// other than the submitter; the submitter's own words and internal notes
/// are no response.
pub async fn open_tickets_come_with_their_clocks(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let jo = user(s, "jo@example.org", Role::Requester).await;
    let expert = user(s, "expert@example.org", Role::Supporter).await;
    let silent = ticket(s, jo.id, "nobody answered", unit).await;
    let noted = ticket(s, jo.id, "only a note", unit).await;
    let answered = ticket(s, jo.id, "answered", unit).await;
    let moved = ticket(s, jo.id, "in progress", unit).await;
    let solved = ticket(s, jo.id, "solved", unit).await;
    let later = now() + Duration::minutes(5);
    reply(s, &silent, ArticleKind::PublicReply, jo.id, later).await;
    reply(s, &noted, ArticleKind::InternalNote, expert.id, later).await;
    reply(s, &answered, ArticleKind::PublicReply, expert.id, later).await;
    reply(
        s,
        &answered,
        ArticleKind::PublicReply,
        expert.id,
        later + Duration::minutes(1),
    )
    .await;
    set_status(s, &moved, Status::InProgress, later).await;
    set_status(s, &solved, Status::Solved, later).await;

    let clocks = s.open_ticket_clocks().await.unwrap();
    let find = |id: TicketId| clocks.iter().find(|c| c.ticket == id);
    assert_eq!(clocks.len(), 4, "the solved ticket has no clock");
    assert!(find(solved.id).is_none());
    let silent_clock = find(silent.id).unwrap();
    assert_eq!(silent_clock.responded_at, None, "the submitter's words are no response");
    assert_eq!(silent_clock.status, Status::New);
    assert_eq!(silent_clock.unit, unit);
    assert_eq!(silent_clock.assigned_at, silent.assigned_at);
    assert_eq!(find(noted.id).unwrap().responded_at, None, "a note is no response");
    assert_eq!(find(answered.id).unwrap().responded_at, Some(later), "the first reply");
    assert_eq!(find(moved.id).unwrap().responded_at, Some(later), "the status change");
    let ids: Vec<TicketId> = clocks.iter().map(|c| c.ticket).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in id order");
    let ids = s.open_ticket_ids(None).await.unwrap();
    assert_eq!(ids, [silent.id, noted.id, answered.id, moved.id]);
    let some = s.ticket_clocks(&[noted.id, solved.id, moved.id]).await.unwrap();
    assert_eq!(some, [clocks[1].clone(), clocks[3].clone()], "open ones only, in order");
    assert!(s.ticket_clocks(&[]).await.unwrap().is_empty());
}

/// A pass may leave out the tickets whose assignment and last status
/// change both came before an instant, except those waiting for a reply.
pub async fn quiet_tickets_can_be_left_out(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let jo = user(s, "jo@example.org", Role::Requester).await;
    let quiet = ticket(s, jo.id, "quiet for long", unit).await;
    let moved = ticket(s, jo.id, "status changed since", unit).await;
    let reassigned = ticket(s, jo.id, "assigned since", unit).await;
    let waiting = ticket(s, jo.id, "waiting for long", unit).await;
    let solved = ticket(s, jo.id, "solved since", unit).await;
    let instant = now() + Duration::hours(1);
    set_status(s, &solved, Status::Solved, instant).await;
    set_status(s, &moved, Status::InProgress, instant).await;
    let later = Ticket {
        assigned_at: instant + Duration::minutes(1),
        ..reassigned.clone()
    };
    rewrite(s, &reassigned, later).await;
    set_status(s, &waiting, Status::WaitingForReply, now() - Duration::days(30)).await;

    let read = |since| async move { s.open_ticket_ids(since).await.unwrap() };
    assert_eq!(
        read(Some(instant)).await,
        [moved.id, reassigned.id, waiting.id],
        "the quiet one is left out, the solved one is not open; a start at the instant counts"
    );
    assert_eq!(read(None).await, [quiet.id, moved.id, reassigned.id, waiting.id]);
}

/// The closure reads the solved and unsolved tickets answered by a time,
/// and no others.
pub async fn answered_tickets_are_read_by_their_answer(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let jo = user(s, "jo@example.org", Role::Requester).await;
    let solved = ticket(s, jo.id, "solved long ago", unit).await;
    let unsolved = ticket(s, jo.id, "unsolved long ago", unit).await;
    let recent = ticket(s, jo.id, "solved just now", unit).await;
    let verified = ticket(s, jo.id, "verified long ago", unit).await;
    let open = ticket(s, jo.id, "still open", unit).await;
    let long_ago = now() - Duration::days(20);
    set_status(s, &solved, Status::Solved, long_ago).await;
    set_status(s, &unsolved, Status::Unsolved, long_ago).await;
    set_status(s, &recent, Status::Solved, now()).await;
    set_status(s, &verified, Status::Verified, long_ago).await;
    let _ = open;
    let answered = s.answered_before(now() - Duration::days(1)).await.unwrap();
    assert_eq!(
        answered,
        [
            AnsweredTicket {
                id: solved.id,
                unit,
                status: Status::Solved,
                answered_at: long_ago,
            },
            AnsweredTicket {
                id: unsolved.id,
                unit,
                status: Status::Unsolved,
                answered_at: long_ago,
            },
        ]
    );
    let all: Vec<TicketId> = s.answered_before(now()).await.unwrap().iter().map(|a| a.id).collect();
    assert_eq!(all, [solved.id, unsolved.id, recent.id], "at or before");
}

/// The end of the last pass is kept per scheduler and never moves back.
pub async fn deadline_passes_only_move_forward(t: TestStore) {
    let s = t.store.as_ref();
    assert_eq!(s.deadline_pass("deadlines").await.unwrap(), None);
    let first = now();
    s.set_deadline_pass("deadlines", first).await.unwrap();
    assert_eq!(s.deadline_pass("deadlines").await.unwrap(), Some(first));
    s.set_deadline_pass("deadlines", first - Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(s.deadline_pass("deadlines").await.unwrap(), Some(first), "never back");
    let second = first + Duration::minutes(5);
    s.set_deadline_pass("deadlines", second).await.unwrap();
    assert_eq!(s.deadline_pass("deadlines").await.unwrap(), Some(second));
    assert_eq!(s.deadline_pass("other").await.unwrap(), None, "per scheduler");
}
