//! The rota in notifications, on both backends: first-level mail goes to
//! whoever is on shift (the backup when the primary has nobody, the whole
//! unit without a rota, both teams on escalation to level 2), swaps mail
//! both sites' contacts, and the handover digest reaches both teams once.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use guichet_domain::clock::ManualClock;
use guichet_domain::ids::{SiteId, TicketId, TicketNumber, UserId};
use guichet_domain::role::Role;
use guichet_service::admin::sites::{SiteBody, create_site};
use guichet_service::admin::units::{UnitBody, get_unit, update_unit};
use guichet_service::admin::users::{UserInput, UserUpdateInput, add_user, update_user};
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::input::CreateTicketInput;
use guichet_service::input::UpdateTicketInput;
use guichet_service::mail::outbox;
use guichet_service::people::preferences::{PreferencesInput, set_my_preferences};
use guichet_service::rota::{
    ContactBody, Decision, DigestOutcome, GenerateBody, SwapBody, decide_swap, generate_year, on_duty_at, propose_swap,
    send_handover_digest, set_shift_contacts,
};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::escalate::escalate;
use guichet_service::tickets::update::update_ticket;
use guichet_service::{Actor, Context, User, actor_of};
use guichet_store::OutgoingMail;
use guichet_store::testing::TestStore;

use crate::fixtures::{Parsed, queue_notifications};

/// Tuesday 5 January 2027, 10:00 UTC: the week of the 4th is in force.
fn tuesday() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-01-05T10:00:00Z").unwrap().to_utc()
}

/// Four sites with two shift contacts each (and a member who is not
/// one, `s{i}m`), first-level support with two
/// members of its own, a requester and a coordinator.
struct World {
    ctx: Context,
    clock: Arc<ManualClock>,
    rita: Actor,
    first_level: Vec<User>,
    /// Each site and its contacts.
    sites: Vec<(SiteId, Vec<User>)>,
    /// The rota mails of the setup (the year generated tells every site).
    setup_mails: usize,
}

async fn person(ctx: &Context, name: &str, role: Role) -> User {
    let input = UserInput {
        email: format!("{name}@example.org"),
        name: name.into(),
        role: role.as_str().into(),
        password: None,
        dn: None,
    };
    add_user(ctx, &Actor::system("test"), input).await.unwrap()
}

async fn set_members(ctx: &Context, unit: guichet_domain::ids::UnitId, members: Vec<UserId>) {
    let current = get_unit(ctx, unit).await.unwrap();
    let body = UnitBody {
        name: current.name.clone(),
        kind: current.kind.as_str().into(),
        qos_level: Some(current.qos_level.as_str().into()),
        email: current.email.clone(),
        members,
    };
    update_unit(ctx, &Actor::system("test"), unit, body).await.unwrap();
}

/// The world; with a rota of 2027 if `rota`.
async fn world(db: &TestStore, rota: bool) -> World {
    let clock = Arc::new(ManualClock::at(tuesday()));
    let ctx = Context::new(db.store.clone(), clock.clone());
    let admin = Actor::system("test");
    let unit = ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap()
        .unit;
    let first_level = vec![
        person(&ctx, "fl1", Role::Supporter).await,
        person(&ctx, "fl2", Role::Supporter).await,
    ];
    set_members(&ctx, unit, first_level.iter().map(|u| u.id).collect()).await;
    let mut sites = Vec::new();
    for i in 0..4 {
        let body = SiteBody {
            name: format!("SITE-{i}"),
            ngi: None,
        };
        let site = create_site(&ctx, &admin, body).await.unwrap();
        let contacts = vec![
            person(&ctx, &format!("s{i}a"), Role::Supporter).await,
            person(&ctx, &format!("s{i}b"), Role::Supporter).await,
        ];
        let member = person(&ctx, &format!("s{i}m"), Role::Supporter).await;
        let members = contacts.iter().chain([&member]).map(|u| u.id).collect();
        set_members(&ctx, site.unit, members).await;
        set_contacts(&ctx, site.id, &contacts, None).await;
        sites.push((site.id, contacts));
    }
    let french = PreferencesInput {
        language: Some("fr".into()),
        time_zone: None,
        notification_mode: None,
    };
    set_my_preferences(&ctx, &actor_of(&sites[1].1[0]), &french)
        .await
        .unwrap();
    if rota {
        let coordinator = actor_of(&person(&ctx, "coco", Role::Coordinator).await);
        let body = GenerateBody {
            year: 2027,
            seed: Some(17),
        };
        generate_year(&ctx, &coordinator, body).await.unwrap();
    }
    let rita = actor_of(&person(&ctx, "rita", Role::Requester).await);
    queue_notifications(&ctx).await;
    let setup_mails = outbox::list(&ctx, None).await.unwrap().len();
    World {
        ctx,
        clock,
        rita,
        first_level,
        sites,
        setup_mails,
    }
}

