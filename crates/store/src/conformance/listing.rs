//! Listing tickets: filters, pages, visibility, capped totals.

use chrono::Duration;

use guichet_domain::actor::Actor;
use guichet_domain::ids::UserId;
use guichet_domain::priority::Priority;
use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_domain::ticket::{Ticket, Visibility};
use guichet_domain::update::{TicketPatch, apply_patch};

use super::*;
use crate::testing::TestStore;

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

/// Lists come in each order, by opening or by last change, ties by id,
/// through one status or the merge of several, page by page.
pub async fn lists_come_in_each_order(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let olga = user(s, "olga@example.org", Role::Requester).await;
    let template = ticket(s, olga.id, "template", unit).await;
    let base = now() - Duration::days(10);
    // (subject, opened days after base, changed days after base, status)
    let rows = [
        ("a", 0, 5, Status::New),
        ("b", 1, 2, Status::InProgress),
        ("c", 2, 8, Status::New),
        ("d", 3, 3, Status::InProgress),
    ];
    for (subject, opened, changed, status) in rows {
        let new = Ticket {
            subject: subject.into(),
            status,
            created_at: base + Duration::days(opened),
            updated_at: base + Duration::days(changed),
            ..template.clone()
        };
        create(s, new).await.unwrap();
    }
    let subjects =
        |page: Page<TicketView>| -> Vec<String> { page.items.into_iter().map(|v| v.ticket.subject).collect() };
    let expected = [
        (TicketOrder::Oldest, ["a", "b", "c", "d"]),
        (TicketOrder::Newest, ["d", "c", "b", "a"]),
        (TicketOrder::RecentlyChanged, ["c", "a", "d", "b"]),
        (TicketOrder::LeastRecentlyChanged, ["b", "d", "a", "c"]),
    ];
    for (order, subjects_in_order) in expected {
        for statuses in [vec![Status::New, Status::InProgress], vec![]] {
            let filter = TicketFilter {
                statuses: statuses.clone(),
                submitter: Some(olga.id),
                order,
                ..Default::default()
            };
            let mut listed = Vec::new();
            for page in 1..=3 {
                let found = s.tickets(&filter, PageRequest { page, per_page: 2 }).await.unwrap();
                listed.extend(subjects(found));
            }
            listed.retain(|subject| subject != "template");
            assert_eq!(listed, subjects_in_order, "{order:?} with statuses {statuses:?}");
        }
    }
}
