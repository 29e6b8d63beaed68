//! The rota's pages: the year's table, generating a year (coordinators
//! only, refusals shown on the form), the swaps (a refused proposal shows
//! why, an accepted one changes the table), a site's page and the
//! first-level queue's "on shift".

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use reqwest::StatusCode;

use guichet_domain::clock::ManualClock;
use guichet_domain::ids::SiteId;
use guichet_domain::role::Role;
use guichet_service::admin::sites::{delete_site, list_sites};
use guichet_service::admin::units::{UnitBody, get_unit, update_unit};
use guichet_service::rota::{GenerateBody, RotaRow, SwapBody, generate_year, on_shift_view, propose_swap, year_rows};
use guichet_service::{Actor, User, actor_of};
use guichet_store::testing::TestStore;

use crate::helpers::*;

/// A Wednesday of 2030, the tests' today: the year's first weeks are past.
pub const TODAY: &str = "2030-03-06T10:00:00Z";

/// A server whose clock says [`TODAY`], with 2030's rota generated from
/// seed 7, and a coordinator.
pub async fn app_with_rota(db: TestStore) -> (WebApp, User, Vec<RotaRow>) {
    let today: DateTime<Utc> = TODAY.parse().unwrap();
    let app = WebApp::with_clock(db, Arc::new(ManualClock::at(today))).await;
    let coordinator = app.person("cora", Role::Coordinator).await;
    let body = GenerateBody {
        year: 2030,
        seed: Some(7),
    };
    generate_year(&app.ctx, &actor_of(&coordinator), body).await.unwrap();
    let rows = year_rows(&app.ctx, &actor_of(&coordinator), 2030).await.unwrap();
    (app, coordinator, rows)
}

/// The id of the site named `name`.
pub async fn site_id(app: &WebApp, name: &str) -> SiteId {
    let sites = list_sites(&app.ctx).await.unwrap();
    sites.iter().find(|s| s.name == name).unwrap().id
}

/// Makes `user` a member of `site`'s unit, so they speak for the site.
pub async fn join_site(app: &WebApp, user: &User, site: SiteId) {
    let sites = list_sites(&app.ctx).await.unwrap();
    let unit = get_unit(&app.ctx, sites.iter().find(|s| s.id == site).unwrap().unit)
        .await
        .unwrap();
    let mut members = unit.members.clone();
    members.push(user.id);
    let body = UnitBody {
        name: unit.name.clone(),
        kind: unit.kind.as_str().into(),
        qos_level: Some(unit.qos_level.as_str().into()),
        email: unit.email.clone(),
        members,
    };
    update_unit(&app.ctx, &Actor::system("test"), unit.id, body)
        .await
        .unwrap();
}

/// The primary and backup names of the table's line of `week`.
fn line_of(body: &str, week: NaiveDate) -> (String, String) {
    let at = body
        .find(&format!("<time datetime=\"{week}\">"))
        .unwrap_or_else(|| panic!("no line for {week}"));
    let line = &body[at..at + body[at..].find("</tr>").unwrap()];
    let names: Vec<String> = line
        .split("</a>")
        .filter_map(|part| part.rsplit_once('>').map(|(_, name)| name.to_owned()))
        .filter(|name| !name.is_empty())
        .collect();
    (names[0].clone(), names[1].clone())
}

