//! `/api/v1/rota` and the rota's parts of sites and `me`: generating and
//! showing a year (JSON and CSV), the refusals of an unfair rota, swaps
//! and their decisions, overrides, blackouts, shift contacts and feeds.
//! The server's clock stands still on Wednesday 10 June 2026, noon UTC.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, TimeZone, Utc, Weekday};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use guichet_domain::clock::ManualClock;
use guichet_domain::ids::{UnitId, UserId};
use guichet_domain::role::Role;
use guichet_store::UnitInput;
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TestApp};

/// The week in force on the test clock.
const THIS_WEEK: &str = "2026-06-08";

async fn app_on_test_clock(db: TestStore) -> TestApp {
    let now = Utc.with_ymd_and_hms(2026, 6, 10, 12, 0, 0).unwrap();
    TestApp::on_clock(db, Arc::new(ManualClock::at(now))).await
}

/// The Mondays of `year`: the weeks of its rota.
fn mondays(year: i32) -> Vec<String> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    first
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter(|d| d.weekday() == Weekday::Mon)
        .map(|d| d.to_string())
        .collect()
}

/// The sites, by name: name → id.
async fn site_ids(app: &TestApp, caller: &Caller) -> Vec<(String, i64)> {
    let sites = app.get(caller, "/api/v1/sites").await.expect(StatusCode::OK);
    sites
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s["id"].as_i64().unwrap()))
        .collect()
}

fn id_of(sites: &[(String, i64)], name: &Value) -> i64 {
    sites.iter().find(|(n, _)| n == name.as_str().unwrap()).unwrap().1
}

fn row<'a>(rows: &'a Value, week: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["week_start"] == week)
        .unwrap()
}

async fn generate(app: &TestApp, coordinator: &Caller, year: i32, seed: u64) -> Value {
    app.post(
        coordinator,
        "/api/v1/rota/generate",
        json!({ "year": year, "seed": seed }),
    )
    .await
    .expect(StatusCode::OK)
}

/// A raw GET, for the CSV: status, content type and text.
async fn get_text(app: &TestApp, caller: &Caller, path: &str, accept: Option<&str>) -> (StatusCode, String, String) {
    let mut request = app.client.get(format!("{}{path}", app.base)).bearer_auth(&caller.token);
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT, accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

async fn a_year_is_generated_and_shown_as_json_and_csv(db: TestStore) {
    let app = app_on_test_clock(db).await;
    let coordinator = app.caller("cora", Role::Coordinator).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let rita = app.caller("rita", Role::Requester).await;
    app.get(&sam, "/api/v1/rota?year=2026")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    app.post(&sam, "/api/v1/rota/generate", json!({ "year": 2026 }))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.post(&coordinator, "/api/v1/rota/generate", json!({ "year": 1999 }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("year"));

    let generated = generate(&app, &coordinator, 2026, 7).await;
    let weeks = mondays(2026);
    assert_eq!(
        (generated["year"].as_i64(), generated["seed"].as_u64()),
        (Some(2026), Some(7))
    );
    assert_eq!(generated["changed"].as_u64(), Some(weeks.len() as u64));
    let rows = app.get(&sam, "/api/v1/rota?year=2026").await.expect(StatusCode::OK);
    assert_eq!(rows, generated["rows"]);
    let listed: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["week_start"].as_str().unwrap())
        .collect();
    assert_eq!(listed, weeks);
    let sites = site_ids(&app, &sam).await;
    for r in rows.as_array().unwrap() {
        assert_ne!(r["primary"], r["backup"], "{r}");
        id_of(&sites, &r["primary"]);
        id_of(&sites, &r["backup"]);
    }
    app.get(&rita, "/api/v1/rota?year=2026")
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);

    let (status, kind, csv) = get_text(&app, &sam, "/api/v1/rota?year=2026&format=csv", None).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(kind.starts_with("text/csv"), "{kind}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "week_start,primary,backup");
    assert_eq!(lines.len(), weeks.len() + 1);
    let first = &rows[0];
    assert_eq!(
        lines[1],
        format!(
            "{},{},{}",
            first["week_start"].as_str().unwrap(),
            first["primary"].as_str().unwrap(),
            first["backup"].as_str().unwrap()
        )
    );
    let (status, kind, accepted) = get_text(&app, &sam, "/api/v1/rota?year=2026", Some("text/csv")).await;
    assert_eq!((status, accepted), (StatusCode::OK, csv));
    assert!(kind.starts_with("text/csv"), "{kind}");
    for (path, field) in [
        ("/api/v1/rota", "year"),
        ("/api/v1/rota?year=twenty", "year"),
        ("/api/v1/rota?year=2026&format=xml", "format"),
    ] {
        app.get(&sam, path)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some(field));
    }

    let history = app
        .get(&sam, "/api/v1/rota/history?limit=5")
        .await
        .expect(StatusCode::OK);
    assert_eq!(history[0]["action"], "generated", "{history}");
    assert_eq!(history[0]["author"].as_i64(), Some(coordinator.user.id.0));
    assert!(history[0]["detail"].as_str().unwrap().contains("seed 7"), "{history}");
    app.get(&sam, "/api/v1/rota/history?limit=0").await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("limit"),
    );

    let on_shift = app.get(&sam, "/api/v1/rota/on-shift").await.expect(StatusCode::OK);
    assert_eq!(on_shift["current"]["week_start"], THIS_WEEK);
    assert_eq!(on_shift["current"]["primary"]["name"], row(&rows, THIS_WEEK)["primary"]);
    assert_eq!(on_shift["next"]["week_start"], "2026-06-15");
    assert_eq!(on_shift["next"]["backup"]["name"], row(&rows, "2026-06-15")["backup"]);

    let primary = id_of(&sites, &row(&rows, THIS_WEEK)["primary"]);
    let shifts = app
        .get(&sam, &format!("/api/v1/sites/{primary}/shifts?limit=2"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(shifts.as_array().unwrap().len(), 2, "{shifts}");
    assert_eq!(
        (shifts[0]["week_start"].as_str(), shifts[0]["role"].as_str()),
        (Some(THIS_WEEK), Some("primary"))
    );
    assert_eq!(shifts[0]["with"]["name"], row(&rows, THIS_WEEK)["backup"]);
    app.get(&sam, &format!("/api/v1/sites/{primary}/shifts?limit=many"))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("limit"));
}

