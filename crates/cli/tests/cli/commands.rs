//! The command-line contract, exercised through the built binary.

use std::process::Command;

use guichet_service::auth::token_hash;
use guichet_store::testing::{Backend, TestStore, fresh};

use crate::helpers::*;

#[test]
fn help_documents_every_subcommand_and_flag() {
    let help = text(&guichet(&["--help"]).stdout);
    for command in [
        "serve", "migrate", "worker", "events", "demo", "user", "token", "generate", "bench",
    ] {
        assert!(help.contains(command), "{command} missing from --help");
    }
    let serve = text(&guichet(&["serve", "--help"]).stdout);
    for flag in [
        "--listen",
        "--data-dir",
        "--database-url",
        "GUICHET_LISTEN",
        "GUICHET_DATA_DIR",
        "GUICHET_DATABASE_URL",
        "--log-format",
        "--max-attachment-bytes",
        "GUICHET_MAX_ATTACHMENT_BYTES",
        "default: 10485760",
        "--no-worker",
        "--durability",
        "GUICHET_DURABILITY",
        "--first-level-name",
        "--first-level-email",
    ] {
        assert!(serve.contains(flag), "{flag} missing from serve --help");
    }
    let add = text(&guichet(&["user", "add", "--help"]).stdout);
    assert!(add.contains("unit-manager") && add.contains("--password"));
}

