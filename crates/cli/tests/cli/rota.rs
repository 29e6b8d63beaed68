//! `guichet rota …`: generating a year from a seed and showing it as CSV
//! or JSON, the handover day of `--rota-handover`, and a refused year.

use std::process::Command;

use chrono::{Datelike, NaiveDate, Weekday};

use guichet_fixtures::organisation::{SITES, ensure_organisation};
use guichet_service::Context;
use guichet_store::SiteInput;
use guichet_store::testing::TestStore;

use crate::helpers::*;

/// Runs `guichet` on `url` with `env`: success, stdout, stderr.
fn run_with(url: &str, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(args)
        .args(["--database-url", url])
        .env("RUST_LOG", "warn")
        .env_remove("GUICHET_ROTA_HANDOVER")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

fn run(url: &str, args: &[&str]) -> (bool, String, String) {
    run_with(url, args, &[])
}

/// The days of `year` that fall on `weekday`.
fn days(year: i32, weekday: Weekday) -> Vec<String> {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .unwrap()
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter(|d| d.weekday() == weekday)
        .map(|d| d.to_string())
        .collect()
}

async fn a_year_is_generated_and_shown(db: TestStore) {
    let url = url_for(&db);
    ensure_organisation(&Context::with_system_clock(db.store.clone()))
        .await
        .unwrap();
    let (ok, _, err) = run(&url, &["rota", "show", "--year", "2030"]);
    assert!(!ok && err.contains("not found"), "{err}");

    let (ok, out, err) = run(&url, &["rota", "generate", "--year", "2030", "--seed", "42"]);
    assert!(ok, "{err}");
    let mondays = days(2030, Weekday::Mon);
    assert!(out.contains("seed 42"), "{out}");
    assert!(
        out.contains(&format!("{} weeks, {} drawn", mondays.len(), mondays.len())),
        "{out}"
    );

    let (ok, csv, err) = run(&url, &["rota", "show", "--year", "2030"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "week_start,primary,backup");
    assert_eq!(lines.len(), mondays.len() + 1, "{csv}");
    let names: Vec<&str> = SITES.iter().map(|(name, _)| *name).collect();
    for (line, monday) in lines[1..].iter().zip(&mondays) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert_eq!(fields[0], monday);
        assert!(names.contains(&fields[1]) && names.contains(&fields[2]), "{line}");
        assert_ne!(fields[1], fields[2], "{line}");
    }
    let (ok, json, err) = run(&url, &["rota", "show", "--year", "2030", "--format", "json"]);
    assert!(ok, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let as_csv: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap().to_owned();
            format!("{},{},{}", field("week_start"), field("primary"), field("backup"))
        })
        .collect();
    assert_eq!(as_csv, lines[1..]);

    let (ok, again, err) = run(&url, &["rota", "generate", "--year", "2030", "--seed", "42"]);
    assert!(
        ok && again.contains("0 drawn"),
        "the same seed draws the same rota: {again} {err}"
    );
    let (ok, csv_again, _) = run(&url, &["rota", "show", "--year", "2030", "--format", "csv"]);
    assert!(ok);
    assert_eq!(csv_again, csv);
}

async fn the_handover_day_is_the_flags_or_the_environments(db: TestStore) {
    let url = url_for(&db);
    ensure_organisation(&Context::with_system_clock(db.store.clone()))
        .await
        .unwrap();
    let flag = ["--rota-handover", "thu 14:30"];
    let (ok, _, err) = run(&url, &[&["rota", "generate", "--year", "2031"][..], &flag].concat());
    assert!(ok, "{err}");
    let (ok, csv, err) = run(&url, &[&["rota", "show", "--year", "2031"][..], &flag].concat());
    assert!(ok, "{err}");
    let weeks: Vec<&str> = csv.lines().skip(1).map(|l| &l[..10]).collect();
    assert_eq!(weeks, days(2031, Weekday::Thu));

    let thursday = [("GUICHET_ROTA_HANDOVER", "thursday 14:30")];
    let (ok, from_env, err) = run_with(&url, &["rota", "show", "--year", "2031"], &thursday);
    assert!(ok, "{err}");
    assert_eq!(from_env, csv);
    let (ok, _, err) = run(&url, &["rota", "show", "--year", "2031"]);
    assert!(!ok && err.contains("not found"), "Mondays are another rota: {err}");
    let (ok, _, err) = run(
        &url,
        &["rota", "show", "--year", "2031", "--rota-handover", "someday 09:00"],
    );
    assert!(
        !ok && err.contains("--rota-handover") && err.contains("weekday"),
        "{err}"
    );
}

async fn a_year_that_cannot_be_fair_is_refused(db: TestStore) {
    let url = url_for(&db);
    for name in ["ALPHA", "BRAVO"] {
        let site = SiteInput {
            name: name.into(),
            ngi: None,
        };
        db.store.create_site(site).await.unwrap();
    }
    let (ok, out, err) = run(&url, &["rota", "generate", "--year", "2030", "--seed", "1"]);
    assert!(!ok, "{out}");
    assert!(err.contains("rota: 2 sites cannot share"), "{err}");
    let (ok, _, err) = run(&url, &["rota", "show", "--year", "2030"]);
    assert!(!ok && err.contains("not found"), "{err}");
}

#[test]
fn rota_help_documents_its_commands_and_the_handover() {
    let help = text(&guichet(&["rota", "--help"]).stdout);
    assert!(help.contains("generate") && help.contains("show"), "{help}");
    let generate = text(&guichet(&["rota", "generate", "--help"]).stdout);
    for flag in [
        "--year",
        "--seed",
        "--database-url",
        "--rota-handover",
        "GUICHET_ROTA_HANDOVER",
        "mon 09:00",
    ] {
        assert!(
            generate.contains(flag),
            "{flag} missing from rota generate --help: {generate}"
        );
    }
    let show = text(&guichet(&["rota", "show", "--help"]).stdout);
    assert!(
        show.contains("--format") && show.contains("csv") && show.contains("json"),
        "{show}"
    );
    let serve = text(&guichet(&["serve", "--help"]).stdout);
    assert!(serve.contains("--rota-handover"), "{serve}");
}

guichet_store::backend_tests! {
    a_year_is_generated_and_shown,
    the_handover_day_is_the_flags_or_the_environments,
    a_year_that_cannot_be_fair_is_refused,
}