async fn an_unfair_rota_is_refused_with_the_reason(db: TestStore) {
    let app = app_on_test_clock(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let coordinator = app.caller("cora", Role::Coordinator).await;
    let sites = site_ids(&app, &admin).await;

    let week = "2026-09-07";
    for (_, id) in &sites[1..] {
        app.put(&coordinator, &format!("/api/v1/sites/{id}/blackouts"), json!([week]))
            .await
            .expect(StatusCode::OK);
    }
    let message = app
        .post(&coordinator, "/api/v1/rota/generate", json!({ "year": 2026 }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", Some("rota"));
    assert!(message.contains(week) && message.contains(&sites[0].0), "{message}");
    app.get(&coordinator, "/api/v1/rota?year=2026")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);

    for (_, id) in &sites[2..] {
        app.delete(&admin, &format!("/api/v1/sites/{id}"))
            .await
            .expect(StatusCode::NO_CONTENT);
    }
    let message = app
        .post(&coordinator, "/api/v1/rota/generate", json!({ "year": 2026 }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", Some("rota"));
    assert!(message.contains("2 sites cannot share"), "{message}");
}

/// Proposes exchanges of the primary shifts of future weeks until one
/// keeps the rota's rules: the proposal, and its two weeks.
async fn some_valid_exchange(
    app: &TestApp,
    coordinator: &Caller,
    rows: &Value,
    sites: &[(String, i64)],
) -> (Value, String, String) {
    let future: Vec<&Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["week_start"].as_str().unwrap() > "2026-07-01")
        .collect();
    for (i, a) in future.iter().enumerate() {
        for b in future.iter().skip(i + 4).take(8) {
            if a["primary"] == b["primary"] {
                continue;
            }
            let body = json!({
                "site": id_of(sites, &a["primary"]), "week": a["week_start"],
                "other_site": id_of(sites, &b["primary"]), "other_week": b["week_start"],
                "note": "Our team is away that week.",
            });
            let answer = app.post(coordinator, "/api/v1/rota/swaps", body).await;
            if answer.status == StatusCode::CREATED {
                let week = |r: &Value| r["week_start"].as_str().unwrap().to_owned();
                return (answer.body, week(a), week(b));
            }
            let message = answer.expect_error(StatusCode::CONFLICT, "conflict", Some("swap"));
            assert!(message.contains("rules"), "{message}");
        }
    }
    panic!("no exchange of primary shifts keeps the rota's rules");
}

async fn swaps_are_proposed_and_decided(db: TestStore) {
    let app = app_on_test_clock(db).await;
    let coordinator = app.caller("cora", Role::Coordinator).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let rows = generate(&app, &coordinator, 2026, 11).await["rows"].clone();
    let sites = site_ids(&app, &sam).await;
    let site_of = |week: &str, role: &str| id_of(&sites, &row(&rows, week)[role]);

    let past = "2026-01-05";
    let body = json!({ "site": site_of(past, "primary"), "week": past, "other_site": site_of(past, "backup") });
    let message = app.post(&coordinator, "/api/v1/rota/swaps", body).await.expect_error(
        StatusCode::CONFLICT,
        "conflict",
        Some("swap"),
    );
    assert!(message.contains("past") && message.contains(past), "{message}");
    let future = "2026-09-07";
    let give = json!({ "site": site_of(future, "primary"), "week": future, "other_site": site_of(future, "backup") });
    app.post(&sam, "/api/v1/rota/swaps", give.clone())
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let mut tuesday = give.clone();
    tuesday["week"] = json!("2026-09-08");
    let message = app
        .post(&coordinator, "/api/v1/rota/swaps", tuesday)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("week"));
    assert!(message.contains("Mon"), "{message}");
    let mut other_tuesday = give.clone();
    other_tuesday["other_week"] = json!("2026-09-15");
    app.post(&coordinator, "/api/v1/rota/swaps", other_tuesday)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("other_week"));

    let (swap, a_week, b_week) = some_valid_exchange(&app, &coordinator, &rows, &sites).await;
    assert_eq!(
        (swap["state"].as_str(), swap["kind"].as_str()),
        (Some("proposed"), Some("exchange"))
    );
    let id = swap["id"].as_i64().unwrap();
    let open = app
        .get(&sam, "/api/v1/rota/swaps?open=true")
        .await
        .expect(StatusCode::OK);
    assert!(open.as_array().unwrap().iter().any(|s| s["id"] == id), "{open}");
    app.get(&sam, "/api/v1/rota/swaps?open=maybe").await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("open"),
    );
    let accept = format!("/api/v1/rota/swaps/{id}/accept");
    app.post(&sam, &accept, json!({}))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.post(&coordinator, &format!("/api/v1/rota/swaps/{id}/maybe"), json!({}))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("decision"));
    let accepted = app.post(&coordinator, &accept, json!({})).await.expect(StatusCode::OK);
    assert_eq!(accepted["state"], "accepted");

    let after = app.get(&sam, "/api/v1/rota?year=2026").await.expect(StatusCode::OK);
    assert_eq!(row(&after, &a_week)["primary"], row(&rows, &b_week)["primary"]);
    assert_eq!(row(&after, &b_week)["primary"], row(&rows, &a_week)["primary"]);
    let unchanged = |r: &&Value| r["week_start"] != a_week.as_str() && r["week_start"] != b_week.as_str();
    let others = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .filter(unchanged)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(others(&after), others(&rows));

    let message = app
        .post(&coordinator, &format!("/api/v1/rota/swaps/{id}/decline"), json!({}))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", None);
    assert!(message.contains("accepted"), "{message}");
    let open = app
        .get(&sam, "/api/v1/rota/swaps?open=true")
        .await
        .expect(StatusCode::OK);
    assert!(!open.as_array().unwrap().iter().any(|s| s["id"] == id), "{open}");
    let all = app.get(&sam, "/api/v1/rota/swaps").await.expect(StatusCode::OK);
    assert!(all.as_array().unwrap().iter().any(|s| s["id"] == id), "{all}");
    let history = app.get(&sam, "/api/v1/rota/history").await.expect(StatusCode::OK);
    assert_eq!(history[0]["action"], "swap.accepted", "{history}");
}