async fn set_contacts(ctx: &Context, site: SiteId, contacts: &[User], away_until: Option<NaiveDate>) {
    let body = contacts
        .iter()
        .map(|u| ContactBody { user: u.id, away_until })
        .collect();
    set_shift_contacts(ctx, &Actor::system("test"), site, body)
        .await
        .unwrap();
}

impl World {
    fn contacts(&self, site: SiteId) -> &[User] {
        &self.sites.iter().find(|(id, _)| *id == site).unwrap().1
    }

    fn addresses(&self, site: SiteId) -> BTreeSet<String> {
        self.contacts(site).iter().map(|u| u.email.clone()).collect()
    }

    /// The primary and backup sites in force now.
    async fn shift(&self) -> (SiteId, SiteId) {
        let team = on_duty_at(&self.ctx, self.ctx.now()).await.unwrap().unwrap();
        (team.primary, team.backup)
    }

    /// Opens a first-level ticket as rita, and queues its notifications.
    async fn open(&self, subject: &str) -> TicketId {
        let input = CreateTicketInput {
            subject: subject.into(),
            description: "Jobs fail.".into(),
            ..Default::default()
        };
        let id = create_ticket(&self.ctx, &self.rita, input).await.unwrap().ticket.id;
        queue_notifications(&self.ctx).await;
        id
    }
}

/// The supporters a ticket's mails went to, from the `skip`-th on.
async fn supporters(ctx: &Context, ticket: TicketId, skip: usize) -> BTreeSet<String> {
    let mails = outbox::list(ctx, Some(ticket)).await.unwrap();
    mails[skip..]
        .iter()
        .map(|m| m.recipient.clone())
        .filter(|r| r != "rita@example.org")
        .collect()
}

/// The mails of no ticket since the setup: the rota's.
async fn rota_mails(w: &World) -> Vec<OutgoingMail> {
    let mails = outbox::list(&w.ctx, None).await.unwrap();
    mails
        .into_iter()
        .skip(w.setup_mails)
        .filter(|m| m.ticket.is_none())
        .collect()
}

async fn a_new_ticket_reaches_the_primary_sites_contacts_only(db: TestStore) {
    let w = world(&db, true).await;
    let (primary, backup) = w.shift().await;
    let ticket = w.open("CE down").await;
    assert_eq!(supporters(&w.ctx, ticket, 0).await, w.addresses(primary));
    let all = outbox::list(&w.ctx, Some(ticket)).await.unwrap();
    assert!(
        all.iter().any(|m| m.recipient == "rita@example.org"),
        "the submitter still hears"
    );
    for user in w.first_level.iter().chain(w.contacts(backup)) {
        assert!(
            all.iter().all(|m| m.recipient != user.email),
            "{} is not on duty",
            user.email
        );
    }
}

async fn the_backup_steps_in_when_the_primarys_contacts_are_away_or_disabled(db: TestStore) {
    let w = world(&db, true).await;
    let (primary, backup) = w.shift().await;
    let contacts = w.contacts(primary).to_vec();
    let today = w.ctx.now().date_naive();
    let body = vec![
        ContactBody {
            user: contacts[0].id,
            away_until: Some(today),
        },
        ContactBody {
            user: contacts[1].id,
            away_until: None,
        },
    ];
    let admin = Actor::system("test");
    set_shift_contacts(&w.ctx, &admin, primary, body).await.unwrap();
    let off = UserUpdateInput {
        disabled: Some(true),
        ..Default::default()
    };
    update_user(&w.ctx, &admin, contacts[1].id, off).await.unwrap();
    let ticket = w.open("SE full").await;
    assert_eq!(supporters(&w.ctx, ticket, 0).await, w.addresses(backup));
    w.clock.set(w.ctx.now() + Duration::days(1));
    let next = w.open("SE full again").await;
    assert_eq!(
        supporters(&w.ctx, next, 0).await,
        BTreeSet::from([contacts[0].email.clone()]),
        "back the day after the away date; the disabled one stays out"
    );
}

