//! The rota: shifts, swap proposals and history written by changes, with
//! their events; blackouts, shift contacts and calendar feeds.

use chrono::NaiveDate;

use guichet_domain::actor::Author;
use guichet_domain::event::{EventKind, rota_changed_event, swap_decided_event, swap_proposed_event};
use guichet_domain::ids::{SiteId, SwapId, UserId};
use guichet_domain::role::Role;
use guichet_domain::rota::{Shift, SwapProposal, SwapState, Week};

use super::{all_events, change, user};
use crate::testing::TestStore;
use crate::*;

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, m, d).unwrap()
}

async fn sites(s: &dyn Store, n: usize) -> Vec<SiteId> {
    let mut ids = Vec::new();
    for i in 0..n {
        let site = SiteInput {
            name: format!("SITE-{i}"),
            ngi: None,
        };
        ids.push(s.create_site(site).await.unwrap().id);
    }
    ids
}

fn shift(week: NaiveDate, primary: SiteId, backup: SiteId) -> Shift {
    Shift {
        week_start: Week(week),
        primary,
        backup,
    }
}

fn entry(author: &Author, action: &str, week: Option<Week>) -> NewRotaEntry {
    NewRotaEntry {
        author: author.clone(),
        action: action.into(),
        week,
        detail: format!("{action} detail"),
    }
}

/// Shifts are created, read by range in order, and replaced only from
/// what the writer read: a shift changed meanwhile makes the whole change
/// stale, its history and events unwritten.
pub async fn rota_shifts_are_written_by_changes_and_checked_when_replaced(t: TestStore) {
    let s = t.store.as_ref();
    let ids = sites(s, 3).await;
    let author = Author::system("rota generation");
    let weeks = [date(1, 4), date(1, 11)];
    let first = shift(weeks[0], ids[0], ids[1]);
    let second = shift(weeks[1], ids[1], ids[2]);
    let mut generated = change();
    generated.rota.shifts = [first, second]
        .map(|after| ShiftWrite {
            before: None,
            after,
            kept: false,
        })
        .to_vec();
    generated.rota.history.push(entry(&author, "generated", None));
    generated.events.push(rota_changed_event(
        &author,
        "generated",
        &[Week(weeks[0]), Week(weeks[1])],
        &ids,
    ));
    s.commit(generated).await.unwrap();

    let stored = s.rota_shifts(date(1, 1), date(12, 31)).await.unwrap();
    assert_eq!(stored.iter().map(|s| s.shift).collect::<Vec<_>>(), [first, second]);
    assert!(stored.iter().all(|s| !s.kept));
    let only_first = s.rota_shifts(date(1, 4), date(1, 11)).await.unwrap();
    assert_eq!(only_first.len(), 1, "the end is excluded");

    let swapped = shift(weeks[0], ids[2], ids[1]);
    let mut override_ = change();
    override_.rota.shifts.push(ShiftWrite {
        before: Some(first),
        after: swapped,
        kept: true,
    });
    s.commit(override_).await.unwrap();
    let stored = s.rota_shifts(date(1, 4), date(1, 5)).await.unwrap();
    assert_eq!((stored[0].shift, stored[0].kept), (swapped, true));

    let mut stale = change();
    stale.rota.shifts.push(ShiftWrite {
        before: Some(first),
        after: shift(weeks[0], ids[1], ids[0]),
        kept: true,
    });
    stale
        .rota
        .history
        .push(entry(&author, "override", Some(Week(weeks[0]))));
    stale.events.push(rota_changed_event(&author, "override", &[], &ids));
    let error = s.commit(stale).await.unwrap_err();
    assert!(matches!(error, StoreError::Stale(_)), "{error:?}");
    let mut again = change();
    again.rota.shifts.push(ShiftWrite {
        before: None,
        after: shift(weeks[1], ids[0], ids[2]),
        kept: false,
    });
    assert!(matches!(s.commit(again).await.unwrap_err(), StoreError::Stale(_)));

    assert_eq!(s.rota_shifts(date(1, 4), date(1, 5)).await.unwrap()[0].shift, swapped);
    let history = s.rota_history(10).await.unwrap();
    assert_eq!(history.len(), 1, "the stale change wrote no history: {history:?}");
    assert_eq!((history[0].action.as_str(), &history[0].author), ("generated", &author));
    let events = all_events(s).await;
    let rota_events: Vec<_> = events.iter().filter(|e| e.kind == EventKind::RotaChanged).collect();
    assert_eq!(rota_events.len(), 1);
    assert_eq!(rota_events[0].ticket, None);
    assert_eq!(rota_events[0].payload["sites"].as_array().unwrap().len(), 3);
}