async fn the_year_table_shows_the_rota_and_the_week_in_force(db: TestStore) {
    let (app, _, rows) = app_with_rota(db).await;
    let shifter = app.person("shiva", Role::Shifter).await;
    let browser = app.signed_in(&shifter).await;
    let nav = browser.get("/tickets/mine").await;
    assert!(nav.body.contains("href=\"/rota\""), "supporters have the link");
    let page = browser.get("/rota?year=2030").await;
    let body = page.expect(StatusCode::OK);
    assert_eq!(body.matches("<time datetime=").count(), rows.len(), "a line a week");
    for row in [&rows[0], &rows[20], rows.last().unwrap()] {
        assert_eq!(line_of(body, row.week_start), (row.primary.clone(), row.backup.clone()));
    }
    let current = NaiveDate::from_ymd_opt(2030, 3, 4).unwrap();
    assert!(
        body.contains(&format!(
            "<tr class=\"current\" aria-current=\"date\">\n      <td><time datetime=\"{current}\">"
        )),
        "the week in force stands out"
    );
    assert_eq!(body.matches("class=\"current\"").count(), 1);
    assert!(body.contains("href=\"/rota?year=2029\"") && body.contains("href=\"/rota?year=2031\""));
    assert!(
        !body.contains("href=\"/rota/generate"),
        "no generate link for a shifter"
    );
    let css = browser.get("/static/guichet.css").await;
    assert!(css.body.contains("@media print"), "a print stylesheet");

    let missing = browser.get("/rota?year=2031").await;
    assert!(
        missing
            .expect(StatusCode::OK)
            .contains("The rota of 2031 is not generated yet.")
    );
    let french = browser.get_with("/rota?year=2031", &[("accept-language", "fr")]).await;
    assert!(french.body.contains("La permanence de 2031 n’est pas encore générée."));
    let rita = app.person("rita", Role::Requester).await;
    let requester = app.signed_in(&rita).await;
    assert!(!requester.get("/tickets/mine").await.body.contains("href=\"/rota\""));
    assert_eq!(requester.get("/rota").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.browser().get("/rota").await.status, StatusCode::SEE_OTHER);
}

