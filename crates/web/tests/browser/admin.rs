//! Administration in the browser: an administrator goes from the nav's
//! "Administration" link to the support units, adds one with its kind,
//! quality-of-support level and address, ticks a supporter as its member
//! with the keyboard, finds it in the list with one member, and the unit
//! is stored so. axe checks the administration index, the units' list and
//! the unit form. The pages do not depend on the backend: SQLite only.

use guichet_domain::ids::UnitId;
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::role::Role;
use guichet_service::admin::units::get_unit;

use crate::axe;
use crate::harness::run;
use crate::site::{Site, sqlite};

const NAME: &str = "Tape archive";
const EMAIL: &str = "tape-archive@support.example.org";

#[tokio::test]
async fn an_admin_adds_a_unit_with_a_member() {
    let site = Site::on(sqlite().await).await;
    let amel = site.person("amel.rahmani", "Amel Rahmani", Role::Admin).await;
    let sam = site.person("sam.okafor", "Sam Okafor", Role::Supporter).await;
    let member = format!("#member-{}", sam.id);
    run("admin-units", &site.base, async |browser| {
        browser.visit("/").await;
        browser.sign_in(&amel).await;
        browser.follow("header a[href='/admin']").await;
        axe::check(browser, "administration").await;
        browser.follow(".admin-sections a[href='/admin/units']").await;
        assert_eq!(browser.text("h1").await, "Support units");
        axe::check(browser, "units").await;
        browser.follow("a[href='/admin/units/new']").await;
        axe::check(browser, "unit form").await;
        browser.fill("#name", NAME).await;
        browser.choose("#kind", "expertise").await;
        browser.choose("#qos_level", "advanced").await;
        browser.fill("#email", EMAIL).await;
        assert!(!browser.is_checked(&member).await, "no one is ticked yet");
        browser.press(&member, " ").await;
        assert!(browser.is_checked(&member).await, "the space bar ticks Sam");
        browser
            .follow("form[action='/admin/units/new'] button[type=submit]")
            .await;
        assert_eq!(browser.path().await, "/admin/units?done=created");
        assert_eq!(browser.text(".notice").await, "Added.");
        let rows = browser.rows("table.admin tbody tr").await;
        let row = rows
            .iter()
            .find(|cells| cells.first().map(String::as_str) == Some(NAME));
        assert_eq!(
            row.map(Vec::as_slice),
            Some([NAME, "expertise", "advanced", EMAIL, "1"].map(String::from).as_slice()),
            "the new unit, with one member, in {rows:?}"
        );
        browser.follow_link(NAME).await;
        assert!(browser.is_checked(&member).await, "Sam is ticked on the unit's form");
        let path = browser.path().await;
        let id = path.strip_prefix("/admin/units/").and_then(|id| id.parse().ok());
        let id = UnitId(id.unwrap_or_else(|| panic!("not a unit's page: {path}")));
        let unit = get_unit(&site.ctx, id).await.unwrap();
        assert_eq!(unit.name, NAME);
        assert_eq!(unit.members, vec![sam.id], "Sam is really a member");
        assert_eq!((unit.kind, unit.qos_level), (UnitKind::Expertise, QosLevel::Advanced));
        assert_eq!(unit.email.as_deref(), Some(EMAIL));
    })
    .await;
}