/// A proposal is added with its event naming its id, read back, decided
/// once: a second decision is stale. Open proposals are listed apart.
pub async fn swaps_are_proposed_and_decided_once(t: TestStore) {
    let s = t.store.as_ref();
    let ids = sites(s, 2).await;
    let asker = user(s, "asker@example.org", Role::Supporter).await;
    let by = Author::user(asker.id);
    let proposal = SwapProposal::GiveAway {
        from: ids[0],
        week: Week(date(2, 1)),
        to: ids[1],
    };
    let mut proposed = change();
    proposed.rota.swaps_added.push(NewSwap {
        proposal,
        proposed_by: by.clone(),
        note: Some("holidays".into()),
    });
    proposed
        .rota
        .history
        .push(entry(&by, "swap.proposed", Some(Week(date(2, 1)))));
    proposed
        .events
        .push(swap_proposed_event(&by, 0, &proposal, Some("holidays")));
    s.commit(proposed).await.unwrap();

    let open = s.swaps(true).await.unwrap();
    assert_eq!(open.len(), 1);
    let swap = &open[0];
    assert_eq!((swap.proposal, swap.state), (proposal, SwapState::Proposed));
    assert_eq!((swap.note.as_deref(), &swap.proposed_by), (Some("holidays"), &by));
    assert_eq!((swap.decided_by.as_ref(), swap.decided_at), (None, None));
    let event = all_events(s)
        .await
        .into_iter()
        .find(|e| e.kind == EventKind::SwapProposed)
        .unwrap();
    assert_eq!(event.payload["swap"], swap.id.0, "the event names the new proposal");

    let decider = Author::user(UserId(asker.id.0));
    let decide = |state| {
        let mut decided = change();
        decided.rota.swaps_decided.push(SwapDecision {
            swap: swap.id,
            state,
            by: decider.clone(),
        });
        decided
            .events
            .push(swap_decided_event(&decider, swap.id, &proposal, state));
        decided
    };
    s.commit(decide(SwapState::Declined)).await.unwrap();
    let again = s.commit(decide(SwapState::Accepted)).await.unwrap_err();
    assert!(matches!(again, StoreError::Stale(_)), "{again:?}");
    let stored = s.swap(swap.id).await.unwrap();
    assert_eq!(stored.state, SwapState::Declined);
    assert_eq!(stored.decided_by.as_ref(), Some(&decider));
    assert!(stored.decided_at.is_some());
    assert_eq!(s.swaps(true).await.unwrap(), []);
    assert_eq!(s.swaps(false).await.unwrap(), [stored]);
    assert!(matches!(
        s.swap(SwapId(987_654)).await,
        Err(StoreError::NotFound("swap"))
    ));
}

/// Blackouts and shift contacts are replaced per site, read per site or
/// all, and refuse an unknown site or user.
pub async fn blackouts_and_shift_contacts_are_replaced_per_site(t: TestStore) {
    let s = t.store.as_ref();
    let ids = sites(s, 2).await;
    s.set_blackouts(ids[0], &[date(8, 2), date(8, 9), date(8, 2)])
        .await
        .unwrap();
    s.set_blackouts(ids[1], &[date(12, 27)]).await.unwrap();
    s.set_blackouts(ids[0], &[date(8, 9), date(8, 16)]).await.unwrap();
    assert_eq!(
        s.blackouts(None).await.unwrap(),
        [(ids[0], date(8, 9)), (ids[0], date(8, 16)), (ids[1], date(12, 27))]
    );
    assert_eq!(s.blackouts(Some(ids[1])).await.unwrap(), [(ids[1], date(12, 27))]);
    let missing = s.set_blackouts(SiteId(987_654), &[date(1, 4)]).await.unwrap_err();
    assert!(matches!(missing, StoreError::NotFound("site")), "{missing:?}");

    let ann = user(s, "ann@example.org", Role::Supporter).await;
    let bob = user(s, "bob@example.org", Role::Supporter).await;
    let contact = |site, user: &User, away_until| ShiftContact {
        site,
        user: user.id,
        away_until,
    };
    s.set_shift_contacts(
        ids[0],
        &[contact(ids[0], &ann, None), contact(ids[0], &bob, Some(date(3, 1)))],
    )
    .await
    .unwrap();
    s.set_shift_contacts(ids[1], &[contact(ids[0], &bob, None)])
        .await
        .unwrap();
    assert_eq!(
        s.shift_contacts(None).await.unwrap(),
        [
            contact(ids[0], &ann, None),
            contact(ids[0], &bob, Some(date(3, 1))),
            contact(ids[1], &bob, None)
        ]
    );
    s.set_shift_contacts(ids[0], &[contact(ids[0], &bob, None)])
        .await
        .unwrap();
    assert_eq!(
        s.shift_contacts(Some(ids[0])).await.unwrap(),
        [contact(ids[0], &bob, None)]
    );
    let ghost = ShiftContact {
        site: ids[0],
        user: UserId(987_654),
        away_until: None,
    };
    let error = s.set_shift_contacts(ids[0], &[ghost]).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound("user")), "{error:?}");
    assert_eq!(
        s.shift_contacts(Some(ids[0])).await.unwrap(),
        [contact(ids[0], &bob, None)],
        "a refused replacement leaves the contacts as they were"
    );
}

/// Feeds are found by their secret's hash, listed by owner, revoked once.
pub async fn feeds_are_found_by_secret_and_revoked(t: TestStore) {
    let s = t.store.as_ref();
    let ids = sites(s, 1).await;
    let ann = user(s, "ann@example.org", Role::Supporter).await;
    let at = super::now();
    let site_feed = s
        .create_feed("hash-site", FeedOwner::Site(ids[0]), ann.id, at)
        .await
        .unwrap();
    let own = s
        .create_feed("hash-ann", FeedOwner::Person(ann.id), ann.id, at)
        .await
        .unwrap();
    assert_eq!(s.feed_by_secret("hash-site").await.unwrap(), Some(site_feed.clone()));
    assert_eq!(s.feed_by_secret("hash-nope").await.unwrap(), None);
    assert_eq!(
        s.feeds(FeedOwner::Person(ann.id)).await.unwrap(),
        std::slice::from_ref(&own)
    );
    assert_eq!(s.feeds(FeedOwner::Site(ids[0])).await.unwrap(), [site_feed]);
    assert!(s.revoke_feed(own.id, at).await.unwrap());
    assert!(!s.revoke_feed(own.id, at).await.unwrap(), "already revoked");
    let revoked = s.feed_by_secret("hash-ann").await.unwrap().unwrap();
    assert!(revoked.revoked_at.is_some());
    let missing = s
        .create_feed("hash-x", FeedOwner::Site(SiteId(987_654)), ann.id, at)
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");
}