async fn coordinators_set_a_week(db: TestStore) {
    let app = app_on_test_clock(db).await;
    let coordinator = app.caller("cora", Role::Coordinator).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let rows = generate(&app, &coordinator, 2026, 5).await["rows"].clone();
    let sites = site_ids(&app, &sam).await;
    let week = "2026-09-07";
    let body =
        |primary: &Value, backup: &Value| json!({ "primary": id_of(&sites, primary), "backup": id_of(&sites, backup) });
    let same = body(&row(&rows, week)["primary"], &row(&rows, week)["backup"]);
    app.put(&sam, &format!("/api/v1/rota/weeks/{week}"), same.clone())
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    for bad in ["2026-09-08", "next-monday"] {
        app.put(&coordinator, &format!("/api/v1/rota/weeks/{bad}"), same.clone())
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("week"));
    }
    app.put(&coordinator, "/api/v1/rota/weeks/2026-01-05", same.clone())
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", Some("week"));
    let primary = &row(&rows, week)["primary"];
    let message = app
        .put(
            &coordinator,
            &format!("/api/v1/rota/weeks/{week}"),
            body(primary, primary),
        )
        .await
        .expect_error(StatusCode::CONFLICT, "conflict", Some("rota"));
    assert!(message.contains("both primary and backup"), "{message}");

    let future = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["week_start"].as_str().unwrap() > THIS_WEEK);
    let mut reversed = None;
    for r in future {
        let at = format!("/api/v1/rota/weeks/{}", r["week_start"].as_str().unwrap());
        let set = app.put(&coordinator, &at, body(&r["backup"], &r["primary"])).await;
        if set.status == StatusCode::OK {
            reversed = Some((r.clone(), set.body));
            break;
        }
        set.expect_error(StatusCode::CONFLICT, "conflict", Some("rota"));
    }
    let (before, set) = reversed.expect("some week's sites can change roles");
    let week = before["week_start"].as_str().unwrap();
    assert_eq!(set["primary"].as_i64(), Some(id_of(&sites, &before["backup"])));
    let after = app.get(&sam, "/api/v1/rota?year=2026").await.expect(StatusCode::OK);
    assert_eq!(
        (&row(&after, week)["primary"], &row(&after, week)["backup"]),
        (&before["backup"], &before["primary"])
    );
    let history = app
        .get(&sam, "/api/v1/rota/history?limit=1")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (history[0]["action"].as_str(), history[0]["week"].as_str()),
        (Some("override"), Some(week))
    );
    let restored = app
        .put(
            &coordinator,
            &format!("/api/v1/rota/weeks/{week}"),
            body(&before["primary"], &before["backup"]),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(restored["week_start"], week);
    let after = app.get(&sam, "/api/v1/rota?year=2026").await.expect(StatusCode::OK);
    assert_eq!(after, rows);
}

