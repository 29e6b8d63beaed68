//! The behavioural test suite every backend must pass. Each function takes a
//! fresh [`TestStore`]; the backends' test files run them all through
//! [`crate::backend_tests!`].

#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

use guichet_domain::actor::Author;
use guichet_domain::clock::{Clock, SystemClock};
use guichet_domain::event::{FieldChange, created_event, history_of};
use guichet_domain::ids::{ChangeId, TicketId, UnitId, UserId};
use guichet_domain::priority::Priority;
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::role::Role;
use guichet_domain::text::{Email, NonBlank, Subject};
use guichet_domain::ticket::{NewTicket, NotificationMode, Ticket, Visibility, open_ticket};

use crate::*;

mod accounts;
mod calendars;
mod changes;
mod closure;
mod deadlines;
mod knowledge;
mod listing;
mod loading;
mod mail;
mod people;
mod platform;
mod reference;
mod rota;
mod search;

pub use accounts::*;
pub use calendars::*;
pub use changes::*;
pub use closure::*;
pub use deadlines::*;
pub use knowledge::*;
pub use listing::*;
pub use loading::*;
pub use mail::*;
pub use people::*;
pub use platform::*;
pub use reference::*;
pub use rota::*;
pub use search::*;

/// Now, by the machine's clock.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    SystemClock.now()
}

/// A change identity no other change of this process has.
pub fn change_id() -> ChangeId {
    use std::sync::atomic::{AtomicI64, Ordering};
    static NEXT: AtomicI64 = AtomicI64::new(1);
    ChangeId(NEXT.fetch_add(1, Ordering::Relaxed))
}

/// An empty change made now.
pub fn change() -> ChangeSet {
    ChangeSet::new(change_id(), now())
}

/// The whole event log, in the order consumers read it.
pub async fn all_events(store: &dyn Store) -> Vec<StoredEvent> {
    store.events_after(EventPosition::default(), 10_000).await.unwrap()
}

/// Stores `ticket` as a new ticket, alone in its change.
pub async fn create(store: &dyn Store, ticket: Ticket) -> StoreResult<Ticket> {
    let committed = store
        .commit(ChangeSet {
            new_ticket: Some(ticket),
            ..change()
        })
        .await?;
    Ok(committed.ticket.expect("the change creates a ticket"))
}

/// A new user with `role`.
pub async fn user(store: &dyn Store, email: &str, role: Role) -> User {
    let new = NewUser {
        email: email.into(),
        name: email.into(),
        role,
        dn: None,
        password_hash: None,
        created_at: now(),
    };
    store.create_user(new).await.expect("create user")
}

/// A first-level support unit.
pub async fn first_level(store: &dyn Store) -> UnitId {
    let unit = UnitInput {
        name: "First-level support".into(),
        kind: UnitKind::FirstLevel,
        qos_level: QosLevel::Medium,
        email: None,
        members: vec![],
    };
    store.create_unit(unit).await.expect("first-level unit").id
}

/// Opens and stores a ticket the way the service does.
pub async fn ticket(store: &dyn Store, submitter: UserId, subject: &str, unit: UnitId) -> Ticket {
    let request = NewTicket {
        subject: Subject::parse(subject).expect("subject"),
        description: NonBlank::parse("description", "It broke.").expect("description"),
        submitter,
        issue_type: None,
        site: None,
        vo: None,
        occurred_at: None,
        priority: Priority::LessUrgent,
        priority_justification: None,
        involved_units: vec![],
        involved_users: vec![],
        cc: vec![Email::parse("cc", "cc@example.org").expect("cc")],
        notification_mode: NotificationMode::OnSolution,
        visibility: Visibility::Public,
    };
    let now = now();
    let t = open_ticket(request, Role::Requester, None, unit, now).expect("open");
    let author = Author::user(submitter);
    let history = history_of(
        TicketId::NEW,
        &author,
        now,
        &[FieldChange::new("status", None, Some("new".into()))],
    );
    let events = vec![created_event(&t, &author)];
    let committed = store
        .commit(ChangeSet {
            new_ticket: Some(t),
            history,
            events,
            ..ChangeSet::new(change_id(), now)
        })
        .await
        .expect("create ticket");
    committed.ticket.expect("the new ticket")
}

/// How many tickets match `filter`.
pub async fn total(s: &dyn Store, filter: &TicketFilter) -> i64 {
    s.tickets(filter, PageRequest { page: 1, per_page: 50 })
        .await
        .unwrap()
        .total
}
