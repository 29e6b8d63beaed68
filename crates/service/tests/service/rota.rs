//! The rota's use cases over a real store: generating a year (and
//! regenerating it around the past and accepted swaps), swaps end to end,
//! overrides, who is on duty, and the feeds behind their secrets.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use guichet_domain::event::EventKind;
use guichet_domain::ids::SiteId;
use guichet_domain::reference::Site;
use guichet_domain::role::Role;
use guichet_domain::rota::{Role as ShiftRole, RotaRow};
use guichet_service::admin::sites::{SiteBody, create_site, get_site};
use guichet_service::admin::units::{UnitBody, get_unit, update_unit};
use guichet_service::rota::{
    ContactBody, Decision, FeedOwner, GenerateBody, OverrideBody, SwapBody, SwapState, create_feed, decide_swap,
    feed_calendar, generate_year, list_swaps, on_duty_at, on_shift_view, override_week, propose_swap, revoke_feed,
    rota_history, set_blackouts, set_shift_contacts, site_next_shifts, year_csv, year_rows,
};
use guichet_service::{Actor, Context, ServiceError};
use guichet_store::testing::TestStore;

use crate::{context, person};

async fn sites(ctx: &Context, n: usize) -> Vec<Site> {
    more_sites(ctx, 0, n).await
}

async fn more_sites(ctx: &Context, from: usize, n: usize) -> Vec<Site> {
    let mut made = Vec::new();
    for i in from..from + n {
        let body = SiteBody {
            name: format!("SITE-{i:02}"),
            ngi: Some("NGI_FRANCE".into()),
        };
        made.push(create_site(ctx, &Actor::system("test"), body).await.unwrap());
    }
    made
}

fn generate(year: i32, seed: u64) -> GenerateBody {
    GenerateBody { year, seed: Some(seed) }
}