async fn join(app: &TestApp, unit: UnitId, user: UserId) {
    let found = app.store.unit(unit).await.unwrap();
    let mut members = found.members.clone();
    members.push(user);
    let input = UnitInput {
        name: found.name,
        kind: found.kind,
        qos_level: found.qos_level,
        email: found.email,
        members,
    };
    app.store.update_unit(unit, input).await.unwrap();
}

async fn sites_keep_their_blackouts_and_contacts(db: TestStore) {
    let app = app_on_test_clock(db).await;
    let coordinator = app.caller("cora", Role::Coordinator).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let lea = app.caller("lea", Role::Supporter).await;
    let (site, unit) = app.org.sites[0];
    let path = |what: &str| format!("/api/v1/sites/{}/{what}", site.0);
    join(&app, unit, lea.user.id).await;

    assert_eq!(
        app.get(&sam, &path("blackouts")).await.expect(StatusCode::OK),
        json!([])
    );
    app.put(&sam, &path("blackouts"), json!(["2026-12-24"]))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let set = app
        .put(&lea, &path("blackouts"), json!(["2026-12-24", "2026-08-03"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(set, json!(["2026-08-03", "2026-12-24"]));
    assert_eq!(app.get(&sam, &path("blackouts")).await.expect(StatusCode::OK), set);
    app.put(&lea, &path("blackouts"), json!(["24/12/2026"]))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("[0]"));
    app.get(&sam, "/api/v1/sites/999999/blackouts")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);

    assert_eq!(
        app.get(&sam, &path("shift-contacts")).await.expect(StatusCode::OK),
        json!([])
    );
    let stranger = json!([{ "user": sam.user.id.0 }]);
    let message = app
        .put(&coordinator, &path("shift-contacts"), stranger)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("contacts"));
    assert!(message.contains("not a member"), "{message}");
    let contacts = app
        .put(
            &lea,
            &path("shift-contacts"),
            json!([{ "user": lea.user.id.0, "away_until": "2026-06-12" }]),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(contacts[0]["user"].as_i64(), Some(lea.user.id.0));
    assert_eq!(
        (contacts[0]["name"].as_str(), contacts[0]["away_until"].as_str()),
        (Some("lea"), Some("2026-06-12"))
    );
    assert_eq!(
        app.get(&sam, &path("shift-contacts")).await.expect(StatusCode::OK),
        contacts
    );
}

async fn feeds_show_their_secret_once_and_can_be_revoked(db: TestStore) {
    let app = app_on_test_clock(db).await;
    let coordinator = app.caller("cora", Role::Coordinator).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let lea = app.caller("lea", Role::Supporter).await;
    let site = app.org.sites[0].0.0;
    let feeds = format!("/api/v1/sites/{site}/feeds");

    app.call(Some(&sam), Method::POST, &feeds, None)
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let made = app
        .call(Some(&coordinator), Method::POST, &feeds, None)
        .await
        .expect(StatusCode::CREATED);
    let secret = made["secret"].as_str().unwrap();
    assert!(secret.len() >= 32, "{made}");
    assert_eq!(made["path"], format!("/rota/feeds/{secret}.ics"));
    let listed = app.get(&coordinator, &feeds).await.expect(StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["id"], made["id"]);
    assert!(
        listed[0].get("secret").is_none() && listed[0]["revoked_at"].is_null(),
        "{listed}"
    );
    assert!(!listed.to_string().contains(secret));
    let one = format!("{feeds}/{}", made["id"]);
    app.delete(&sam, &one)
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    app.delete(&coordinator, &one).await.expect(StatusCode::NO_CONTENT);
    let listed = app.get(&coordinator, &feeds).await.expect(StatusCode::OK);
    assert!(listed[0]["revoked_at"].is_string(), "{listed}");
    app.delete(&coordinator, &format!("{feeds}/999999"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);

    let mine = app
        .call(Some(&sam), Method::POST, "/api/v1/me/feeds", None)
        .await
        .expect(StatusCode::CREATED);
    let listed = app.get(&sam, "/api/v1/me/feeds").await.expect(StatusCode::OK);
    assert_eq!(listed[0]["created_by"].as_i64(), Some(sam.user.id.0));
    assert_eq!(
        app.get(&lea, "/api/v1/me/feeds").await.expect(StatusCode::OK),
        json!([])
    );
    let path = format!("/api/v1/me/feeds/{}", mine["id"]);
    app.delete(&lea, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    app.delete(&sam, &path).await.expect(StatusCode::NO_CONTENT);
    app.delete(&sam, "/api/v1/me/feeds/abc").await.expect_error(
        StatusCode::BAD_REQUEST,
        "invalid_path",
        Some("feed_id"),
    );
}

async fn the_rota_routes_are_documented(db: TestStore) {
    let app = app_on_test_clock(db).await;
    let openapi = app.call(None, Method::GET, "/api/openapi.json", None).await.body;
    let documented = [
        ("/api/v1/rota", "get"),
        ("/api/v1/rota/generate", "post"),
        ("/api/v1/rota/on-shift", "get"),
        ("/api/v1/rota/history", "get"),
        ("/api/v1/rota/swaps", "get"),
        ("/api/v1/rota/swaps", "post"),
        ("/api/v1/rota/swaps/{id}/{decision}", "post"),
        ("/api/v1/rota/weeks/{week_start}", "put"),
        ("/api/v1/sites/{id}/blackouts", "put"),
        ("/api/v1/sites/{id}/shift-contacts", "get"),
        ("/api/v1/sites/{id}/shifts", "get"),
        ("/api/v1/sites/{id}/feeds", "post"),
        ("/api/v1/sites/{id}/feeds/{feed_id}", "delete"),
        ("/api/v1/me/feeds", "get"),
        ("/api/v1/me/feeds/{feed_id}", "delete"),
    ];
    for (path, method) in documented {
        assert!(
            openapi["paths"][path].get(method).is_some(),
            "{method} {path} documented"
        );
    }
    let table = &openapi["paths"]["/api/v1/rota"]["get"]["responses"]["200"]["content"];
    assert!(table.get("text/csv").is_some(), "{table}");
    assert_eq!(
        table["application/json"]["schema"]["items"]["$ref"], "#/components/schemas/WeekRow",
        "{table}"
    );
    let schemas = &openapi["components"]["schemas"];
    for schema in [
        "WeekRow",
        "Generated",
        "GenerateBody",
        "OnShiftView",
        "SwapBody",
        "SwapView",
        "OverrideBody",
        "ShiftJson",
        "ContactBody",
        "ContactView",
        "SiteShift",
        "FeedView",
        "NewFeed",
        "RotaEntryJson",
    ] {
        assert!(schemas.get(schema).is_some(), "schema {schema} documented");
    }
}

guichet_store::backend_tests! {
    a_year_is_generated_and_shown_as_json_and_csv,
    an_unfair_rota_is_refused_with_the_reason,
    swaps_are_proposed_and_decided,
    coordinators_set_a_week,
    sites_keep_their_blackouts_and_contacts,
    feeds_show_their_secret_once_and_can_be_revoked,
    the_rota_routes_are_documented,
}