async fn coordinators_generate_a_year_and_see_its_seed(db: TestStore) {
    let (app, coordinator, _) = app_with_rota(db).await;
    let browser = app.signed_in(&coordinator).await;
    let year = browser.get("/rota?year=2031").await;
    assert!(
        year.body.contains("href=\"/rota/generate?year=2031\""),
        "the coordinator's link"
    );
    let form = browser.get("/rota/generate?year=2031").await;
    form.expect(StatusCode::OK);
    let csrf = form.hidden("csrf");
    let bad = browser
        .post("/rota/generate", &[("csrf", &csrf), ("year", "2031"), ("seed", "-4")])
        .await;
    assert!(
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("The seed must be a whole number")
    );
    let done = browser
        .post("/rota/generate", &[("csrf", &csrf), ("year", "2031"), ("seed", "1234")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let location = done.location.unwrap();
    // The seed that drew the rota: 1234, or one derived from it when the
    // first draw broke a rule where 2031 meets a year already planned.
    let seed = location.strip_prefix("/rota?year=2031&seed=").unwrap();
    let seed: u64 = seed.parse().unwrap();
    let table = browser.get(&location).await;
    let body = table.expect(StatusCode::OK);
    assert!(body.contains(&format!("Rota generated with seed {seed}")), "{body}");
    let rows = year_rows(&app.ctx, &actor_of(&coordinator), 2031).await.unwrap();
    assert_eq!(
        line_of(body, rows[3].week_start),
        (rows[3].primary.clone(), rows[3].backup.clone())
    );
    let forged = browser
        .post("/rota/generate", &[("csrf", "0"), ("year", "2032"), ("seed", "")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

async fn generating_with_too_few_sites_shows_the_reason(db: TestStore) {
    let app = WebApp::on(db).await;
    for (site, _) in &app.org.sites[2..] {
        delete_site(&app.ctx, &Actor::system("test"), *site).await.unwrap();
    }
    let coordinator = app.person("cora", Role::Coordinator).await;
    let browser = app.signed_in(&coordinator).await;
    let csrf = browser.get("/rota/generate").await.hidden("csrf");
    let refused = browser
        .post("/rota/generate", &[("csrf", &csrf), ("year", "2040"), ("seed", "5")])
        .await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("The rota cannot be generated: 2 sites cannot share"),
        "{body}"
    );
    assert!(
        body.contains("value=\"2040\"") && body.contains("value=\"5\""),
        "the form keeps its values"
    );
    let french = browser
        .post_with(
            "/rota/generate",
            &[("csrf", &csrf), ("year", "2040"), ("seed", "")],
            &[("accept-language", "fr"), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert!(french.body.contains("La permanence ne peut pas être générée"));
    assert!(browser.get("/rota?year=2040").await.body.contains("not generated yet"));
}

async fn non_coordinators_cannot_generate(db: TestStore) {
    let app = WebApp::on(db).await;
    let shifter = app.person("shiva", Role::Shifter).await;
    let browser = app.signed_in(&shifter).await;
    assert_eq!(browser.get("/rota/generate").await.status, StatusCode::FORBIDDEN);
    let csrf = browser.get("/preferences").await.hidden("csrf");
    let tried = browser
        .post("/rota/generate", &[("csrf", &csrf), ("year", "2030"), ("seed", "1")])
        .await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN);
    let coordinator = app.person("cora", Role::Coordinator).await;
    assert!(
        year_rows(&app.ctx, &actor_of(&coordinator), 2030).await.is_err(),
        "nothing was generated"
    );
}

async fn a_past_week_swap_is_refused_with_its_reason(db: TestStore) {
    let (app, _, rows) = app_with_rota(db).await;
    let january = &rows[0];
    let (site, other) = (
        site_id(&app, &january.primary).await,
        site_id(&app, &january.backup).await,
    );
    let shifter = app.person("shiva", Role::Shifter).await;
    join_site(&app, &shifter, site).await;
    let browser = app.signed_in(&shifter).await;
    let page = browser.get("/rota/swaps").await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("No swap has been proposed."));
    assert!(
        body.contains(&format!("<option value=\"{site}\"")),
        "the shifter's own site"
    );
    let csrf = page.hidden("csrf");
    let week = january.week_start.to_string();
    let refused = browser
        .post(
            "/rota/swaps",
            &[
                ("csrf", &csrf),
                ("site", &site.to_string()),
                ("week", &week),
                ("other_site", &other.to_string()),
                ("other_week", ""),
                ("note", "holidays"),
            ],
        )
        .await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains(&format!("The swap is refused: the week of {week} is past")),
        "{body}"
    );
    assert!(body.contains(">holidays</textarea>"), "the note is kept");
    let undated = browser
        .post(
            "/rota/swaps",
            &[
                ("csrf", &csrf),
                ("site", &site.to_string()),
                ("week", "soon"),
                ("other_site", &other.to_string()),
            ],
        )
        .await;
    assert!(
        undated
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("Give the week as a date")
    );
    assert!(
        browser
            .get("/rota/swaps")
            .await
            .body
            .contains("No swap has been proposed.")
    );
}

/// A future exchange of primary shifts the rules allow, proposed by the
/// first site of the pair.
async fn an_allowed_exchange(app: &WebApp, coordinator: &User, rows: &[RotaRow]) -> (usize, usize) {
    let april = NaiveDate::from_ymd_opt(2030, 4, 1).unwrap();
    let future: Vec<usize> = (0..rows.len()).filter(|i| rows[*i].week_start > april).collect();
    for &i in &future {
        for &j in future.iter().rev() {
            if rows[i].primary == rows[j].primary || j <= i {
                continue;
            }
            let body = SwapBody {
                site: site_id(app, &rows[i].primary).await,
                week: rows[i].week_start,
                other_site: site_id(app, &rows[j].primary).await,
                other_week: Some(rows[j].week_start),
                note: Some("trade".into()),
            };
            if propose_swap(&app.ctx, &actor_of(coordinator), body).await.is_ok() {
                return (i, j);
            }
        }
    }
    panic!("no exchange the rules allow");
}

async fn an_accepted_swap_changes_the_table(db: TestStore) {
    let (app, coordinator, rows) = app_with_rota(db).await;
    let (i, j) = an_allowed_exchange(&app, &coordinator, &rows).await;
    let asked = site_id(&app, &rows[j].primary).await;
    let bystander = app.person("bea", Role::Shifter).await;
    let looking = app.signed_in(&bystander).await;
    let list = looking.get("/rota/swaps").await;
    let body = list.expect(StatusCode::OK);
    assert!(body.contains("trade") && body.contains(">proposed<"), "{body}");
    assert!(!body.contains("/accept\""), "a bystander may not decide");
    let csrf = list.hidden("csrf");
    let id = body
        .split("id=\"swap-")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let meddling = looking
        .post(&format!("/rota/swaps/{id}/accept"), &[("csrf", &csrf)])
        .await;
    assert_eq!(meddling.status, StatusCode::FORBIDDEN);

    let shifter = app.person("shiva", Role::Shifter).await;
    join_site(&app, &shifter, asked).await;
    let browser = app.signed_in(&shifter).await;
    let list = browser.get("/rota/swaps").await;
    let accept = format!("action=\"/rota/swaps/{id}/accept\"");
    assert!(list.body.contains(&accept), "the site asked may accept");
    assert!(
        !list.body.contains(&format!("/rota/swaps/{id}/withdraw")),
        "but not withdraw"
    );
    let csrf = list.hidden("csrf");
    let forged = browser
        .post(&format!("/rota/swaps/{id}/accept"), &[("csrf", "x")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let accepted = browser
        .post(&format!("/rota/swaps/{id}/accept"), &[("csrf", &csrf)])
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let after = browser.get("/rota/swaps").await;
    assert!(after.body.contains(">accepted<") && !after.body.contains(&accept));
    let table = browser.get("/rota?year=2030").await;
    assert_eq!(line_of(&table.body, rows[i].week_start).0, rows[j].primary, "exchanged");
    assert_eq!(line_of(&table.body, rows[j].week_start).0, rows[i].primary, "both ways");
    let again = browser
        .post(&format!("/rota/swaps/{id}/accept"), &[("csrf", &csrf)])
        .await;
    assert!(
        again
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("this proposal is already accepted")
    );
    assert_eq!(
        browser
            .post("/rota/swaps/999999/maybe", &[("csrf", &csrf)])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn a_proposal_whose_week_has_passed_shows_as_expired(db: TestStore) {
    let clock = Arc::new(ManualClock::at(TODAY.parse().unwrap()));
    let app = WebApp::with_clock(db, clock.clone()).await;
    let coordinator = app.person("cora", Role::Coordinator).await;
    let body = GenerateBody {
        year: 2030,
        seed: Some(7),
    };
    generate_year(&app.ctx, &actor_of(&coordinator), body).await.unwrap();
    let rows = year_rows(&app.ctx, &actor_of(&coordinator), 2030).await.unwrap();
    let (i, j) = an_allowed_exchange(&app, &coordinator, &rows).await;
    let browser = app.signed_in(&coordinator).await;
    let open = browser.get("/rota/swaps").await;
    assert!(open.body.contains("/accept\""), "an open proposal may be accepted");
    assert!(!open.body.contains("its week has passed"));
    let past_both = rows[i].week_start.max(rows[j].week_start) + chrono::Days::new(8);
    clock.set(past_both.and_hms_opt(12, 0, 0).unwrap().and_utc());
    let browser = app.signed_in(&coordinator).await;
    let expired = browser.get("/rota/swaps").await;
    let body = expired.expect(StatusCode::OK);
    assert!(body.contains("(its week has passed)"), "{body}");
    assert!(!body.contains("/accept\""), "no accept once its week has passed");
    assert!(body.contains("/decline\""), "it may still be declined");
}

async fn a_site_page_shows_and_edits_its_rota_data(db: TestStore) {
    let (app, coordinator, rows) = app_with_rota(db).await;
    let name = rows[30].primary.clone();
    let site = site_id(&app, &name).await;
    let member = app.person("mia", Role::Shifter).await;
    join_site(&app, &member, site).await;
    let browser = app.signed_in(&member).await;
    let page = browser.get(&format!("/sites/{site}")).await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains(&format!("<h1>{name}</h1>")));
    let shifts = guichet_service::rota::site_next_shifts(&app.ctx, &actor_of(&coordinator), site, 12)
        .await
        .unwrap();
    assert!(!shifts.is_empty());
    for shift in &shifts {
        assert!(body.contains(&format!("<time datetime=\"{}\">", shift.week_start)));
    }
    assert!(body.contains("No shift contact") && body.contains("No blackout date."));
    let csrf = page.hidden("csrf");
    let bad = browser
        .post(
            &format!("/sites/{site}/blackouts"),
            &[("csrf", &csrf), ("dates", "2030-07-01\nlater")],
        )
        .await;
    assert!(
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("“later” is not a date")
    );
    let saved = browser
        .post(
            &format!("/sites/{site}/blackouts"),
            &[("csrf", &csrf), ("dates", "2030-07-01\n2030-08-05")],
        )
        .await;
    assert_eq!(saved.location.as_deref(), Some(&*format!("/sites/{site}?done=saved")));
    let member_id = member.id.to_string();
    let away = format!("away_{member_id}");
    let contacts = browser
        .post(
            &format!("/sites/{site}/contacts"),
            &[("csrf", &csrf), ("contact", &member_id), (&away, "2030-03-10")],
        )
        .await;
    assert_eq!(contacts.status, StatusCode::SEE_OTHER, "{}", contacts.body);
    let page = browser.get(&format!("/sites/{site}?done=saved")).await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("Saved."));
    assert!(body.contains("<time datetime=\"2030-07-01\">") && body.contains("<time datetime=\"2030-08-05\">"));
    assert!(body.contains("mia (mia@example.org) — away until 2030-03-10"), "{body}");

    let stranger = app.person("stan", Role::Shifter).await;
    let other = app.signed_in(&stranger).await;
    let seen = other.get(&format!("/sites/{site}")).await;
    assert!(
        !seen.expect(StatusCode::OK).contains("/blackouts\""),
        "no form for others"
    );
    let csrf = seen.hidden("csrf");
    let refused = other
        .post(&format!("/sites/{site}/blackouts"), &[("csrf", &csrf), ("dates", "")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(other.get("/sites/999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get("/sites/abc").await.status, StatusCode::NOT_FOUND);
}

async fn the_first_level_queue_shows_who_is_on_shift(db: TestStore) {
    let (app, coordinator, _) = app_with_rota(db).await;
    let view = on_shift_view(&app.ctx, &actor_of(&coordinator)).await.unwrap();
    let (current, next) = (view.current.unwrap(), view.next.unwrap());
    let shifter = app.person("shiva", Role::Shifter).await;
    let browser = app.signed_in(&shifter).await;
    let queue = browser.get("/queues/first-level").await;
    let body = queue.expect(StatusCode::OK);
    let section = &body[body.find("class=\"on-shift\"").unwrap()..body.find("</section>").unwrap()];
    let this_week = &section[..section.find("Next week").unwrap()];
    let next_week = &section[section.find("Next week").unwrap()..];
    assert!(
        this_week.contains(&format!(">{}</a>", current.primary.name)),
        "{section}"
    );
    assert!(this_week.contains(&format!(">{}</a>", current.backup.name)));
    assert!(next_week.contains(&format!(">{}</a>", next.primary.name)));
    assert_eq!(
        section.contains("The backup stepped in."),
        current.backup_stepped_in || next.backup_stepped_in
    );
    let unit = browser.get(&format!("/queues/{}", app.org.experts[0])).await;
    assert!(!unit.body.contains("class=\"on-shift\""), "only first-level's queue");
}

guichet_store::backend_tests! {
    the_year_table_shows_the_rota_and_the_week_in_force,
    coordinators_generate_a_year_and_see_its_seed,
    generating_with_too_few_sites_shows_the_reason,
    non_coordinators_cannot_generate,
    a_past_week_swap_is_refused_with_its_reason,
    an_accepted_swap_changes_the_table,
    a_proposal_whose_week_has_passed_shows_as_expired,
    a_site_page_shows_and_edits_its_rota_data,
    the_first_level_queue_shows_who_is_on_shift,
}
