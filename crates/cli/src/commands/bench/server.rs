//! A `guichet serve` child process for the benchmark, on a free port.

use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, anyhow, bail};

/// A running server.
pub struct Server {
    child: tokio::process::Child,
    pid: u32,
    /// Its address, `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts `guichet serve` on `url` with `flags`, and waits until it answers.
    pub async fn start(url: &str, flags: &[&str], client: &reqwest::Client) -> anyhow::Result<Self> {
        let port = free_port()?;
        let listen = format!("127.0.0.1:{port}");
        let child = tokio::process::Command::new(std::env::current_exe()?)
            .args(["serve", "--listen", &listen, "--database-url", url])
            .args(flags)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("cannot start the server")?;
        let pid = child.id().ok_or_else(|| anyhow!("the server exited at once"))?;
        let server = Self {
            child,
            pid,
            base: format!("http://{listen}"),
        };
        server.wait_healthy(client).await?;
        Ok(server)
    }

    async fn wait_healthy(&self, client: &reqwest::Client) -> anyhow::Result<()> {
        for _ in 0..300 {
            if client
                .get(format!("{}/healthz", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the server did not become healthy within 30 s")
    }

    /// Resident memory in KiB (`VmRSS` now, `VmHWM` peak), from /proc.
    pub fn rss_kib(&self, field: &str) -> anyhow::Result<u64> {
        let pid = self.pid;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .context("reading the server's memory (Linux only)")?;
        status
            .lines()
            .find_map(|line| {
                line.strip_prefix(field)?
                    .trim_start_matches(':')
                    .trim()
                    .strip_suffix("kB")?
                    .trim()
                    .parse()
                    .ok()
            })
            .ok_or_else(|| anyhow!("no {field} in /proc/{pid}/status"))
    }

    /// Stops it.
    pub async fn stop(mut self) {
        self.child.kill().await.ok();
    }
}

/// A free loopback port.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