async fn without_a_rota_the_whole_first_level_unit_hears(db: TestStore) {
    let w = world(&db, false).await;
    let ticket = w.open("CE down").await;
    let unit: BTreeSet<String> = w.first_level.iter().map(|u| u.email.clone()).collect();
    assert_eq!(supporters(&w.ctx, ticket, 0).await, unit);
}

async fn an_escalation_to_level_2_reaches_both_teams(db: TestStore) {
    let w = world(&db, true).await;
    let (primary, backup) = w.shift().await;
    let ticket = w.open("Transfers stuck").await;
    escalate(&w.ctx, &w.rita, ticket).await.unwrap();
    queue_notifications(&w.ctx).await;
    let before = outbox::list(&w.ctx, Some(ticket)).await.unwrap().len();
    w.clock.set(w.ctx.now() + Duration::days(2));
    escalate(&w.ctx, &w.rita, ticket).await.unwrap();
    queue_notifications(&w.ctx).await;
    let mut both = w.addresses(primary);
    both.extend(w.addresses(backup));
    assert_eq!(supporters(&w.ctx, ticket, before).await, both);
}

/// Proposes an exchange of the primary and backup of a coming week, from
/// the primary's first contact: the first week whose exchange keeps the
/// rota's rules.
async fn propose(w: &World) -> (guichet_domain::ids::SwapId, SiteId, SiteId, NaiveDate) {
    for weeks in 3..30 {
        let week = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap() + Duration::weeks(weeks);
        let at = week.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let team = on_duty_at(&w.ctx, at).await.unwrap().unwrap();
        let body = SwapBody {
            site: team.primary,
            week,
            other_site: team.backup,
            other_week: Some(week),
            note: Some("Conférence CHEP".into()),
        };
        let proposer = actor_of(&w.contacts(team.primary)[0]);
        if let Ok(view) = propose_swap(&w.ctx, &proposer, body).await {
            return (view.id, team.primary, team.backup, week);
        }
    }
    panic!("no week could be exchanged");
}

async fn a_swap_and_its_acceptance_mail_both_sites(db: TestStore) {
    let w = world(&db, true).await;
    let (swap, proposer, responder, week) = propose(&w).await;
    queue_notifications(&w.ctx).await;
    let proposed = rota_mails(&w).await;
    let mut expected = w.addresses(proposer);
    expected.extend(w.addresses(responder));
    let author = w.contacts(proposer)[0].email.clone();
    expected.remove(&author);
    let to: BTreeSet<String> = proposed.iter().map(|m| m.recipient.clone()).collect();
    assert_eq!(to, expected, "both sites' contacts, not the author");
    assert_eq!(proposed.len(), expected.len(), "once each");
    for mail in &proposed {
        let text = Parsed::from_bytes(&mail.message).text;
        assert!(text.contains(&week.to_string()), "{text}");
        assert!(text.contains("SITE-"), "{text}");
    }
    let french = w.contacts(w.sites[1].0)[0].email.clone();
    if let Some(mail) = proposed.iter().find(|m| m.recipient == french) {
        assert!(Parsed::from_bytes(&mail.message).text.contains("propose de donner"));
    }
    let english = proposed.iter().find(|m| m.recipient != french).unwrap();
    assert!(Parsed::from_bytes(&english.message).text.contains("proposes to give"));
    assert!(
        Parsed::from_bytes(&english.message)
            .text
            .contains("adds: “Conférence CHEP”"),
        "the proposer's note is told"
    );

    let decider = actor_of(&w.contacts(responder)[0]);
    decide_swap(&w.ctx, &decider, swap, Decision::Accept).await.unwrap();
    queue_notifications(&w.ctx).await;
    queue_notifications(&w.ctx).await;
    let accepted = &rota_mails(&w).await[proposed.len()..];
    let mut expected = w.addresses(proposer);
    expected.extend(w.addresses(responder));
    expected.remove(&w.contacts(responder)[0].email);
    let to: BTreeSet<String> = accepted.iter().map(|m| m.recipient.clone()).collect();
    assert_eq!(to, expected);
    assert_eq!(accepted.len(), expected.len(), "one mail per recipient for the change");
    let text = Parsed::from_bytes(&accepted.iter().find(|m| m.recipient != french).unwrap().message).text;
    assert!(
        text.contains("was accepted") && text.contains(&week.to_string()),
        "{text}"
    );
    assert!(text.contains("shifts changed"), "the shift change is told too: {text}");
}

