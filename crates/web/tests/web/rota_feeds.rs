//! The rota's calendar feeds: made on a site's page or the preferences
//! page, served without sign-in as iCalendar that Python's `icalendar`
//! parses into the owner's shifts, and not found once revoked.

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::NaiveDate;
use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::*;
use crate::rota::{app_with_rota, join_site, site_id};

/// Prints each VEVENT of the calendar on stdin: UID, DTSTART, DTEND and
/// SUMMARY, tab-separated, after a line with their count.
const WALK: &str = r#"
import sys, icalendar
calendar = icalendar.Calendar.from_ical(sys.stdin.read())
events = list(calendar.walk("VEVENT"))
print(len(events))
for e in events:
    print("\t".join([str(e["UID"]), e.decoded("DTSTART").isoformat(), e.decoded("DTEND").isoformat(), str(e["SUMMARY"])]))
"#;

/// An event as Python's `icalendar` read it.
#[derive(Debug)]
struct Event {
    uid: String,
    start: String,
    end: String,
    summary: String,
}

/// Whether Python's `icalendar` is here; outside CI its absence skips the
/// test with a notice, in CI it fails.
fn icalendar_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import icalendar"])
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "Python's icalendar module is missing (.ci/run installs it)"
        );
        eprintln!("NOTICE: skipping the iCalendar validation: python3 -c 'import icalendar' fails");
    }
    found
}

/// The events of `text`, as Python's `icalendar` parses them.
fn parsed(text: &str) -> Vec<Event> {
    let mut child = Command::new("python3")
        .args(["-c", WALK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "icalendar refused the feed: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut lines = stdout.lines();
    let count: usize = lines.next().unwrap().parse().unwrap();
    let events: Vec<Event> = lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            Event {
                uid: fields[0].into(),
                start: fields[1].into(),
                end: fields[2].into(),
                summary: fields[3].into(),
            }
        })
        .collect();
    assert_eq!(events.len(), count);
    events
}

/// The feed at `path`, with no cookie: its status, type and body.
async fn fetch(app: &WebApp, path: &str) -> (StatusCode, String, String) {
    let response = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
    let kind = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), kind, response.text().await.unwrap())
}

/// The feed address a page shows once, and the revoke form's action.
fn feed_links(body: &str) -> (String, String) {
    let at = body
        .find("/rota/feeds/")
        .unwrap_or_else(|| panic!("no feed address in {body}"));
    let path = &body[at..at + body[at..].find(".ics").unwrap() + 4];
    let revoke = body.split("action=\"").find(|a| a.contains("/revoke\"")).unwrap();
    (path.to_owned(), revoke[..revoke.find('"').unwrap()].to_owned())
}

