//! The behavioural test suite every backend must pass. Each function takes a
//! fresh [`TestStore`]; the backends' test files run them all through
//! [`crate::backend_tests!`].

#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

use chrono::Duration;

use guichet_domain::actor::{Actor, Author};
use guichet_domain::article::ArticleKind;
use guichet_domain::clock::{Clock, SystemClock};
use guichet_domain::event::{
    EventKind, FieldChange, article_event, attachment_event, created_event, history_of, relation_added_events,
    relation_removed_events, updated_event,
};
use guichet_domain::ids::{ChangeId, TicketId, UnitId, UserId};
use guichet_domain::priority::Priority;
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::relation::RelationKind;
use guichet_domain::role::Role;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::text::{Email, NonBlank, Subject};
use guichet_domain::ticket::{NewTicket, NotificationMode, Ticket, Visibility, open_ticket};
use guichet_domain::update::{TicketPatch, apply_patch};

use crate::testing::TestStore;
use crate::*;

mod platform;

pub use platform::*;

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

/// Users: create, read, unique address, update, disable.
pub async fn users_are_unique_and_updatable(t: TestStore) {
    let s = t.store.as_ref();
    let alice = user(s, "alice@example.org", Role::Supporter).await;
    assert_eq!(s.user(alice.id).await.unwrap(), alice);
    assert_eq!(s.user_by_email("alice@example.org").await.unwrap(), Some(alice.clone()));
    let dup = s
        .create_user(NewUser {
            email: "alice@example.org".into(),
            name: "A".into(),
            role: Role::Admin,
            dn: None,
            password_hash: None,
            created_at: now(),
        })
        .await;
    assert!(
        matches!(dup, Err(StoreError::Conflict(m)) if m.contains("email")),
        "duplicate address is a conflict"
    );
    let patch = UserPatch {
        disabled: Some(true),
        role: Some(Role::Coordinator),
        ..Default::default()
    };
    let updated = s.update_user(alice.id, patch).await.unwrap();
    assert!(updated.disabled);
    assert_eq!(updated.role, Role::Coordinator);
    assert!(matches!(s.user(UserId(9999)).await, Err(StoreError::NotFound(_))));
}

/// Deleting an account takes its tokens, sessions and memberships with it;
/// an account that submitted a ticket stays.
pub async fn only_accounts_nothing_refers_to_are_deleted(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let passer = user(s, "passer@example.org", Role::Supporter).await;
    s.create_api_token(passer.id, "passer-token", now(), None)
        .await
        .unwrap();
    let tomorrow = now() + Duration::days(1);
    s.create_session(passer.id, "passer-session", now(), tomorrow)
        .await
        .unwrap();
    let team = s
        .create_unit(UnitInput {
            name: "Passers".into(),
            kind: UnitKind::Expertise,
            qos_level: QosLevel::Base,
            email: None,
            members: vec![passer.id],
        })
        .await
        .unwrap();
    s.delete_user(passer.id).await.unwrap();
    assert!(matches!(s.user(passer.id).await, Err(StoreError::NotFound(_))));
    assert_eq!(s.user_by_api_token("passer-token").await.unwrap(), None);
    assert_eq!(s.user_by_session("passer-session").await.unwrap(), None);
    assert!(s.unit(team.id).await.unwrap().members.is_empty());
    assert!(matches!(s.delete_user(passer.id).await, Err(StoreError::NotFound(_))));
    let author = user(s, "author@example.org", Role::Requester).await;
    let first = ticket(s, author.id, "kept", unit).await;
    let second = ticket(s, author.id, "related", unit).await;
    let relater = user(s, "relater@example.org", Role::Supporter).await;
    let relation = NewRelation {
        kind: RelationKind::CrossReference,
        from: first.id,
        to: second.id,
        created_at: now(),
    };
    let events = relation_added_events(relation.kind, (first.id, second.id), &Author::user(relater.id), 0);
    s.commit(ChangeSet {
        relations_added: vec![relation],
        events: events.to_vec(),
        ..change()
    })
    .await
    .unwrap();
    for kept in [&author, &relater] {
        let refused = s.delete_user(kept.id).await;
        assert!(
            matches!(&refused, Err(StoreError::Conflict(m)) if m.contains("disable")),
            "{refused:?}"
        );
        assert_eq!(&s.user(kept.id).await.unwrap(), kept);
    }
}