async fn the_handover_digest_lists_open_tickets_for_both_teams_once(db: TestStore) {
    let w = world(&db, true).await;
    let first = w.open("CE down").await;
    let second = w.open("SE full").await;
    let solved = w.open("Solved already").await;
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("Restarted.".into()),
        ..UpdateTicketInput::default()
    };
    update_ticket(&w.ctx, &actor_of(&w.first_level[0]), solved, solve)
        .await
        .unwrap();
    let handover = DateTime::parse_from_rfc3339("2027-01-11T09:00:00Z").unwrap().to_utc();
    w.clock.set(handover + Duration::minutes(1));
    let outcome = send_handover_digest(&w.ctx).await.unwrap();
    assert!(matches!(outcome, DigestOutcome::Sent { tickets: 2, .. }), "{outcome:?}");
    let again = send_handover_digest(&w.ctx).await.unwrap();
    assert!(matches!(again, DigestOutcome::AlreadySent(_)), "{again:?}");
    queue_notifications(&w.ctx).await;
    let outgoing = on_duty_at(&w.ctx, handover - Duration::seconds(1))
        .await
        .unwrap()
        .unwrap();
    let incoming = on_duty_at(&w.ctx, handover).await.unwrap().unwrap();
    let mut expected = w.addresses(outgoing.duty.unwrap().site);
    expected.extend(w.addresses(incoming.duty.unwrap().site));
    let mails = rota_mails(&w).await;
    let to: Vec<String> = mails.iter().map(|m| m.recipient.clone()).collect();
    assert_eq!(to.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert_eq!(to.len(), expected.len(), "one digest each");
    let english = mails.iter().find(|m| m.recipient != "s1a@example.org").unwrap();
    let text = Parsed::from_bytes(&english.message).text;
    for id in [first, second] {
        let number = TicketNumber::from(id);
        assert!(text.contains(&format!("#{number} ")), "{number}: {text}");
    }
    assert!(text.contains("CE down") && text.contains("2027-01-11"), "{text}");
    assert!(!text.contains("Solved already"), "only open tickets: {text}");
}

/// The year generated tells every site, in each contact's language; a
/// site without shift contacts hears through its unit's members.
async fn the_generated_year_tells_every_site_in_its_language(db: TestStore) {
    let w = world(&db, false).await;
    let admin = Actor::system("test");
    let silent = w.sites[3].0;
    set_shift_contacts(&w.ctx, &admin, silent, Vec::new()).await.unwrap();
    let coordinator = actor_of(&person(&w.ctx, "coco", Role::Coordinator).await);
    let body = GenerateBody {
        year: 2027,
        seed: Some(5),
    };
    generate_year(&w.ctx, &coordinator, body).await.unwrap();
    queue_notifications(&w.ctx).await;
    let mails = rota_mails(&w).await;
    let mut expected: BTreeSet<String> = w.sites[..3].iter().flat_map(|(site, _)| w.addresses(*site)).collect();
    expected.extend(["s3a", "s3b", "s3m"].map(|n| format!("{n}@example.org")));
    let to: BTreeSet<String> = mails.iter().map(|m| m.recipient.clone()).collect();
    assert_eq!(to, expected, "contacts, or the unit's members for a site without any");
    let text = |to: &str| Parsed::from_bytes(&mails.iter().find(|m| m.recipient == to).unwrap().message).text;
    assert!(
        text("s1a@example.org").contains("Les permanences des semaines"),
        "French"
    );
    assert!(text("s0a@example.org").contains("The shifts of the weeks"), "English");
    assert!(
        text("s0a@example.org").contains("2027-01-04 – 2027-12-27 (52)"),
        "a year's weeks as a span"
    );
}

guichet_store::backend_tests! {
    a_new_ticket_reaches_the_primary_sites_contacts_only,
    the_backup_steps_in_when_the_primarys_contacts_are_away_or_disabled,
    without_a_rota_the_whole_first_level_unit_hears,
    an_escalation_to_level_2_reaches_both_teams,
    a_swap_and_its_acceptance_mail_both_sites,
    the_handover_digest_lists_open_tickets_for_both_teams_once,
    the_generated_year_tells_every_site_in_its_language,
}
