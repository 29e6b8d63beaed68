//! The administration pages: units with members, accounts, sites, VOs,
//! types of issue and routing rules; refused forms with their errors next
//! to the fields; who may see them; forged posts; French.

use reqwest::StatusCode;

use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::role::Role;
use guichet_service::Actor;
use guichet_service::admin::named::{list_issue_types, list_vos};
use guichet_service::admin::routing::list_rules;
use guichet_service::admin::sites::list_sites;
use guichet_service::admin::units::{get_unit, list_units};
use guichet_service::admin::users::user_by_email;
use guichet_store::testing::TestStore;

use crate::helpers::*;

/// An administrator's browser, and the token of its forms.
async fn admin_browser(app: &WebApp) -> (Browser, String) {
    let ada = app.person("ada", Role::Admin).await;
    let browser = app.signed_in(&ada).await;
    let csrf = browser.get("/admin").await.hidden("csrf");
    (browser, csrf)
}

async fn vo_names(app: &WebApp) -> Vec<String> {
    list_vos(&app.ctx).await.unwrap().into_iter().map(|v| v.name).collect()
}

async fn an_admin_adds_a_unit_with_a_member(db: TestStore) {
    let app = WebApp::on(db).await;
    let sam = app.person("sam", Role::Supporter).await;
    let (browser, csrf) = admin_browser(&app).await;
    let form = browser.get("/admin/units/new").await;
    let body = form.expect(StatusCode::OK);
    let checkbox = format!("id=\"member-{}\" name=\"members\" value=\"{}\"", sam.id, sam.id);
    assert!(body.contains(&checkbox), "sam is offered as a member: {body}");
    assert!(body.contains(&format!("<label for=\"member-{}\">sam", sam.id)));
    let member = sam.id.to_string();
    let sent = browser
        .post(
            "/admin/units/new",
            &[
                ("csrf", csrf.as_str()),
                ("name", "Storage experts"),
                ("kind", "expertise"),
                ("qos_level", "advanced"),
                ("email", "storage@support.example.org"),
                ("members", member.as_str()),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location.as_deref(), Some("/admin/units?done=created"));
    let list = browser.get("/admin/units?done=created").await;
    let body = list.expect(StatusCode::OK);
    assert!(body.contains("Added."), "the change is confirmed");
    let row = &body[body.find("Storage experts").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("advanced") && row.contains("storage@support.example.org") && row.contains("<td>1</td>"),
        "kind, level, address and member count in its row: {row}"
    );
    let unit = list_units(&app.ctx)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == "Storage experts")
        .unwrap();
    let unit = get_unit(&app.ctx, unit.id).await.unwrap();
    assert_eq!(unit.members, vec![sam.id], "sam is really a member");
    assert_eq!((unit.kind, unit.qos_level), (UnitKind::Expertise, QosLevel::Advanced));
    assert_eq!(unit.email.as_deref(), Some("storage@support.example.org"));

    let edit = browser.get(&format!("/admin/units/{}", unit.id)).await;
    assert!(edit.expect(StatusCode::OK).contains(&format!("{checkbox} checked")));
    let cleared = [
        ("csrf", csrf.as_str()),
        ("name", "Storage experts"),
        ("kind", "expertise"),
        ("qos_level", "medium"),
        ("email", ""),
    ];
    let saved = browser.post(&format!("/admin/units/{}", unit.id), &cleared).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let unit = get_unit(&app.ctx, unit.id).await.unwrap();
    assert!(unit.members.is_empty(), "no box ticked: no members");
    assert_eq!((unit.qos_level, unit.email), (QosLevel::Medium, None));
    let gone = browser
        .post(&format!("/admin/units/{}/delete", unit.id), &[("csrf", &csrf)])
        .await;
    assert_eq!(gone.location.as_deref(), Some("/admin/units?done=deleted"));
    assert!(get_unit(&app.ctx, unit.id).await.is_err());
}