fn message(error: ServiceError) -> String {
    match error {
        ServiceError::Refused { field, message } => format!("{field}: {message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The first row of `rows` at or after `date` where `site` is primary.
fn primary_week(rows: &[RotaRow], site: &str, after: NaiveDate) -> NaiveDate {
    rows.iter()
        .find(|r| r.primary == site && r.week_start >= after)
        .unwrap()
        .week_start
}

async fn a_year_is_generated_reproducibly_and_regenerated_around_the_past(db: TestStore) {
    let (ctx, clock) = context(&db, "2027-01-01T12:00:00Z").await;
    let coordinator = person(&ctx, "cora", Role::Coordinator).await.1;
    let supporter = person(&ctx, "sam", Role::Supporter).await.1;
    let made = sites(&ctx, 17).await;
    let refused = generate_year(&ctx, &supporter, generate(2027, 7)).await.unwrap_err();
    assert!(matches!(refused, ServiceError::Forbidden(_)), "{refused:?}");
    assert!(matches!(
        year_rows(&ctx, &supporter, 2027).await,
        Err(ServiceError::NotFound(_))
    ));

    let first = generate_year(&ctx, &coordinator, generate(2027, 7)).await.unwrap();
    assert_eq!((first.seed, first.changed, first.kept), (7, 52, 0));
    let rows = year_rows(&ctx, &supporter, 2027).await.unwrap();
    assert_eq!(rows, first.rows);
    assert_eq!(rows[0].week_start, NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
    for site in &made {
        let primaries = rows.iter().filter(|r| r.primary == site.name).count();
        assert!((3..=4).contains(&primaries), "{}: {primaries}", site.name);
    }
    let csv = year_csv(&ctx, &supporter, 2027).await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "week_start,primary,backup");
    assert_eq!(lines.len(), 53);
    assert_eq!(lines[1], format!("2027-01-04,{},{}", rows[0].primary, rows[0].backup));

    let again = generate_year(&ctx, &coordinator, generate(2027, 7)).await.unwrap();
    assert_eq!(
        (again.changed, again.rows.clone()),
        (0, rows.clone()),
        "same seed, same rota"
    );

    clock.advance(Duration::weeks(10));
    let other = generate_year(&ctx, &coordinator, generate(2027, 8)).await.unwrap();
    assert_eq!(other.kept, 10, "the nine weeks past and the one in force");
    assert_eq!(other.rows[..10], rows[..10]);
    assert_ne!(other.rows[10..], rows[10..], "another seed draws the rest again");
    let history = rota_history(&ctx, &supporter, 10).await.unwrap();
    assert_eq!(history.len(), 2, "one line per generation that changed something");
    assert!(history[0].detail.contains("seed 8"), "{}", history[0].detail);
    let events = db.store.events_after(Default::default(), 1000).await.unwrap();
    assert_eq!(events.iter().filter(|e| e.kind == EventKind::RotaChanged).count(), 2);
}

async fn generation_refuses_too_few_sites_and_an_uncovered_week(db: TestStore) {
    let (ctx, _) = context(&db, "2027-01-01T12:00:00Z").await;
    let coordinator = person(&ctx, "cora", Role::Coordinator).await.1;
    let made = sites(&ctx, 2).await;
    let few = message(generate_year(&ctx, &coordinator, generate(2027, 1)).await.unwrap_err());
    assert!(few.starts_with("rota: 2 sites cannot share 52 weeks"), "{few}");

    let made = [made, more_sites(&ctx, 2, 2).await].concat();
    let august = NaiveDate::from_ymd_opt(2027, 8, 11).unwrap();
    for site in &made[..3] {
        set_blackouts(&ctx, &coordinator, site.id, vec![august]).await.unwrap();
    }
    let uncovered = message(generate_year(&ctx, &coordinator, generate(2027, 1)).await.unwrap_err());
    assert!(
        uncovered.contains("nobody can staff 2027-08-09") && uncovered.contains("only site SITE-03"),
        "{uncovered}"
    );
    let bad_year = generate_year(&ctx, &coordinator, generate(1999, 1)).await.unwrap_err();
    assert!(
        matches!(bad_year, ServiceError::Invalid { field: "year", .. }),
        "{bad_year:?}"
    );
}

async fn a_swap_is_proposed_accepted_and_kept_when_the_year_is_regenerated(db: TestStore) {
    let (ctx, clock) = context(&db, "2027-01-01T12:00:00Z").await;
    let coordinator = person(&ctx, "cora", Role::Coordinator).await.1;
    let (ann, ann_actor) = person(&ctx, "ann", Role::Supporter).await;
    let (bob, bob_actor) = person(&ctx, "bob", Role::Supporter).await;
    let made = sites(&ctx, 17).await;
    let rows = generate_year(&ctx, &coordinator, generate(2027, 3)).await.unwrap().rows;
    let name = |id: SiteId| made.iter().find(|s| s.id == id).unwrap().name.clone();
    let (a, b) = (made[0].id, made[1].id);
    for (site, user) in [(a, ann.id), (b, bob.id)] {
        let unit = get_site(&ctx, site).await.unwrap().unit;
        let mut body = unit_body(&ctx, unit).await;
        body.members.push(user);
        update_unit(&ctx, &Actor::system("test"), unit, body).await.unwrap();
        let contact = ContactBody { user, away_until: None };
        set_shift_contacts(&ctx, &coordinator, site, vec![contact])
            .await
            .unwrap();
    }
    let body = |week, other_week| SwapBody {
        site: a,
        week,
        other_site: b,
        other_week,
        note: Some("conference".into()),
    };
    let start = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let a_week = primary_week(&rows, &name(a), start);

    let stranger = propose_swap(&ctx, &bob_actor, body(a_week, None)).await.unwrap_err();
    assert!(matches!(stranger, ServiceError::Forbidden(_)), "{stranger:?}");
    let not_monday = propose_swap(&ctx, &ann_actor, body(a_week + Duration::days(1), None))
        .await
        .unwrap_err();
    assert!(
        matches!(not_monday, ServiceError::Invalid { field: "week", .. }),
        "{not_monday:?}"
    );
    let past = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
    let refused = propose_swap(&ctx, &ann_actor, body(past, None)).await.unwrap_err();
    assert!(
        matches!(refused, ServiceError::Invalid { field: "week", .. }),
        "{refused:?}"
    );

    // The first exchange of a primary shift of `a` for one of `b` that
    // breaks no rule; those that would are refused with the reason.
    let mut proposed = None;
    let mut reasons = Vec::new();
    'search: for a_row in rows.iter().filter(|r| r.primary == name(a) && r.week_start >= start) {
        for b_row in rows.iter().filter(|r| r.primary == name(b) && r.week_start >= start) {
            match propose_swap(&ctx, &ann_actor, body(a_row.week_start, Some(b_row.week_start))).await {
                Ok(swap) => {
                    proposed = Some((swap, a_row.week_start, b_row.week_start));
                    break 'search;
                }
                Err(refusal) => reasons.push(message(refusal)),
            }
        }
    }
    assert!(
        reasons.iter().all(|r| r.starts_with("swap: the swap would break")),
        "{reasons:?}"
    );
    let (proposed, a_week, b_week) = proposed.expect("some exchange keeps the rules");
    assert_eq!(
        list_swaps(&ctx, &ann_actor, true).await.unwrap().len(),
        1,
        "refusals store nothing"
    );
    assert_eq!((proposed.state, proposed.kind), (SwapState::Proposed, "exchange"));
    let own = decide_swap(&ctx, &ann_actor, proposed.id, Decision::Accept)
        .await
        .unwrap_err();
    assert!(
        matches!(own, ServiceError::Forbidden(_)),
        "only the site asked accepts: {own:?}"
    );
    let accepted = decide_swap(&ctx, &bob_actor, proposed.id, Decision::Accept)
        .await
        .unwrap();
    assert_eq!(accepted.state, SwapState::Accepted);
    let twice = decide_swap(&ctx, &bob_actor, proposed.id, Decision::Decline)
        .await
        .unwrap_err();
    assert!(matches!(twice, ServiceError::Conflict(_)), "{twice:?}");

    let swapped = year_rows(&ctx, &ann_actor, 2027).await.unwrap();
    let row = |rows: &[RotaRow], week| rows.iter().find(|r| r.week_start == week).unwrap().clone();
    assert_eq!(row(&swapped, a_week).primary, name(b));
    assert_eq!(row(&swapped, b_week).primary, name(a));
    let regenerated = generate_year(&ctx, &coordinator, generate(2027, 99)).await.unwrap();
    assert_eq!(
        row(&regenerated.rows, a_week),
        row(&swapped, a_week),
        "an accepted swap is kept"
    );
    assert_eq!(row(&regenerated.rows, b_week), row(&swapped, b_week));

    let events = db.store.events_after(Default::default(), 1000).await.unwrap();
    let decided = events.iter().find(|e| e.kind == EventKind::SwapDecided).unwrap();
    assert_eq!(decided.payload["state"], "accepted");
    assert_eq!(
        decided.payload["sites"],
        serde_json::json!([a, b]),
        "both sites hear of it"
    );
    let lines: Vec<String> = rota_history(&ctx, &coordinator, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(lines[..3], ["generated", "swap.accepted", "swap.proposed"]);

    // Swapping back gives the rota as generated, which kept every rule.
    let declined = propose_swap(&ctx, &ann_actor, body(b_week, Some(a_week)))
        .await
        .unwrap();
    decide_swap(&ctx, &bob_actor, declined.id, Decision::Decline)
        .await
        .unwrap();
    let withdrawn = propose_swap(&ctx, &ann_actor, body(b_week, Some(a_week)))
        .await
        .unwrap();
    decide_swap(&ctx, &ann_actor, withdrawn.id, Decision::Withdraw)
        .await
        .unwrap();
    let states: Vec<SwapState> = list_swaps(&ctx, &ann_actor, false)
        .await
        .unwrap()
        .iter()
        .map(|s| s.state)
        .collect();
    assert_eq!(states, [SwapState::Withdrawn, SwapState::Declined, SwapState::Accepted]);

    let waiting = propose_swap(&ctx, &ann_actor, body(b_week, Some(a_week)))
        .await
        .unwrap();
    assert!(!waiting.expired);
    clock.advance(Duration::weeks(30));
    let late = propose_swap(&ctx, &ann_actor, body(b_week, Some(a_week)))
        .await
        .unwrap_err();
    assert!(message(late).contains("is past"), "a week in the past is refused");
    let listed = list_swaps(&ctx, &ann_actor, true).await.unwrap();
    assert_eq!(
        (listed[0].id, listed[0].expired),
        (waiting.id, true),
        "its week has passed"
    );
    let too_late = decide_swap(&ctx, &bob_actor, waiting.id, Decision::Accept)
        .await
        .unwrap_err();
    assert!(
        message(too_late).contains("is past"),
        "an expired proposal cannot be accepted"
    );
    let closed = decide_swap(&ctx, &bob_actor, waiting.id, Decision::Decline)
        .await
        .unwrap();
    assert_eq!((closed.state, closed.expired), (SwapState::Declined, false));
}

async fn unit_body(ctx: &Context, unit: guichet_domain::ids::UnitId) -> UnitBody {
    let unit = get_unit(ctx, unit).await.unwrap();
    UnitBody {
        name: unit.name,
        kind: unit.kind.as_str().into(),
        qos_level: Some(unit.qos_level.as_str().into()),
        email: unit.email,
        members: unit.members,
    }
}

async fn a_swap_breaking_a_rule_and_an_override_are_refused_with_the_reason(db: TestStore) {
    let (ctx, _) = context(&db, "2027-01-01T12:00:00Z").await;
    let coordinator = person(&ctx, "cora", Role::Coordinator).await.1;
    let made = sites(&ctx, 6).await;
    let rows = generate_year(&ctx, &coordinator, generate(2027, 5)).await.unwrap().rows;
    let id = |name: &str| made.iter().find(|s| s.name == name).unwrap().id;
    let week = rows[20].week_start;
    let next_primary = id(&rows[21].primary);
    let give = SwapBody {
        site: id(&rows[20].primary),
        week,
        other_site: next_primary,
        other_week: None,
        note: None,
    };
    let refused = message(propose_swap(&ctx, &coordinator, give).await.unwrap_err());
    assert!(refused.contains("two weeks in a row"), "{refused}");
    assert!(refused.contains(&rows[21].primary), "names the site: {refused}");

    let same = OverrideBody {
        primary: next_primary,
        backup: id(&rows[20].backup),
    };
    let override_refused = message(override_week(&ctx, &coordinator, week, same).await.unwrap_err());
    assert!(override_refused.contains("two weeks in a row"), "{override_refused}");
    let supporter = person(&ctx, "sam", Role::Supporter).await.1;
    let body = |primary| OverrideBody {
        primary,
        backup: id(&rows[20].backup),
    };
    let forbidden = override_week(&ctx, &supporter, week, body(made[0].id))
        .await
        .unwrap_err();
    assert!(matches!(forbidden, ServiceError::Forbidden(_)));
    let mut free = None;
    for site in &made {
        if let Ok(set) = override_week(&ctx, &coordinator, week, body(site.id)).await {
            assert_eq!(set.primary, site.id);
            free = Some(site.id);
            break;
        }
    }
    let free = free.expect("some site can take the week");
    let regenerated = generate_year(&ctx, &coordinator, generate(2027, 6)).await.unwrap();
    assert_eq!(id(&regenerated.rows[20].primary), free, "an override is kept");
}

async fn the_primary_is_on_duty_and_the_backup_steps_in(db: TestStore) {
    let (ctx, clock) = context(&db, "2027-01-04T08:59:00Z").await;
    let coordinator = person(&ctx, "cora", Role::Coordinator).await.1;
    let made = sites(&ctx, 5).await;
    let rows = generate_year(&ctx, &coordinator, generate(2027, 2)).await.unwrap().rows;
    assert_eq!(
        on_duty_at(&ctx, ctx.now()).await.unwrap(),
        None,
        "before the first handover"
    );
    clock.advance(Duration::minutes(1));
    let id = |name: &str| made.iter().find(|s| s.name == name).unwrap().id;
    let (primary, backup) = (id(&rows[0].primary), id(&rows[0].backup));
    let team = on_duty_at(&ctx, ctx.now()).await.unwrap().unwrap();
    assert_eq!((team.primary, team.backup, team.duty), (primary, backup, None));

    let mut people = Vec::new();
    for (site, name) in [(primary, "pia"), (backup, "ben")] {
        let (user, _) = person(&ctx, name, Role::Supporter).await;
        let unit = get_site(&ctx, site).await.unwrap().unit;
        let mut body = unit_body(&ctx, unit).await;
        body.members.push(user.id);
        update_unit(&ctx, &Actor::system("test"), unit, body).await.unwrap();
        people.push(user);
    }
    let contact = |user: &guichet_service::User, away_until| ContactBody {
        user: user.id,
        away_until,
    };
    set_shift_contacts(&ctx, &coordinator, primary, vec![contact(&people[0], None)])
        .await
        .unwrap();
    set_shift_contacts(&ctx, &coordinator, backup, vec![contact(&people[1], None)])
        .await
        .unwrap();
    let duty = on_duty_at(&ctx, ctx.now()).await.unwrap().unwrap().duty.unwrap();
    assert_eq!((duty.site, duty.people.clone()), (primary, vec![people[0].id]));

    let away = NaiveDate::from_ymd_opt(2027, 1, 8);
    set_shift_contacts(&ctx, &coordinator, primary, vec![contact(&people[0], away)])
        .await
        .unwrap();
    let view = on_shift_view(&ctx, &coordinator).await.unwrap();
    let current = view.current.unwrap();
    assert!(current.backup_stepped_in);
    assert_eq!(current.on_duty[0].name, "ben");
    assert_eq!(view.next.unwrap().week_start, rows[1].week_start);

    let stranger = person(&ctx, "zoe", Role::Supporter).await.0;
    let refused = set_shift_contacts(&ctx, &coordinator, primary, vec![contact(&stranger, None)])
        .await
        .unwrap_err();
    assert!(
        matches!(refused, ServiceError::Invalid { field: "contacts", .. }),
        "{refused:?}"
    );

    let next = site_next_shifts(&ctx, &coordinator, primary, 3).await.unwrap();
    assert_eq!(next[0].week_start, rows[0].week_start);
    assert_eq!(next[0].role, ShiftRole::Primary);
    assert!(next.windows(2).all(|w| w[0].week_start < w[1].week_start));
}

async fn feeds_show_the_shifts_until_revoked(db: TestStore) {
    let (ctx, _) = context(&db, "2027-01-01T12:00:00Z").await;
    let (cora, coordinator) = person(&ctx, "cora", Role::Coordinator).await;
    let supporter = person(&ctx, "sam", Role::Supporter).await.1;
    let made = sites(&ctx, 4).await;
    let rows = generate_year(&ctx, &coordinator, generate(2027, 4)).await.unwrap().rows;
    let site = &made[0];
    let forbidden = create_feed(&ctx, &supporter, FeedOwner::Site(site.id))
        .await
        .unwrap_err();
    assert!(matches!(forbidden, ServiceError::Forbidden(_)));
    let feed = create_feed(&ctx, &coordinator, FeedOwner::Site(site.id)).await.unwrap();
    assert_eq!(feed.path, format!("/rota/feeds/{}.ics", feed.secret));
    let text = feed_calendar(&ctx, &feed.secret, "guichet.example.org").await.unwrap();
    let shifts = rows
        .iter()
        .filter(|r| r.primary == site.name || r.backup == site.name)
        .count();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), shifts);
    assert!(text.contains(&format!("X-WR-CALNAME:{}", site.name)));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(matches!(
        feed_calendar(&ctx, "not-a-secret", "x").await,
        Err(ServiceError::NotFound("feed"))
    ));
    revoke_feed(&ctx, &coordinator, FeedOwner::Site(site.id), feed.id)
        .await
        .unwrap();
    assert!(matches!(
        feed_calendar(&ctx, &feed.secret, "x").await,
        Err(ServiceError::NotFound("feed"))
    ));
    let own = create_feed(&ctx, &coordinator, FeedOwner::Person(cora.id))
        .await
        .unwrap();
    let empty = feed_calendar(&ctx, &own.secret, "x").await.unwrap();
    assert_eq!(empty.matches("BEGIN:VEVENT").count(), 0, "cora is no site's contact");
    assert_eq!(rows[0].week_start.weekday(), Weekday::Mon);
}

async fn consecutive_years_keep_the_rules_where_they_meet(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T12:00:00Z").await;
    let coordinator = person(&ctx, "cora", Role::Coordinator).await.1;
    sites(&ctx, 4).await;
    generate_year(&ctx, &coordinator, generate(2027, 1)).await.unwrap();
    for seed in 0..6 {
        let next = generate_year(&ctx, &coordinator, generate(2028, seed)).await.unwrap();
        let last = year_rows(&ctx, &coordinator, 2027).await.unwrap().pop().unwrap();
        let first = &next.rows[0];
        assert_ne!(
            last.primary, first.primary,
            "seed {seed}: primary twice in a row across the years"
        );
        assert_ne!(last.primary, first.backup, "seed {seed}");
        assert_ne!(last.backup, first.primary, "seed {seed}");
        let again = generate_year(&ctx, &coordinator, generate(2028, next.seed))
            .await
            .unwrap();
        assert_eq!(again.rows, next.rows, "the seed reported draws the same rota");
    }
}

guichet_store::backend_tests! {
    consecutive_years_keep_the_rules_where_they_meet,
    a_year_is_generated_reproducibly_and_regenerated_around_the_past,
    generation_refuses_too_few_sites_and_an_uncovered_week,
    a_swap_is_proposed_accepted_and_kept_when_the_year_is_regenerated,
    a_swap_breaking_a_rule_and_an_override_are_refused_with_the_reason,
    the_primary_is_on_duty_and_the_backup_steps_in,
    feeds_show_the_shifts_until_revoked,
}

/// Two nodes of one deployment on one PostgreSQL schema, each with its
/// own pools and writer, on one clock; `None` where PostgreSQL may be
/// missing outside CI.
async fn two_nodes(at: &str) -> Option<(TestStore, Context, Context)> {
    let db = guichet_store::testing::fresh(guichet_store::testing::Backend::Postgres).await?;
    let (here, clock) = context(&db, at).await;
    let schema = db.schema.clone().unwrap();
    let store = guichet_store::connect_postgres_schema(&db.url, &schema).await.unwrap();
    let there = Context::new(store, clock);
    Some((db, here, there))
}

#[tokio::test]
async fn a_swap_decided_on_two_nodes_at_once_is_decided_once() {
    let Some((_db, here, there)) = two_nodes("2027-01-01T12:00:00Z").await else {
        return;
    };
    let coordinator = person(&here, "cora", Role::Coordinator).await.1;
    let made = sites(&here, 17).await;
    let rows = generate_year(&here, &coordinator, generate(2027, 3))
        .await
        .unwrap()
        .rows;
    let name = |id: SiteId| made.iter().find(|s| s.id == id).unwrap().name.clone();
    let (a, b) = (made[0].id, made[1].id);
    let mut proposed = None;
    'search: for a_row in rows.iter().filter(|r| r.primary == name(a)) {
        for b_row in rows.iter().filter(|r| r.primary == name(b)) {
            let body = SwapBody {
                site: a,
                week: a_row.week_start,
                other_site: b,
                other_week: Some(b_row.week_start),
                note: None,
            };
            if let Ok(swap) = propose_swap(&here, &coordinator, body).await {
                proposed = Some(swap);
                break 'search;
            }
        }
    }
    let swap = proposed.expect("some exchange keeps the rules");
    let (accepted, declined) = tokio::join!(
        decide_swap(&here, &coordinator, swap.id, Decision::Accept),
        decide_swap(&there, &coordinator, swap.id, Decision::Decline)
    );
    let outcomes = [accepted.is_ok(), declined.is_ok()];
    assert_eq!(
        outcomes.iter().filter(|ok| **ok).count(),
        1,
        "{accepted:?} {declined:?}"
    );
    let lost = if outcomes[0] {
        declined.unwrap_err()
    } else {
        accepted.unwrap_err()
    };
    assert!(matches!(lost, ServiceError::Conflict(_)), "{lost:?}");
    let stored = list_swaps(&there, &coordinator, false).await.unwrap();
    let expected = if outcomes[0] {
        SwapState::Accepted
    } else {
        SwapState::Declined
    };
    assert_eq!(stored[0].state, expected);
    let now = year_rows(&there, &coordinator, 2027).await.unwrap();
    let changed = now.iter().zip(&rows).filter(|(n, r)| n != r).count();
    assert_eq!(changed, if outcomes[0] { 2 } else { 0 }, "applied once or not at all");
}

#[tokio::test]
async fn a_year_generated_on_two_nodes_at_once_is_one_rota() {
    let Some((_db, here, there)) = two_nodes("2027-01-01T12:00:00Z").await else {
        return;
    };
    let coordinator = person(&here, "cora", Role::Coordinator).await.1;
    sites(&here, 9).await;
    let (first, second) = tokio::join!(
        generate_year(&here, &coordinator, generate(2027, 1)),
        generate_year(&there, &coordinator, generate(2027, 2))
    );
    let drawn: Vec<Vec<RotaRow>> = [first, second]
        .into_iter()
        .filter_map(|outcome| match outcome {
            Ok(generated) => Some(generated.rows),
            Err(ServiceError::Conflict(_)) => None,
            Err(other) => panic!("{other:?}"),
        })
        .collect();
    assert!(!drawn.is_empty(), "one generation at least succeeds");
    let stored = year_rows(&here, &coordinator, 2027).await.unwrap();
    assert!(
        drawn.contains(&stored),
        "the stored rota is one of those drawn, not a mix of both"
    );
}