async fn a_site_feed_holds_its_shifts_until_revoked(db: TestStore) {
    let (app, _, rows) = app_with_rota(db).await;
    let name = rows[10].primary.clone();
    let site = site_id(&app, &name).await;
    let member = app.person("mia", Role::Shifter).await;
    join_site(&app, &member, site).await;
    let browser = app.signed_in(&member).await;
    let page = browser.get(&format!("/sites/{site}")).await;
    let csrf = page.hidden("csrf");
    let made = browser.post(&format!("/sites/{site}/feeds"), &[("csrf", &csrf)]).await;
    let body = made.expect(StatusCode::OK);
    assert!(body.contains("it is shown only once"));
    let (path, revoke) = feed_links(body);
    assert!(
        !browser.get(&format!("/sites/{site}")).await.body.contains(&path),
        "the secret is shown once"
    );

    let (status, kind, text) = fetch(&app, &path).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(kind, "text/calendar; charset=utf-8");
    if icalendar_available() {
        let events = parsed(&text);
        let mut expected: Vec<(NaiveDate, &str)> = rows
            .iter()
            .filter_map(|r| match (r.primary == name, r.backup == name) {
                (true, _) => Some((r.week_start, "primary")),
                (_, true) => Some((r.week_start, "backup")),
                _ => None,
            })
            .collect();
        expected.sort();
        let mut found: Vec<(NaiveDate, String)> = events
            .iter()
            .map(|e| (e.start[..10].parse().unwrap(), e.summary.clone()))
            .collect();
        found.sort();
        assert_eq!(found.len(), expected.len(), "an event a shift: {events:?}");
        for ((week, summary), (want_week, role)) in found.iter().zip(&expected) {
            assert_eq!(week, want_week);
            assert!(summary.contains(role) && summary.contains(&name), "{summary}");
        }
        let mut uids: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), events.len(), "unique UIDs");
        assert!(events.iter().all(|e| e.uid.contains(&format!("-site-{site}@"))));
        assert!(events.iter().all(|e| e.end > e.start), "each event lasts");
    }

    let csrf = browser.get(&format!("/sites/{site}")).await.hidden("csrf");
    let revoked = browser.post(&revoke, &[("csrf", &csrf)]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    let (status, _, _) = fetch(&app, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a revoked feed is gone");
    let shown = browser.get(&format!("/sites/{site}?done=revoked")).await;
    assert!(shown.body.contains("The feed is revoked") && shown.body.contains("revoked "));
    assert_eq!(fetch(&app, "/rota/feeds/0123abcd.ics").await.0, StatusCode::NOT_FOUND);
    let secret = path.trim_start_matches("/rota/feeds/").trim_end_matches(".ics");
    assert_eq!(
        fetch(&app, &format!("/rota/feeds/{secret}")).await.0,
        StatusCode::NOT_FOUND,
        "the address ends in .ics"
    );
}

async fn a_person_keeps_a_feed_of_their_own_shifts(db: TestStore) {
    let (app, coordinator, rows) = app_with_rota(db).await;
    let name = rows[12].backup.clone();
    let site = site_id(&app, &name).await;
    let member = app.person("mia", Role::Shifter).await;
    join_site(&app, &member, site).await;
    let contacts = vec![guichet_service::rota::ContactBody {
        user: member.id,
        away_until: None,
    }];
    guichet_service::rota::set_shift_contacts(&app.ctx, &guichet_service::actor_of(&coordinator), site, contacts)
        .await
        .unwrap();
    let browser = app.signed_in(&member).await;
    let preferences = browser.get("/preferences").await;
    assert!(preferences.expect(StatusCode::OK).contains("Calendar feeds"));
    let csrf = preferences.hidden("csrf");
    let made = browser.post("/preferences/feeds", &[("csrf", &csrf)]).await;
    let (path, revoke) = feed_links(made.expect(StatusCode::OK));
    assert_eq!(revoke, format!("{}/revoke", revoke.trim_end_matches("/revoke")));
    assert!(revoke.starts_with("/preferences/feeds/"));
    let (status, _, text) = fetch(&app, &path).await;
    assert_eq!(status, StatusCode::OK);
    if icalendar_available() {
        let events = parsed(&text);
        let shifts = rows.iter().filter(|r| r.primary == name || r.backup == name).count();
        assert_eq!(events.len(), shifts, "the shifts of the person's site");
    }
    let stranger = app.person("stan", Role::Shifter).await;
    let other = app.signed_in(&stranger).await;
    let csrf_other = other.get("/preferences").await.hidden("csrf");
    let meddling = other.post(&revoke, &[("csrf", &csrf_other)]).await;
    assert_eq!(meddling.status, StatusCode::NOT_FOUND, "not theirs");
    assert_eq!(fetch(&app, &path).await.0, StatusCode::OK);
    let revoked = browser.post(&revoke, &[("csrf", &csrf)]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(fetch(&app, &path).await.0, StatusCode::NOT_FOUND);
    let rita = app.person("rita", Role::Requester).await;
    let requester = app.signed_in(&rita).await;
    assert!(!requester.get("/preferences").await.body.contains("Calendar feeds"));
}

guichet_store::backend_tests! {
    a_site_feed_holds_its_shifts_until_revoked,
    a_person_keeps_a_feed_of_their_own_shifts,
}
