//! `/api/v1/calendars`: admin only, bad input named by its field, and the
//! colours of tickets counted in the stored calendars.

use reqwest::{Method, StatusCode};
use serde_json::json;

use guichet_domain::role::Role;
use guichet_store::testing::TestStore;

use crate::helpers::TestApp;

fn always() -> serde_json::Value {
    let day = json!([["00:00", "24:00"]]);
    json!({ "mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": day, "sun": day })
}

async fn calendars_are_administered_with_named_faults(db: TestStore) {
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let sam = app.caller("sam", Role::Supporter).await;
    app.get(&sam, "/api/v1/calendars")
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    assert_eq!(
        app.get(&admin, "/api/v1/calendars").await.expect(StatusCode::OK),
        json!([])
    );

    let office = json!({
        "zone": "Europe/Paris",
        "working_hours": { "mon": [["09:00", "12:00"], ["13:00", "17:00"]], "fri": [["09:00", "16:00"]] },
        "holidays": [{ "date": "2026-07-14", "name": "Fête nationale" }],
    });
    app.put(&sam, "/api/v1/calendars/deployment", office.clone())
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let faults = [
        (json!({ "zone": "Europe/Lutece" }), "zone"),
        (
            json!({ "working_hours": { "mon": [["17:00", "09:00"]] } }),
            "working_hours",
        ),
        (
            json!({ "working_hours": { "mon": [["9h", "17:00"]] } }),
            "working_hours",
        ),
        (json!({ "working_hours": {} }), "working_hours"),
        (json!({ "holidays": [{ "date": "14/07/2026" }] }), "holidays"),
        (
            json!({ "holidays": [{ "date": "2026-07-14" }, { "date": "2026-07-14", "name": "again" }] }),
            "holidays",
        ),
    ];
    for (change, field) in faults {
        let mut body = office.clone();
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let message = app
            .put(&admin, "/api/v1/calendars/deployment", body)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some(field));
        assert!(!message.is_empty());
    }

    let set = app
        .put(&admin, "/api/v1/calendars/deployment", office)
        .await
        .expect(StatusCode::OK);
    assert_eq!(set["unit"], serde_json::Value::Null);
    assert_eq!(
        set["working_hours"]["mon"],
        json!([["09:00", "12:00"], ["13:00", "17:00"]])
    );
    assert_eq!(set["working_hours"]["sun"], json!([]));
    assert_eq!(
        set["holidays"],
        json!([{ "date": "2026-07-14", "name": "Fête nationale" }])
    );
    let unit = app.org.first_level.0;
    let path = format!("/api/v1/calendars/units/{unit}");
    let own = json!({ "zone": "UTC", "working_hours": always() });
    let set_unit = app.put(&admin, &path, own.clone()).await.expect(StatusCode::OK);
    assert_eq!(
        (set_unit["unit"].as_i64(), set_unit["zone"].as_str()),
        (Some(unit), Some("UTC"))
    );
    let listed = app.get(&admin, "/api/v1/calendars").await.expect(StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    app.put(&admin, "/api/v1/calendars/units/987654", own)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);

    app.call(Some(&admin), Method::DELETE, &path, None)
        .await
        .expect(StatusCode::NO_CONTENT);
    app.call(Some(&admin), Method::DELETE, &path, None)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    let openapi = app.call(None, Method::GET, "/api/openapi.json", None).await.body;
    for path in [
        "/api/v1/calendars",
        "/api/v1/calendars/deployment",
        "/api/v1/calendars/units/{id}",
    ] {
        assert!(openapi["paths"].get(path).is_some(), "{path} documented");
    }
}

/// Coordinators import holiday lists too; a refused one names its line.
async fn coordinators_import_holidays(db: TestStore) {
    let app = TestApp::on(db).await;
    let cora = app.caller("cora", Role::Coordinator).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let list = json!({ "text": "# closures\n2026-12-24 Veille\n2026-12-25 Noël\n" });
    app.post(&sam, "/api/v1/calendars/holidays", list.clone())
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
    let set = app
        .post(&cora, "/api/v1/calendars/holidays", list)
        .await
        .expect(StatusCode::OK);
    assert_eq!(set["zone"], "UTC", "the colours calendar, with holidays");
    assert_eq!(set["holidays"].as_array().unwrap().len(), 2);
    let twice = json!({ "text": "2027-01-01 A\n2027-01-01 B", "unit": app.org.first_level.0 });
    let message = app.post(&cora, "/api/v1/calendars/holidays", twice).await.expect_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("holidays"),
    );
    assert_eq!(message, "line 2: 2027-01-01 is already a holiday (\"A\", line 1)");
    let bad_format = json!({ "text": "", "format": "csv" });
    app.post(&cora, "/api/v1/calendars/holidays", bad_format)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("format"));
}

/// A ticket assigned 45 hours ago is red in a calendar that never stops,
/// whatever the day and hour the test runs at.
async fn colours_count_in_the_stored_calendar(db: TestStore) {
    use guichet_store::{ChangeSet, TicketWrite};
    let app = TestApp::on(db).await;
    let admin = app.caller("root", Role::Admin).await;
    let pia = app.caller("pia", Role::Requester).await;
    let sam = app.caller("sam", Role::Supporter).await;
    let body = json!({ "zone": "UTC", "working_hours": always() });
    app.put(&admin, "/api/v1/calendars/deployment", body)
        .await
        .expect(StatusCode::OK);
    let opened = app.open(&pia, "Old").await;
    let id = guichet_domain::ids::TicketId(opened["id"].as_i64().unwrap());
    let before = app.store.ticket(id).await.unwrap().ticket;
    let ago = before.created_at - chrono::Duration::hours(45);
    let after = guichet_domain::ticket::Ticket {
        assigned_at: ago,
        status_changed_at: ago,
        ..before.clone()
    };
    let set = ChangeSet {
        tickets: vec![TicketWrite { before, after }],
        ..guichet_store::conformance::change()
    };
    app.store.commit(set).await.unwrap();
    let red = app
        .get(&sam, &format!("/api/v1/tickets/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(red["colour"], "red");
}

guichet_store::backend_tests! {
    calendars_are_administered_with_named_faults,
    colours_count_in_the_stored_calendar,
    coordinators_import_holidays,
}
