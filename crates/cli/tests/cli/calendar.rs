//! `guichet calendar …`: set, import, show and reset calendars through the
//! binary; a refused holiday file names its line and exits non-zero.

use guichet_domain::ids::UnitId;
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_store::UnitInput;
use guichet_store::testing::TestStore;

use crate::helpers::*;

fn run(url: &str, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["calendar"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--database-url", url]);
    let out = guichet(&all);
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

fn file(name: &str, content: &str) -> String {
    let path = data_dir(name).join("holidays");
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

async fn calendars_from_the_command_line(db: TestStore) {
    let url = url_for(&db);
    let unit = UnitInput {
        name: "NGI-FR".into(),
        kind: UnitKind::Expertise,
        qos_level: QosLevel::Base,
        email: None,
        members: vec![],
    };
    let unit: UnitId = db.store.create_unit(unit).await.unwrap().id;
    let (ok, shown, _) = run(&url, &["show"]);
    assert!(ok && shown.contains("built-in colours calendar"), "{shown}");
    assert!(shown.contains("hours: mon-fri 07:00-15:00"), "{shown}");

    let hours = "mon-fri 09:00-12:00,13:00-17:00";
    let (ok, _, err) = run(&url, &["set", "--zone", "Europe/Paris", "--hours", hours]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&url, &["french-holidays", "--years", "2026-2027"]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(
        &url,
        &[
            "import-holidays",
            &file("cal-ok", "# closures\n2026-12-24 Veille de Noël\n"),
        ],
    );
    assert!(ok, "{err}");
    let (ok, shown, _) = run(&url, &["show"]);
    assert!(ok, "{shown}");
    assert!(
        shown.contains("zone: Europe/Paris") && shown.contains(&format!("hours: {hours}")),
        "{shown}"
    );
    assert!(
        shown.contains("holidays: 23") && shown.contains("2026-12-24  Veille de Noël"),
        "{shown}"
    );

    let twice = file("cal-twice", "2027-03-01 Closure\n\n2027-03-01 Again\n");
    let (ok, _, err) = run(&url, &["import-holidays", "--unit", "NGI-FR", &twice]);
    assert!(!ok, "a refused file fails");
    assert!(err.contains("line 3: 2027-03-01 is already a holiday"), "{err}");
    let ics = file(
        "cal-ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-13-01\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let (ok, _, err) = run(&url, &["import-holidays", &ics]);
    assert!(!ok && err.contains("line 3: "), "{err}");
    assert_eq!(
        db.store.calendars().await.unwrap().len(),
        1,
        "nothing stored for the unit"
    );

    let (ok, _, err) = run(
        &url,
        &[
            "set",
            "--unit",
            "NGI-FR",
            "--zone",
            "UTC",
            "--hours",
            "mon-sun 00:00-24:00",
        ],
    );
    assert!(ok, "{err}");
    let (_, shown, _) = run(&url, &["show", "--unit", "NGI-FR"]);
    assert!(
        shown.contains("its own calendar") && shown.contains("hours: mon-sun 00:00-24:00"),
        "{shown}"
    );
    assert!(
        shown.contains("holidays: 23"),
        "the deployment's holidays to start with: {shown}"
    );
    let (_, shown, _) = run(&url, &["show"]);
    assert!(
        shown.contains("unit \"NGI-FR\" has its own: UTC, mon-sun 00:00-24:00"),
        "{shown}"
    );
    let (ok, _, err) = run(&url, &["reset", "--unit", "NGI-FR"]);
    assert!(ok && err.contains("counts in the deployment's calendar again"), "{err}");
    assert!(db.store.calendars().await.unwrap().iter().all(|c| c.unit != Some(unit)));

    let (ok, _, err) = run(&url, &["set", "--zone", "Europe/Lutece", "--hours", hours]);
    assert!(!ok && err.contains("zone: unknown time zone"), "{err}");
    let (ok, _, err) = run(&url, &["set", "--zone", "UTC", "--hours", "mon 17:00-09:00"]);
    assert!(!ok && err.contains("working_hours: Monday: 17:00–09:00"), "{err}");
    let (ok, _, err) = run(&url, &["reset", "--unit", "Nobody"]);
    assert!(!ok && err.contains("no unit is named \"Nobody\""), "{err}");
}

#[test]
fn calendar_help_documents_its_commands() {
    let help = text(&guichet(&["calendar", "--help"]).stdout);
    for command in ["show", "set", "import-holidays", "french-holidays", "reset"] {
        assert!(help.contains(command), "{command} missing from calendar --help");
    }
    let set = text(&guichet(&["calendar", "set", "--help"]).stdout);
    assert!(
        set.contains("--zone") && set.contains("--hours") && set.contains("--unit"),
        "{set}"
    );
    let import = text(&guichet(&["calendar", "import-holidays", "--help"]).stdout);
    assert!(
        import.contains("--replace") && import.contains("YYYY-MM-DD"),
        "{import}"
    );
}

guichet_store::backend_tests! {
    calendars_from_the_command_line,
}
