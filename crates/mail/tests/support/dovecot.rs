//! A private Dovecot for one test: its own folder, config, account and
//! loopback ports, killed when the guard is dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{PASSWORD, USER};

const DOVECOT: &str = "/usr/sbin/dovecot";

/// A running Dovecot with one account, [`USER`]; stopped on drop.
pub struct Dovecot {
    child: Child,
    dir: PathBuf,
    /// The plain IMAP port.
    pub port: u16,
    /// The IMAPS port, when started with TLS.
    pub tls_port: Option<u16>,
    /// The self-signed certificate it presents over TLS.
    pub certificate: Option<PathBuf>,
}

impl Dovecot {
    /// Starts one, with an IMAPS listener too when `tls`; `None` (after
    /// saying so) when Dovecot is not installed, except in CI, where that
    /// fails the test.
    pub fn start(tls: bool) -> Option<Dovecot> {
        if !Path::new(DOVECOT).exists() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "Dovecot is required in CI (apt-get install dovecot-imapd)"
            );
            eprintln!("SKIPPED: Dovecot is not installed (apt-get install dovecot-imapd)");
            return None;
        }
        let dir = folder();
        let port = free_port();
        let tls_port = tls.then(free_port);
        let certificate = tls.then(|| certificate(&dir));
        std::fs::write(dir.join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        std::fs::write(dir.join("dovecot.conf"), config(&dir, port, tls_port)).unwrap();
        let status = Command::new("chown")
            .arg("-R")
            .arg("dovecot:dovecot")
            .arg(dir.join("home"))
            .status();
        assert!(status.unwrap().success(), "chown of the mail home failed");
        let child = Command::new(DOVECOT)
            .arg("-F")
            .arg("-c")
            .arg(dir.join("dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let dovecot = Dovecot {
            child,
            dir,
            port,
            tls_port,
            certificate,
        };
        dovecot.wait_until_listening();
        Some(dovecot)
    }

    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        for port in std::iter::once(self.port).chain(self.tls_port) {
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                let log = std::fs::read_to_string(self.dir.join("log")).unwrap_or_default();
                assert!(Instant::now() < deadline, "Dovecot did not listen on {port}:\n{log}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

impl Drop for Dovecot {
    /// SIGTERM first, so that the master stops its children; SIGKILL if
    /// it is still there after five seconds.
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A new folder, readable by Dovecot's own users.
fn folder() -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("guichet-dovecot-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["run", "state", "home"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A self-signed certificate for localhost and 127.0.0.1, made with the
/// openssl CLI; the key beside it.
fn certificate(dir: &Path) -> PathBuf {
    let output = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "openssl failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join("cert.pem")
}

fn config(dir: &Path, port: u16, tls_port: Option<u16>) -> String {
    let d = dir.display();
    let ssl = match tls_port {
        Some(_) => format!("ssl = yes\nssl_cert = <{d}/cert.pem\nssl_key = <{d}/key.pem"),
        None => "ssl = no".into(),
    };
    let tls_port = tls_port.unwrap_or(0);
    format!(
        "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/log\nprotocols = imap\n\
         listen = 127.0.0.1\n{ssl}\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
         first_valid_uid = 0\ndefault_internal_user = dovecot\ndefault_internal_group = dovecot\n\
         default_login_user = dovenull\n\
         passdb {{\n  driver = passwd-file\n  args = {d}/passwd\n}}\n\
         userdb {{\n  driver = static\n  args = uid=dovecot gid=dovecot home={d}/home/%u\n}}\n\
         mail_location = maildir:~/Maildir\n\
         service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n\
         \x20 inet_listener imaps {{\n    address = 127.0.0.1\n    port = {tls_port}\n  }}\n}}\n"
    )
}
