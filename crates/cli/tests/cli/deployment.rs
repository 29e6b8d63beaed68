//! A real deployment as the README starts it: migrate, add the first
//! administrator, serve; then a ticket, with no other step. And a clean
//! stop on SIGTERM.

use std::process::Command;

use serde_json::{Value, json};

use guichet_store::testing::TestStore;

use crate::helpers::*;

/// Signs in with a password and opens a ticket on the server at `port`.
async fn sign_in_and_open_a_ticket(port: u16, email: &str, password: &str) -> Value {
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let session: Value = client
        .post(format!("{base}/session"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().expect("signed in").to_owned();
    let response = client
        .post(format!("{base}/tickets"))
        .header("cookie", format!("guichet_session={token}"))
        .json(&json!({ "subject": "First ticket", "description": "The CE at our site rejects every job." }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    response.json().await.unwrap()
}

/// The README's three steps on a new database, then a ticket.
async fn a_new_deployment_takes_tickets_with_no_manual_step(db: TestStore) {
    let url = url_for(&db);
    let migrated = guichet(&[
        "migrate",
        "--database-url",
        &url,
        "--first-level-name",
        "NGI-FR first-level support",
        "--first-level-email",
        "support@ngi-fr.example",
    ]);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    assert!(
        text(&migrated.stderr).contains("created the first-level support unit \"NGI-FR first-level support\""),
        "{}",
        text(&migrated.stderr)
    );
    let added = guichet(&[
        "user",
        "add",
        "--database-url",
        &url,
        "--email",
        "root@ngi-fr.example",
        "--name",
        "First admin",
        "--role",
        "admin",
        "--password",
        "a long passphrase",
    ]);
    assert!(added.status.success(), "{}", text(&added.stderr));
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let server = start(&["serve", "--listen", &listen, "--database-url", &url], &[]);
    assert!(health(port).await.is_some(), "the server answers");
    let ticket = sign_in_and_open_a_ticket(port, "root@ngi-fr.example", "a long passphrase").await;
    let output = stop(server);
    let units = db.store.units().await.unwrap();
    assert_eq!(units.len(), 1, "one unit: {units:?}; {}", text(&output.stderr));
    assert_eq!(ticket["unit"], units[0].id.0, "in first-level support");
    assert_eq!(ticket["status"], "new");
    assert_eq!(units[0].email.as_deref(), Some("support@ngi-fr.example"));
}

guichet_store::backend_tests! {
    a_new_deployment_takes_tickets_with_no_manual_step,
}

/// `serve` on a new data folder, without `migrate` first: it makes the
/// first-level unit itself, with the defaults.
#[tokio::test]
async fn serve_alone_on_a_new_folder_takes_a_ticket() {
    let dir = data_dir("serve-alone");
    let folder = dir.to_str().unwrap();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let server = start(&["serve", "--data-dir", folder, "--listen", &listen], &[]);
    assert!(health(port).await.is_some(), "the server answers");
    let added = guichet(&[
        "user",
        "add",
        "--data-dir",
        folder,
        "--email",
        "ada@example.org",
        "--name",
        "Ada",
        "--role",
        "requester",
        "--password",
        "ada's passphrase",
    ]);
    assert!(added.status.success(), "{}", text(&added.stderr));
    let ticket = sign_in_and_open_a_ticket(port, "ada@example.org", "ada's passphrase").await;
    stop(server);
    let store = guichet_store::connect(&format!("sqlite://{folder}/guichet.db"))
        .await
        .unwrap();
    let units = store.units().await.unwrap();
    assert_eq!(
        (units.len(), units[0].name.as_str(), units[0].email.as_deref()),
        (1, "First-level support", Some("helpdesk@localhost.localdomain"))
    );
    assert_eq!(ticket["unit"], units[0].id.0);
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// SIGTERM stops the HTTP server and the worker beside it; the worker
/// gives its leases back on the way out.
#[tokio::test]
async fn sigterm_stops_the_server_and_its_worker_cleanly() {
    let dir = data_dir("sigterm");
    let folder = dir.to_str().unwrap();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let server = start(
        &["serve", "--data-dir", folder, "--listen", &listen],
        &[("RUST_LOG", "info")],
    );
    assert!(health(port).await.is_some(), "the server answers");
    let store = guichet_store::connect(&format!("sqlite://{folder}/guichet.db"))
        .await
        .unwrap();
    for _ in 0..100 {
        if store.jobs().await.unwrap().iter().any(|j| j.runs > 0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let terminated = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let output = server.wait_with_output().unwrap();
    let log = text(&output.stderr);
    assert!(output.status.success(), "a clean exit: {log}");
    assert!(log.contains("worker stopped"), "{log}");
    let jobs = store.jobs().await.unwrap();
    let purge = jobs.iter().find(|j| j.name == "session-purge").expect("the purge ran");
    assert_eq!((purge.runs, purge.lease_owner.as_deref()), (1, None), "{purge:?}");
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--durability full` is what the database is set to, and `--no-worker`
/// serves without running any job.
#[tokio::test]
async fn serve_takes_its_durability_and_can_leave_the_work_to_others() {
    let dir = data_dir("no-worker");
    let folder = dir.to_str().unwrap();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let args = [
        "serve",
        "--data-dir",
        folder,
        "--listen",
        &listen,
        "--durability",
        "full",
        "--no-worker",
    ];
    let server = start(&args, &[]);
    let health = health(port).await.expect("the server answers");
    assert_eq!(health["durability"], "full", "{health}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    stop(server);
    let store = guichet_store::connect(&format!("sqlite://{folder}/guichet.db"))
        .await
        .unwrap();
    assert!(store.jobs().await.unwrap().is_empty(), "no job ran without the worker");
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}