/// Tokens and sessions resolve to their user with their expiry.
pub async fn tokens_and_sessions_resolve(t: TestStore) {
    let s = t.store.as_ref();
    let bob = user(s, "bob@example.org", Role::Requester).await;
    let expiry = now() + Duration::hours(1);
    s.create_api_token(bob.id, "hash-1", now(), None).await.unwrap();
    s.create_session(bob.id, "sess-1", now(), expiry).await.unwrap();
    let (owner, expires) = s.user_by_api_token("hash-1").await.unwrap().unwrap();
    assert_eq!((owner.id, expires), (bob.id, None));
    let (owner, expires) = s.user_by_session("sess-1").await.unwrap().unwrap();
    assert_eq!(owner.id, bob.id);
    assert!((expires - expiry).num_milliseconds().abs() < 1);
    assert!(s.user_by_api_token("nope").await.unwrap().is_none());
    s.delete_session("sess-1").await.unwrap();
    assert!(s.user_by_session("sess-1").await.unwrap().is_none());
}

/// Moments come back to the microsecond, before 1970 and far ahead too, and
/// compare as moments (`updated_since` is inclusive).
pub async fn moments_round_trip_exactly(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let ines = user(s, "ines@example.org", Role::Requester).await;
    let template = ticket(s, ines.id, "template", unit).await;
    let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc();
    let moments = [
        at("1969-07-20T20:17:40.000001Z"),
        at("2016-02-29T23:59:59.999999Z"),
        at("2199-12-31T00:00:00.123456Z"),
    ];
    let mut stored = vec![];
    for moment in moments {
        let new = Ticket {
            occurred_at: Some(moment),
            updated_at: moment,
            ..template.clone()
        };
        stored.push(create(s, new).await.unwrap().id);
    }
    for (id, moment) in stored.iter().zip(moments) {
        let back = s.ticket(*id).await.unwrap().ticket;
        assert_eq!((back.occurred_at, back.updated_at), (Some(moment), moment));
    }
    let since = |moment| TicketFilter {
        updated_since: Some(moment),
        submitter: Some(ines.id),
        ..Default::default()
    };
    assert_eq!(total(s, &since(moments[1])).await, 3, "the template and the two latest");
    assert_eq!(total(s, &since(moments[1] + Duration::microseconds(1))).await, 2);
    s.create_session(ines.id, "sess-far", now(), moments[2]).await.unwrap();
    let (_, expires) = s.user_by_session("sess-far").await.unwrap().unwrap();
    assert_eq!(expires, moments[2]);
}

/// Units keep their members; a unit in use cannot be deleted.
pub async fn units_keep_members_and_refuse_deletion_in_use(t: TestStore) {
    let s = t.store.as_ref();
    let a = user(s, "a@example.org", Role::Supporter).await;
    let b = user(s, "b@example.org", Role::Supporter).await;
    let input = UnitInput {
        name: "Monitoring".into(),
        kind: UnitKind::Expertise,
        qos_level: QosLevel::Advanced,
        email: Some("mon@example.org".into()),
        members: vec![b.id, a.id],
    };
    let unit = s.create_unit(input.clone()).await.unwrap();
    assert_eq!(unit.members, vec![a.id, b.id]);
    assert!(matches!(
        s.create_unit(input.clone()).await,
        Err(StoreError::Conflict(_))
    ));
    let renamed = s
        .update_unit(
            unit.id,
            UnitInput {
                name: "Monitoring (ARGO)".into(),
                members: vec![a.id],
                ..input
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.members.clone()),
        ("Monitoring (ARGO)", vec![a.id])
    );
    ticket(s, a.id, "probe fails", unit.id).await;
    assert!(matches!(s.delete_unit(unit.id).await, Err(StoreError::Conflict(_))));
    let spare = s
        .create_unit(UnitInput {
            name: "Spare".into(),
            kind: UnitKind::Expertise,
            qos_level: QosLevel::Base,
            email: None,
            members: vec![],
        })
        .await
        .unwrap();
    s.delete_unit(spare.id).await.unwrap();
    assert!(matches!(s.unit(spare.id).await, Err(StoreError::NotFound(_))));
    assert!(matches!(s.delete_unit(spare.id).await, Err(StoreError::NotFound(_))));
}