#[test]
fn bad_or_unreachable_databases_fail_in_one_clear_line() {
    for url in [
        "mysql://localhost/x",
        "postgres://postgres@127.0.0.1:1/test",
        "sqlite:///nonexistent/folder/g.db",
    ] {
        let out = guichet(&["migrate", "--database-url", url]);
        assert!(!out.status.success(), "{url} should fail");
        let stderr = text(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "one line for {url}: {stderr}");
        assert!(stderr.starts_with("error: cannot open the database"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

async fn accounts_and_tokens_from_the_command_line(db: TestStore) {
    let url = url_for(&db);
    let add = guichet(&[
        "user",
        "add",
        "--email",
        "Ops@Example.org",
        "--name",
        "Ops",
        "--role",
        "coordinator",
        "--password",
        "long-password",
        "--database-url",
        &url,
    ]);
    assert!(add.status.success(), "{}", text(&add.stderr));
    let bad_role = guichet(&[
        "user",
        "add",
        "--email",
        "x@example.org",
        "--name",
        "X",
        "--role",
        "boss",
        "--database-url",
        &url,
    ]);
    assert!(!bad_role.status.success());
    assert!(text(&bad_role.stderr).contains("role"), "{}", text(&bad_role.stderr));
    let token = guichet(&["token", "create", "--email", "ops@example.org", "--database-url", &url]);
    assert!(token.status.success(), "{}", text(&token.stderr));
    let printed = text(&token.stdout);
    let token = printed.trim_end();
    assert_eq!(printed.lines().count(), 1, "only the token on stdout");
    assert!(
        token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "{token}"
    );
    let (user, expiry) = db.store.user_by_api_token(&token_hash(token)).await.unwrap().unwrap();
    assert_eq!((user.email.as_str(), expiry), ("ops@example.org", None));
    let unknown = guichet(&[
        "token",
        "create",
        "--email",
        "nobody@example.org",
        "--database-url",
        &url,
    ]);
    assert!(!unknown.status.success() && text(&unknown.stdout).is_empty());
}

async fn generate_fills_the_database(db: TestStore) {
    let url = url_for(&db);
    let out = guichet(&["generate", "--tickets", "2500", "--database-url", &url]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(db.store.ticket_count().await.unwrap(), 2500);
    assert!(text(&out.stderr).contains("tickets/s"));
    let counts = db.store.count_by_status().await.unwrap();
    assert_eq!(counts.len(), 10, "every status: {counts:?}");
}

#[tokio::test]
async fn generate_builds_a_new_database_whole() {
    let dir = std::env::temp_dir().join(format!("guichet-cli-generate-{}", std::process::id()));
    let _stale = std::fs::remove_dir_all(&dir);
    let out = guichet(&["generate", "--tickets", "2000", "--data-dir", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("building a new database aside"));
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["guichet.db"], "no side file is left");
    let store = guichet_store::connect(&format!("sqlite://{}/guichet.db", dir.display()))
        .await
        .unwrap();
    assert_eq!(store.ticket_count().await.unwrap(), 2000);
    assert_eq!(store.count_by_status().await.unwrap().len(), 10);
    std::fs::remove_dir_all(&dir).unwrap();
}

async fn serve_answers_health_checks(db: TestStore) {
    let url = url_for(&db);
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let args = [
        "serve",
        "--listen",
        &listen,
        "--database-url",
        &url,
        "--log-format",
        "json",
    ];
    let (healthy, output) = run_until_healthy(&args, &[("RUST_LOG", "info")], port).await;
    let health = healthy.expect("the server answered");
    assert_eq!(health["database"], db.store.backend());
    let first_log = text(&output.stderr).lines().next().unwrap_or_default().to_owned();
    assert!(first_log.starts_with('{'), "JSON logs: {first_log}");
}

#[tokio::test]
async fn the_environment_stands_in_for_flags() {
    let dir = data_dir("env");
    let folder = dir.to_str().unwrap();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let env = [("GUICHET_DATA_DIR", folder), ("GUICHET_LISTEN", listen.as_str())];
    let (healthy, output) = run_until_healthy(&["serve"], &env, port).await;
    assert_eq!(
        healthy.map(|h| h["database"].clone()),
        Some("sqlite".into()),
        "serve migrated a new database in GUICHET_DATA_DIR and listened on GUICHET_LISTEN: {}",
        text(&output.stderr)
    );
    let migrated = guichet(&["migrate", "--data-dir", folder]);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    let url = format!("sqlite://{folder}/guichet.db");
    let add = Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args([
            "user",
            "add",
            "--email",
            "env@example.org",
            "--name",
            "Env",
            "--role",
            "shifter",
        ])
        .env("GUICHET_DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(add.status.success(), "{}", text(&add.stderr));
    let store = guichet_store::connect(&url).await.unwrap();
    let user = store.user_by_email("env@example.org").await.unwrap();
    assert_eq!(user.map(|u| u.name), Some("Env".to_owned()));
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn demo_prints_the_logins_and_serves_the_demo() {
    let dir = data_dir("demo");
    let folder = dir.to_str().unwrap();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let (healthy, output) = run_until_healthy(&["demo", "--data-dir", folder, "--listen", &listen], &[], port).await;
    let printed = text(&output.stdout);
    assert!(healthy.is_some(), "the demo served: {}", text(&output.stderr));
    for role in [
        "requester",
        "shifter",
        "supporter",
        "unit-manager",
        "coordinator",
        "admin",
    ] {
        assert!(printed.contains(role), "{role} login printed: {printed}");
    }
    assert!(
        printed.contains("admin@guichet.example") && printed.contains("demo-admin"),
        "{printed}"
    );
    let store = guichet_store::connect(&format!("sqlite://{folder}/guichet.db"))
        .await
        .unwrap();
    let tickets = store.ticket_count().await.unwrap();
    assert!((150..=250).contains(&tickets), "about 200 demo tickets, not {tickets}");
    drop(store);
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let (healthy, output) = run_until_healthy(&["demo", "--data-dir", folder, "--listen", &listen], &[], port).await;
    assert!(healthy.is_some(), "{}", text(&output.stderr));
    let again = text(&output.stdout);
    assert!(again.contains("already loaded"), "{again}");
    assert!(
        again.contains("requester@guichet.example") && again.contains("demo-requester"),
        "the logins again: {again}"
    );
    let store = guichet_store::connect(&format!("sqlite://{folder}/guichet.db"))
        .await
        .unwrap();
    assert_eq!(store.ticket_count().await.unwrap(), tickets, "loaded once");
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `migrate` builds the whole schema in an empty database (a new SQLite
/// folder, a new PostgreSQL schema), and a second run changes nothing.
async fn migrate_builds_an_empty_database(db: TestStore) {
    let (url, postgres) = match &db.schema {
        Some(schema) => {
            let empty = format!("{schema}_migrate");
            let admin = sqlx::PgPool::connect(&db.url).await.unwrap();
            exec(&admin, &format!("CREATE SCHEMA {empty}")).await;
            let url = format!("{}?options=-c%20search_path%3D{empty}", db.url);
            (url, Some((admin, empty)))
        }
        None => {
            let dir = data_dir("migrate");
            (format!("sqlite://{}/guichet.db", dir.display()), None)
        }
    };
    for run in ["first", "second"] {
        let out = guichet(&["migrate", "--database-url", &url]);
        assert!(out.status.success(), "{run} run: {}", text(&out.stderr));
    }
    let store = guichet_store::connect(&url).await.unwrap();
    assert_eq!(store.ticket_count().await.unwrap(), 0, "the tickets table exists");
    let units = store.units().await.unwrap();
    assert_eq!(
        units.len(),
        1,
        "the first run made the first-level unit, the second none: {units:?}"
    );
    assert_eq!(
        (units[0].kind, units[0].name.as_str()),
        (guichet_domain::reference::UnitKind::FirstLevel, "First-level support")
    );
    drop(store);
    match postgres {
        Some((admin, empty)) => {
            let applied: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {empty}._sqlx_migrations"))
                .fetch_one(&admin)
                .await
                .unwrap();
            let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../store/migrations/postgres"))
                .unwrap()
                .count();
            assert_eq!(applied, migrations as i64, "every migration applied once");
            exec(&admin, &format!("DROP SCHEMA {empty} CASCADE")).await;
        }
        None => std::fs::remove_dir_all(data_dir_of(&url)).unwrap(),
    }
}

/// The folder of a `sqlite://FOLDER/guichet.db` URL.
fn data_dir_of(url: &str) -> std::path::PathBuf {
    std::path::Path::new(url.trim_start_matches("sqlite://"))
        .parent()
        .unwrap()
        .to_path_buf()
}

guichet_store::backend_tests! {
    accounts_and_tokens_from_the_command_line,
    generate_fills_the_database,
    serve_answers_health_checks,
    migrate_builds_an_empty_database,
}

#[test]
fn fresh_is_usable_from_plain_tests() {
    // The backend_tests! macro needs an async runtime; make sure the helper's
    // SQLite path needs nothing else.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert!(runtime.block_on(fresh(Backend::Sqlite)).is_some());
}

/// Runs one statement on `pool`.
async fn exec(pool: &sqlx::PgPool, sql: &str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

/// `/healthz` answers 503 while the database refuses connections. Needs a
/// database of its own, whose connections can be cut: PostgreSQL only.
#[tokio::test]
async fn health_turns_unavailable_when_the_database_goes() {
    let Some(probe) = fresh(Backend::Postgres).await else {
        return;
    };
    drop(probe);
    let admin_url = guichet_store::testing::postgres_url();
    let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
    let name = format!("guichet_health_{}", std::process::id());
    exec(&admin, &format!("DROP DATABASE IF EXISTS {name}")).await;
    exec(&admin, &format!("CREATE DATABASE {name}")).await;
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let server = start(&["serve", "--listen", &listen, "--database-url", &url], &[]);
    let up = health(port).await;
    exec(&admin, &format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")).await;
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
        .bind(&name)
        .execute(&admin)
        .await
        .unwrap();
    let down = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await.unwrap();
    let down_status = down.status();
    let down_body: serde_json::Value = down.json().await.unwrap();
    let output = stop(server);
    exec(&admin, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
    assert_eq!(
        up.map(|h| h["status"].clone()),
        Some("ok".into()),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(down_status, reqwest::StatusCode::SERVICE_UNAVAILABLE, "{down_body}");
    assert_eq!(down_body["status"], "unavailable");
}

/// `generate` draws a progress bar on a terminal. The test gives it one
/// with util-linux's `script`; without `script` it skips, except in CI.
#[test]
fn generate_shows_its_progress_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "`script` (util-linux) is needed in CI"
        );
        eprintln!("NOTICE: `script` is not installed; skipping the progress bar test");
        return;
    }
    let dir = data_dir("progress");
    let command = format!(
        "{} generate --tickets 2000 --data-dir {}",
        env!("CARGO_BIN_EXE_guichet"),
        dir.display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let screen = text(&out.stdout);
    assert!(screen.contains("2000/2000 tickets"), "progress drawn: {screen:?}");
    let piped = guichet(&["generate", "--tickets", "10", "--data-dir", dir.to_str().unwrap()]);
    assert!(
        !text(&piped.stderr).contains("/10 tickets"),
        "no bar without a terminal"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