async fn an_admin_adds_a_user_and_changes_its_role(db: TestStore) {
    let app = WebApp::on(db).await;
    let (browser, csrf) = admin_browser(&app).await;
    let form = browser.get("/admin/users/new").await;
    let body = form.expect(StatusCode::OK);
    assert!(
        body.contains("type=\"password\" value=\"\" autocomplete=\"new-password\""),
        "the browser does not fill in the administrator's own password: {body}"
    );
    let sent = browser
        .post(
            "/admin/users/new",
            &[
                ("csrf", csrf.as_str()),
                ("email", "Nina@Example.org"),
                ("name", "Nina Petit"),
                ("role", "requester"),
                ("password", "nina-secret-1"),
                ("dn", ""),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let system = Actor::system("test");
    let nina = user_by_email(&app.ctx, &system, "nina@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((nina.role, nina.dn.as_deref()), (Role::Requester, None));
    let list = browser.get("/admin/users").await;
    let body = list.expect(StatusCode::OK);
    assert!(body.contains("2 accounts") && body.contains(&format!("href=\"/admin/users/{}\">Nina Petit", nina.id)));

    let path = format!("/admin/users/{}", nina.id);
    let edit = browser.get(&path).await;
    assert!(
        edit.expect(StatusCode::OK)
            .contains("<option value=\"requester\" selected>")
    );
    let changed = [
        ("csrf", csrf.as_str()),
        ("name", "Nina Petit"),
        ("role", "supporter"),
        ("dn", "/DC=org/DC=example/CN=Nina Petit"),
        ("password", ""),
    ];
    let saved = browser.post(&path, &changed).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let nina = user_by_email(&app.ctx, &system, "nina@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(nina.role, Role::Supporter);
    assert_eq!(nina.dn.as_deref(), Some("/DC=org/DC=example/CN=Nina Petit"));
    assert!(!nina.disabled);
    let signed_in = app.browser().sign_in("nina@example.org", "nina-secret-1").await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "the password was kept");

    let disable = [
        ("csrf", csrf.as_str()),
        ("name", "Nina Petit"),
        ("role", "supporter"),
        ("disabled", "on"),
    ];
    browser.post(&path, &disable).await;
    let nina = user_by_email(&app.ctx, &system, "nina@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(nina.disabled);
    let removed = browser.post(&format!("{path}/delete"), &[("csrf", &csrf)]).await;
    assert_eq!(
        removed.location.as_deref(),
        Some("/admin/users?done=deleted"),
        "{}",
        removed.body
    );
    assert!(
        user_by_email(&app.ctx, &system, "nina@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

async fn admins_cannot_lock_themselves_out_and_authors_stay(db: TestStore) {
    let app = WebApp::on(db).await;
    let ada = app.person("ada", Role::Admin).await;
    let rita = app.person("rita", Role::Requester).await;
    let as_rita = app.signed_in(&rita).await;
    let form = as_rita.get("/tickets/new").await;
    let ticket = ticket_form(&form.hidden("csrf"), &form.hidden("submission"), "Help", "Please.");
    assert_eq!(
        as_rita.post_multipart("/tickets/new", ticket).await.status,
        StatusCode::SEE_OTHER
    );
    let browser = app.signed_in(&ada).await;
    let own = browser.get(&format!("/admin/users/{}", ada.id)).await;
    let csrf = own.hidden("csrf");
    assert!(!own.body.contains("/delete\""), "no delete button for oneself");
    let demote = [("csrf", csrf.as_str()), ("name", "ada"), ("role", "supporter")];
    let refused = browser.post(&format!("/admin/users/{}", ada.id), &demote).await;
    let body = refused.expect(StatusCode::CONFLICT);
    assert!(
        body.contains("id=\"role-error\">You cannot take away your own administrator role"),
        "{body}"
    );
    assert!(
        body.contains("<option value=\"supporter\" selected>"),
        "the choice is kept"
    );
    let refused = browser
        .post(&format!("/admin/users/{}/delete", rita.id), &[("csrf", &csrf)])
        .await;
    let body = refused.expect(StatusCode::CONFLICT);
    assert!(
        body.contains("This user has tickets, articles or history: disable the account instead."),
        "{body}"
    );
    let system = Actor::system("test");
    assert!(user_by_email(&app.ctx, &system, &rita.email).await.unwrap().is_some());
    assert_eq!(
        user_by_email(&app.ctx, &system, &ada.email)
            .await
            .unwrap()
            .unwrap()
            .role,
        Role::Admin
    );
}

async fn bad_forms_come_back_with_errors_next_to_their_fields(db: TestStore) {
    let app = WebApp::on(db).await;
    let (browser, csrf) = admin_browser(&app).await;
    let units_before = list_units(&app.ctx).await.unwrap().len();
    let no_name = [
        ("csrf", csrf.as_str()),
        ("name", "  "),
        ("kind", "site"),
        ("qos_level", "medium"),
        ("email", "kept@support.example.org"),
    ];
    let refused = browser.post("/admin/units/new", &no_name).await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("id=\"name-error\">This field is required."), "{body}");
    assert!(body.contains("aria-invalid=\"true\""));
    assert!(
        body.contains("value=\"kept@support.example.org\""),
        "the address is kept"
    );
    assert!(body.contains("<option value=\"medium\" selected>") && body.contains("<option value=\"site\" selected>"));
    let taken = [
        ("csrf", csrf.as_str()),
        ("name", "Monitoring"),
        ("kind", "expertise"),
        ("qos_level", "base"),
        ("email", "not-an-address"),
    ];
    let refused = browser.post("/admin/units/new", &taken).await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("id=\"email-error\">This is not a valid e-mail address."),
        "{body}"
    );
    let taken = [
        ("csrf", csrf.as_str()),
        ("name", "Monitoring"),
        ("kind", "expertise"),
        ("qos_level", "base"),
    ];
    let refused = browser.post("/admin/units/new", &taken).await;
    let body = refused.expect(StatusCode::CONFLICT);
    assert!(body.contains("id=\"name-error\">This name is already taken."), "{body}");
    assert!(body.contains("value=\"Monitoring\""));
    assert_eq!(list_units(&app.ctx).await.unwrap().len(), units_before, "no unit made");

    let duplicate = browser
        .post("/admin/vos", &[("csrf", csrf.as_str()), ("name", "biomed")])
        .await;
    let body = duplicate.expect(StatusCode::CONFLICT);
    assert!(body.contains("id=\"name-error\">This name is already taken."), "{body}");
    assert!(body.contains("value=\"biomed\""));

    let bad_email = [
        ("csrf", csrf.as_str()),
        ("email", "nina at example"),
        ("name", "Nina Petit"),
        ("role", "coordinator"),
        ("password", "nina-secret-1"),
    ];
    let refused = browser.post("/admin/users/new", &bad_email).await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("id=\"email-error\">This is not a valid e-mail address."),
        "{body}"
    );
    assert!(body.contains("value=\"Nina Petit\"") && body.contains("value=\"nina at example\""));
    assert!(body.contains("<option value=\"coordinator\" selected>"));
    assert!(!body.contains("nina-secret-1"), "a password is never sent back");
    let short = [
        ("csrf", csrf.as_str()),
        ("email", "nina@example.org"),
        ("name", "Nina"),
        ("role", "requester"),
        ("password", "short"),
    ];
    let body = browser.post("/admin/users/new", &short).await;
    assert!(
        body.expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("id=\"password-error\">A password needs at least 8 characters.")
    );
    let again = [
        ("csrf", csrf.as_str()),
        ("email", "ADA@example.org"),
        ("name", "Ada again"),
        ("role", "requester"),
    ];
    let body = browser.post("/admin/users/new", &again).await;
    assert!(
        body.expect(StatusCode::CONFLICT)
            .contains("id=\"email-error\">An account with this address already exists.")
    );
    let users = guichet_service::admin::users::list_users(&app.ctx, &Actor::system("test"))
        .await
        .unwrap();
    assert_eq!(users.len(), 1, "no account made");
}

async fn others_neither_see_nor_use_the_admin_pages(db: TestStore) {
    let app = WebApp::on(db).await;
    let (admin, _) = admin_browser(&app).await;
    assert!(
        admin
            .get("/tickets/mine")
            .await
            .body
            .contains("<a href=\"/admin\">Administration</a>")
    );
    let vos = vo_names(&app).await;
    for (name, role) in [
        ("rita", Role::Requester),
        ("sam", Role::Supporter),
        ("cora", Role::Coordinator),
    ] {
        let person = app.person(name, role).await;
        let browser = app.signed_in(&person).await;
        let home = browser.get("/tickets/mine").await;
        assert!(
            !home.expect(StatusCode::OK).contains("href=\"/admin"),
            "{name} has no admin link"
        );
        let csrf = home.hidden("csrf");
        for path in [
            "/admin",
            "/admin/users",
            "/admin/units/new",
            "/admin/vos",
            "/admin/routing",
            "/admin/sites/1",
        ] {
            let page = browser.get(path).await;
            assert!(
                page.expect(StatusCode::FORBIDDEN)
                    .contains("Your role does not allow this."),
                "{name} {path}"
            );
        }
        let posted = browser
            .post("/admin/vos", &[("csrf", csrf.as_str()), ("name", "sneaky")])
            .await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN, "{name}");
        let vo = list_vos(&app.ctx).await.unwrap()[0].id;
        let posted = browser
            .post(&format!("/admin/vos/{vo}/delete"), &[("csrf", &csrf)])
            .await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN, "{name}");
        let me = [("csrf", csrf.as_str()), ("name", name), ("role", "admin")];
        let posted = browser.post(&format!("/admin/users/{}", person.id), &me).await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN, "{name} cannot promote themselves");
    }
    assert_eq!(vo_names(&app).await, vos, "nothing changed");
    let system = Actor::system("test");
    let cora = user_by_email(&app.ctx, &system, "cora@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cora.role, Role::Coordinator);
    let anonymous = app.browser().get("/admin/units").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.location.as_deref(), Some("/sign-in?next=/admin/units"));
}

async fn forged_posts_are_refused(db: TestStore) {
    let app = WebApp::on(db).await;
    let (browser, csrf) = admin_browser(&app).await;
    let vos = vo_names(&app).await;
    let cross_site = browser
        .post_with(
            "/admin/vos",
            &[("csrf", csrf.as_str()), ("name", "forged")],
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert!(
        cross_site
            .expect(StatusCode::FORBIDDEN)
            .contains("This form was sent from another site")
    );
    let tokenless = browser.post("/admin/vos", &[("name", "forged")]).await;
    assert_eq!(tokenless.status, StatusCode::FORBIDDEN);
    let wrong = browser
        .post(
            "/admin/users/new",
            &[
                ("csrf", "0".repeat(32).as_str()),
                ("email", "x@example.org"),
                ("name", "X"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let rule = list_rules(&app.ctx).await.unwrap()[0].id;
    let tokenless = browser.post(&format!("/admin/routing/{rule}/delete"), &[]).await;
    assert_eq!(tokenless.status, StatusCode::FORBIDDEN);
    assert_eq!(vo_names(&app).await, vos, "nothing changed");
    assert!(list_rules(&app.ctx).await.unwrap().iter().any(|r| r.id == rule));
    let system = Actor::system("test");
    assert!(
        user_by_email(&app.ctx, &system, "x@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

/// The id in `location`'s list that the entry called `name` links to.
fn linked_id(body: &str, prefix: &str, name: &str) -> String {
    let end = body
        .find(&format!("\">{name}</a>"))
        .unwrap_or_else(|| panic!("{name} in {body}"));
    let start = body[..end].rfind(prefix).unwrap() + prefix.len();
    body[start..end].to_owned()
}

async fn vos_and_types_of_issue_are_added_renamed_and_deleted(db: TestStore) {
    let app = WebApp::on(db).await;
    let (browser, csrf) = admin_browser(&app).await;
    for path in ["/admin/vos", "/admin/issue-types"] {
        let added = browser.post(path, &[("csrf", csrf.as_str()), ("name", "pilot")]).await;
        assert_eq!(added.location, Some(format!("{path}?done=created")), "{}", added.body);
        let list = browser.get(path).await;
        let id = linked_id(&list.body, &format!("{path}/"), "pilot");
        let entry = format!("{path}/{id}");
        let renamed = browser
            .post(&entry, &[("csrf", csrf.as_str()), ("name", "pilot-2")])
            .await;
        assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
        assert!(browser.get(path).await.body.contains(">pilot-2</a>"));
        let deleted = browser.post(&format!("{entry}/delete"), &[("csrf", &csrf)]).await;
        assert_eq!(deleted.location, Some(format!("{path}?done=deleted")));
        assert_eq!(browser.get(&entry).await.status, StatusCode::NOT_FOUND);
    }
    assert!(!vo_names(&app).await.iter().any(|n| n.starts_with("pilot")));
    let types = list_issue_types(&app.ctx).await.unwrap();
    assert!(!types.iter().any(|t| t.name.starts_with("pilot")));
}

async fn sites_are_added_renamed_and_deleted_with_their_unit(db: TestStore) {
    let app = WebApp::on(db).await;
    let (browser, csrf) = admin_browser(&app).await;
    let added = browser
        .post(
            "/admin/sites",
            &[("csrf", csrf.as_str()), ("name", "IN2P3-TEST"), ("ngi", "NGI_FRANCE")],
        )
        .await;
    assert_eq!(
        added.location.as_deref(),
        Some("/admin/sites?done=created"),
        "{}",
        added.body
    );
    let site = list_sites(&app.ctx)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == "IN2P3-TEST")
        .unwrap();
    assert_eq!(site.ngi.as_deref(), Some("NGI_FRANCE"));
    let list = browser.get("/admin/sites").await;
    assert!(
        list.body
            .contains(&format!("href=\"/admin/units/{}\">IN2P3-TEST (site)</a>", site.unit))
    );
    let path = format!("/admin/sites/{}", site.id);
    let renamed = browser
        .post(&path, &[("csrf", csrf.as_str()), ("name", "IN2P3-TEST2"), ("ngi", "")])
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let site = list_sites(&app.ctx)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.id == site.id)
        .unwrap();
    assert_eq!((site.name.as_str(), site.ngi), ("IN2P3-TEST2", None));
    assert_eq!(get_unit(&app.ctx, site.unit).await.unwrap().name, "IN2P3-TEST2 (site)");
    let deleted = browser.post(&format!("{path}/delete"), &[("csrf", &csrf)]).await;
    assert_eq!(deleted.location.as_deref(), Some("/admin/sites?done=deleted"));
    assert!(!list_sites(&app.ctx).await.unwrap().iter().any(|s| s.id == site.id));
    assert!(get_unit(&app.ctx, site.unit).await.is_err(), "its unit went with it");
}

async fn routing_rules_are_set_and_deleted(db: TestStore) {
    let app = WebApp::on(db).await;
    let (browser, csrf) = admin_browser(&app).await;
    browser
        .post("/admin/issue-types", &[("csrf", csrf.as_str()), ("name", "Quantum")])
        .await;
    let quantum = list_issue_types(&app.ctx)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Quantum")
        .unwrap();
    let network = app.org.experts[2];
    let (kind, unit) = (quantum.id.to_string(), network.to_string());
    let refused = browser
        .post(
            "/admin/routing",
            &[("csrf", csrf.as_str()), ("issue_type", &kind), ("unit", "")],
        )
        .await;
    assert!(
        refused
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("id=\"unit-error\">This field is required.")
    );
    assert!(
        refused
            .body
            .contains(&format!("<option value=\"{kind}\" selected>Quantum")),
        "the choice is kept"
    );
    let set = browser
        .post(
            "/admin/routing",
            &[("csrf", csrf.as_str()), ("issue_type", &kind), ("unit", &unit)],
        )
        .await;
    assert_eq!(
        set.location.as_deref(),
        Some("/admin/routing?done=saved"),
        "{}",
        set.body
    );
    let rule = list_rules(&app.ctx)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.issue_type == quantum.id)
        .unwrap();
    assert_eq!(rule.unit, network);
    let page = browser.get("/admin/routing").await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("<td>Quantum</td>\n      <td>Network</td>"), "{body}");
    let deleted = browser
        .post(&format!("/admin/routing/{}/delete", rule.id), &[("csrf", &csrf)])
        .await;
    assert_eq!(deleted.location.as_deref(), Some("/admin/routing?done=deleted"));
    assert!(!list_rules(&app.ctx).await.unwrap().iter().any(|r| r.id == rule.id));
}

async fn admin_pages_speak_french(db: TestStore) {
    let app = WebApp::on(db).await;
    let (browser, csrf) = admin_browser(&app).await;
    browser.get("/lang/fr?back=/admin").await;
    let index = browser.get("/admin").await;
    let body = index.expect(StatusCode::OK);
    assert!(body.contains("<html lang=\"fr\">") && body.contains("Utilisateurs") && body.contains("Règles de routage"));
    let units = browser.get("/admin/units").await;
    assert!(units.body.contains("Niveau de qualité de service") && units.body.contains("avancé"));
    let refused = browser
        .post("/admin/vos", &[("csrf", csrf.as_str()), ("name", "")])
        .await;
    assert!(
        refused
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("id=\"name-error\">Ce champ est obligatoire.")
    );
    let added = browser
        .post("/admin/vos", &[("csrf", csrf.as_str()), ("name", "vo.test.fr")])
        .await;
    let done = browser.get(added.location.as_deref().unwrap()).await;
    assert!(done.body.contains("Ajout effectué."));
    let total = browser.get("/admin/users").await;
    assert!(total.body.contains("1 compte<"), "{}", total.body);
}

guichet_store::backend_tests! {
    an_admin_adds_a_unit_with_a_member,
    an_admin_adds_a_user_and_changes_its_role,
    admins_cannot_lock_themselves_out_and_authors_stay,
    bad_forms_come_back_with_errors_next_to_their_fields,
    others_neither_see_nor_use_the_admin_pages,
    forged_posts_are_refused,
    vos_and_types_of_issue_are_added_renamed_and_deleted,
    sites_are_added_renamed_and_deleted_with_their_unit,
    routing_rules_are_set_and_deleted,
    admin_pages_speak_french,
}
