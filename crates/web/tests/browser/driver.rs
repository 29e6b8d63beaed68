//! ChromeDriver, started on a free loopback port by the first test of a
//! test process that needs it and shared with the tests running beside it;
//! it is killed when the last of them is done with it.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

/// How long ChromeDriver may take to listen.
const STARTUP: Duration = Duration::from_secs(10);

/// A running ChromeDriver.
#[derive(Debug)]
pub struct Driver {
    /// Its WebDriver address.
    pub url: String,
    process: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _killed = self.process.kill();
        let _reaped = self.process.wait();
    }
}

/// The ChromeDriver of this process: the running one, or a new one.
pub async fn shared(program: &Path) -> Arc<Driver> {
    static SHARED: Mutex<Weak<Driver>> = Mutex::const_new(Weak::new());
    let mut shared = SHARED.lock().await;
    if let Some(driver) = shared.upgrade() {
        return driver;
    }
    let driver = Arc::new(start(program).await);
    *shared = Arc::downgrade(&driver);
    driver
}

/// Starts ChromeDriver and waits until it listens.
async fn start(program: &Path) -> Driver {
    let port = free_port();
    let process = Command::new(program)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .arg("--log-level=WARNING")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", program.display()));
    let driver = Driver {
        url: format!("http://127.0.0.1:{port}"),
        process,
    };
    let deadline = Instant::now() + STARTUP;
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on port {port} within {STARTUP:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    driver
}

/// A loopback port nothing listens on now.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free loopback port");
    listener.local_addr().expect("its address").port()
}
