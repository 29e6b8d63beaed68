//! Running the built binary, and servers of it.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use guichet_store::testing::TestStore;

pub fn guichet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The URL the binary should use for `db`: PostgreSQL pinned to the test schema.
pub fn url_for(db: &TestStore) -> String {
    match &db.schema {
        Some(schema) => format!("{}?options=-c%20search_path%3D{schema}", db.url),
        None => db.url.clone(),
    }
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `guichet` with `args` and extra environment `env`, capturing its output.
pub fn start(args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(args)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The `/healthz` answer of the server on `port`, once it answers (up to a minute).
pub async fn health(port: u16) -> Option<serde_json::Value> {
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(response) = client.get(format!("http://127.0.0.1:{port}/healthz")).send().await {
            return Some(response.json().await.unwrap());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// Stops a server and returns what it printed.
pub fn stop(mut server: std::process::Child) -> Output {
    server.kill().unwrap();
    server.wait_with_output().unwrap()
}

/// Runs `guichet` until `/healthz` on `port` answers (or a minute passes),
/// then stops it: the health answer, and what it printed.
pub async fn run_until_healthy(args: &[&str], env: &[(&str, &str)], port: u16) -> (Option<serde_json::Value>, Output) {
    let server = start(args, env);
    let healthy = health(port).await;
    (healthy, stop(server))
}

/// A new, empty folder for a data directory.
pub fn data_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("guichet-cli-{name}-{}", std::process::id()));
    let _ignored = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