/// A site comes with its own unit, renamed and deleted with it.
pub async fn sites_come_with_their_unit(t: TestStore) {
    let s = t.store.as_ref();
    let site = s
        .create_site(SiteInput {
            name: "IN2P3-CC".into(),
            ngi: Some("NGI_FRANCE".into()),
        })
        .await
        .unwrap();
    let unit = s.unit(site.unit).await.unwrap();
    assert_eq!((unit.name.as_str(), unit.kind), ("IN2P3-CC (site)", UnitKind::Site));
    let renamed = s
        .update_site(
            site.id,
            SiteInput {
                name: "CC-IN2P3".into(),
                ngi: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.ngi, None);
    assert_eq!(s.unit(site.unit).await.unwrap().name, "CC-IN2P3 (site)");
    s.delete_site(site.id).await.unwrap();
    assert!(matches!(s.unit(site.unit).await, Err(StoreError::NotFound(_))));
    assert!(s.sites().await.unwrap().is_empty());
}

/// VOs, types of issue and routing rules.
pub async fn reference_data_and_routing_rules(t: TestStore) {
    let s = t.store.as_ref();
    let vo = s.create_vo("biomed").await.unwrap();
    assert!(matches!(s.create_vo("biomed").await, Err(StoreError::Conflict(_))));
    assert_eq!(
        s.update_vo(vo.id, "vo.france-grilles.fr").await.unwrap().name,
        "vo.france-grilles.fr"
    );
    let accounting = s.create_issue_type("Accounting").await.unwrap();
    let unit = first_level(s).await;
    let other = s
        .create_unit(UnitInput {
            name: "Accounting".into(),
            kind: UnitKind::Expertise,
            qos_level: QosLevel::Base,
            email: None,
            members: vec![],
        })
        .await
        .unwrap();
    let rule = s.set_routing_rule(accounting.id, unit).await.unwrap();
    let replaced = s.set_routing_rule(accounting.id, other.id).await.unwrap();
    assert_eq!(replaced.id, rule.id, "one rule per type of issue (upsert)");
    assert_eq!(s.routing_rules().await.unwrap(), vec![replaced.clone()]);
    s.delete_routing_rule(replaced.id).await.unwrap();
    assert!(s.routing_rules().await.unwrap().is_empty());
    s.delete_issue_type(accounting.id).await.unwrap();
    s.delete_vo(vo.id).await.unwrap();
    assert!(s.vos().await.unwrap().is_empty());
    assert_eq!(s.first_level_unit().await.unwrap(), Some(unit));
}

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

/// How many tickets match `filter`.
async fn total(s: &dyn Store, filter: &TicketFilter) -> i64 {
    s.tickets(filter, PageRequest { page: 1, per_page: 50 })
        .await
        .unwrap()
        .total
}

/// Listing filters, paginates, orders by update and hides private tickets from requesters.
pub async fn listing_filters_paginates_and_hides_private_tickets(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let erin = user(s, "erin@example.org", Role::Requester).await;
    let frank = user(s, "frank@example.org", Role::Requester).await;
    for i in 0..5 {
        ticket(s, erin.id, &format!("erin {i}"), unit).await;
    }
    let private = ticket(s, frank.id, "frank private", unit).await;
    // Updated "in an hour", so that only this ticket is updated since then.
    let now = now() + Duration::hours(1);
    let patch = TicketPatch {
        visibility: Some(Visibility::Private),
        status: Some(Status::InProgress),
        ..Default::default()
    };
    let changed = apply_patch(&private, &patch, &Actor::system("test"), now).unwrap();
    s.commit(ChangeSet {
        tickets: vec![TicketWrite {
            before: private.clone(),
            after: changed.ticket,
        }],
        ..change()
    })
    .await
    .unwrap();

    let all = s
        .tickets(&TicketFilter::default(), PageRequest { page: 1, per_page: 4 })
        .await
        .unwrap();
    assert_eq!((all.total, all.items.len()), (6, 4));
    assert_eq!(all.items[0].ticket.id, private.id, "most recently updated first");
    let second = s
        .tickets(&TicketFilter::default(), PageRequest { page: 2, per_page: 4 })
        .await
        .unwrap();
    assert_eq!(second.items.len(), 2);
    let as_erin = TicketFilter {
        visible_to_requester: Some(erin.id),
        ..Default::default()
    };
    assert_eq!(total(s, &as_erin).await, 5);
    let as_frank = TicketFilter {
        visible_to_requester: Some(frank.id),
        ..Default::default()
    };
    assert_eq!(total(s, &as_frank).await, 6);
    let in_progress = TicketFilter {
        statuses: vec![Status::InProgress],
        unit: Some(unit),
        ..Default::default()
    };
    assert_eq!(total(s, &in_progress).await, 1);
    let by_erin = TicketFilter {
        submitter: Some(erin.id),
        priority: Some(Priority::LessUrgent),
        ..Default::default()
    };
    assert_eq!(total(s, &by_erin).await, 5);
    let since = TicketFilter {
        updated_since: Some(now - Duration::milliseconds(1)),
        ..Default::default()
    };
    assert_eq!(total(s, &since).await, 1);
    let both = TicketFilter {
        statuses: vec![Status::New, Status::InProgress],
        ..Default::default()
    };
    let first = s.tickets(&both, PageRequest { page: 1, per_page: 4 }).await.unwrap();
    let rest = s.tickets(&both, PageRequest { page: 2, per_page: 4 }).await.unwrap();
    assert_eq!((first.total, first.items.len(), rest.items.len()), (6, 4, 2));
    assert_eq!(
        first.items[0].ticket.id, private.id,
        "merged scans keep the global order"
    );
    let merged: Vec<_> = first
        .items
        .iter()
        .chain(&rest.items)
        .map(|v| (v.ticket.updated_at, v.ticket.id))
        .collect();
    assert!(
        merged.windows(2).all(|w| w[0] >= w[1]),
        "ordered across statuses and pages"
    );
    let counts = s.count_by_status().await.unwrap();
    assert!(counts.contains(&(Status::New, 5)) && counts.contains(&(Status::InProgress, 1)));
}

/// Whatever the filter, and so whichever index serves the list, a requester
/// sees public tickets and their own private ones, never someone else's.
pub async fn requesters_never_list_others_private_tickets(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let site = s
        .create_site(SiteInput {
            name: "GRIF".into(),
            ngi: None,
        })
        .await
        .unwrap();
    let vo = s.create_vo("atlas").await.unwrap();
    let erin = user(s, "erin@example.org", Role::Requester).await;
    let frank = user(s, "frank@example.org", Role::Requester).await;
    let template = ticket(s, frank.id, "template", unit).await;
    let made = |subject: &str, submitter: UserId, visibility: Visibility| BulkTicket {
        ticket: Ticket {
            subject: subject.into(),
            submitter,
            visibility,
            site: Some(site.id),
            vo: Some(vo.id),
            cc: vec![],
            ..template.clone()
        },
        articles: vec![],
    };
    let bulk = vec![
        made("frank private", frank.id, Visibility::Private),
        made("erin private", erin.id, Visibility::Private),
        made("frank public", frank.id, Visibility::Public),
    ];
    s.bulk_insert(bulk).await.unwrap();
    let filters = [
        TicketFilter::default(),
        TicketFilter {
            site: Some(site.id),
            ..Default::default()
        },
        TicketFilter {
            vo: Some(vo.id),
            ..Default::default()
        },
        TicketFilter {
            unit: Some(unit),
            ..Default::default()
        },
        TicketFilter {
            statuses: vec![template.status],
            ..Default::default()
        },
        TicketFilter {
            statuses: vec![template.status, Status::Closed],
            ..Default::default()
        },
        TicketFilter {
            priority: Some(template.priority),
            ..Default::default()
        },
        TicketFilter {
            updated_since: Some(template.updated_at - Duration::seconds(1)),
            ..Default::default()
        },
    ];
    for filter in filters {
        let as_erin = TicketFilter {
            visible_to_requester: Some(erin.id),
            ..filter.clone()
        };
        let page = s
            .tickets(&as_erin, PageRequest { page: 1, per_page: 50 })
            .await
            .unwrap();
        let mut subjects: Vec<_> = page.items.iter().map(|v| v.ticket.subject.as_str()).collect();
        subjects.sort_unstable();
        let mut expected = vec!["erin private", "frank public"];
        if filter.site.is_none() && filter.vo.is_none() {
            expected.push("template");
        }
        assert_eq!(subjects, expected, "{filter:?}");
        assert_eq!(page.total, i64::try_from(page.items.len()).unwrap(), "{filter:?}");
    }
    let franks = TicketFilter {
        submitter: Some(frank.id),
        visible_to_requester: Some(erin.id),
        ..Default::default()
    };
    assert_eq!(
        total(s, &franks).await,
        2,
        "frank's public tickets, not his private one"
    );
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
    let refused = s.commit(whole(vec![linked, dangling])).await;
    assert!(matches!(refused, Err(StoreError::Conflict(_))), "{refused:?}");
    assert_eq!(s.ticket_count().await.unwrap(), tickets, "no ticket");
    assert_eq!(s.blob_count().await.unwrap(), 1, "no new content");
    assert_eq!(all_events(s).await.len(), 4, "no event");
}

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
    let mut outcomes: Vec<_> = tasks.join_all().await;
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// Totals are exact up to 10,000 matches and a flagged lower bound beyond.
pub async fn large_totals_are_capped(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let max = user(s, "max@example.org", Role::Requester).await;
    let template = ticket(s, max.id, "template", unit).await;
    let bulk: Vec<BulkTicket> = (0..10_000)
        .map(|_| BulkTicket {
            ticket: Ticket {
                cc: vec![],
                ..template.clone()
            },
            articles: vec![],
        })
        .collect();
    s.bulk_insert(bulk).await.unwrap();
    let all = s
        .tickets(&TicketFilter::default(), PageRequest { page: 1, per_page: 10 })
        .await
        .unwrap();
    assert_eq!((all.total, all.total_exact, all.items.len()), (10_000, false, 10));
    let none = TicketFilter {
        statuses: vec![Status::Closed],
        ..Default::default()
    };
    let empty = s.tickets(&none, PageRequest { page: 1, per_page: 10 }).await.unwrap();
    assert_eq!((empty.total, empty.total_exact), (0, true));
}
