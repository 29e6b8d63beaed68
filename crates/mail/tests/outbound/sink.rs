//! A real SMTP server for the tests: Python's aiosmtpd, with a handler
//! that writes each message it accepts to a folder, refuses recipients
//! whose address starts with `nobody` for good (550 5.1.1) and those
//! starting with `busy` for now (451 4.3.0). Started with credentials, it
//! requires SMTP AUTH with them (over plain text: it is a test).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use guichet_store::testing::temp_folder;

const HANDLER: &str = r#"
import os, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

folder, port, credentials = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tls_mode = sys.argv[4] if len(sys.argv) > 4 else ""

def authenticate(server, session, envelope, mechanism, auth_data):
    given = auth_data.login.decode() + ":" + auth_data.password.decode()
    return AuthResult(success=given == credentials, handled=False)

class Sink:
    count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("nobody"):
            return "550 5.1.1 no such user"
        if address.lower().startswith("busy"):
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1
        base = os.path.join(folder, "%04d" % Sink.count)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".envelope", "w") as f:
            f.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 accepted"

options = {}
if credentials:
    options = dict(authenticator=authenticate, auth_required=True, auth_require_tls=False)
if tls_mode:
    import ssl
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(sys.argv[5], sys.argv[6])
    if tls_mode == "starttls":
        options.update(tls_context=context, require_starttls=True)
    else:
        options.update(ssl_context=context)
controller = Controller(Sink(), hostname="127.0.0.1", port=port, **options)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
"#;

/// A running sink; stopped when dropped.
pub struct Sink {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Where it writes what it accepts.
    pub folder: PathBuf,
}

/// A message the sink accepted.
pub struct Received {
    /// The envelope sender.
    pub from: String,
    /// The envelope recipients.
    pub to: Vec<String>,
    /// The message.
    pub bytes: Vec<u8>,
}

/// Whether aiosmtpd can be imported; if not, says so, and panics in CI.
pub fn available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "aiosmtpd is required in CI (pip install aiosmtpd)"
        );
        eprintln!("SKIPPED: aiosmtpd is not installed (pip install aiosmtpd)");
    }
    found
}

impl Sink {
    /// Starts a sink on a free port.
    pub fn start() -> Self {
        Self::start_with("")
    }

    /// Starts a sink on a free port that requires AUTH with `credentials`
    /// (`user:password`), or none if empty.
    pub fn start_with(credentials: &str) -> Self {
        Self::start_full(credentials, &[])
    }

    /// Starts a sink that speaks TLS, `starttls` or `tls` (implicit), with
    /// a certificate of its own for 127.0.0.1; returns it with the
    /// certificate's PEM file, for the client to trust.
    pub fn start_tls(mode: &str) -> (Self, PathBuf) {
        let keys = temp_folder("smtp-sink-tls");
        let (cert, key) = (keys.join("cert.pem"), keys.join("key.pem"));
        let made = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
            ])
            .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
            .args(["-addext", "basicConstraints=critical,CA:FALSE"])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(made.success(), "openssl made no certificate");
        let args = [mode, cert.to_str().unwrap(), key.to_str().unwrap()];
        (Self::start_full("", &args), cert)
    }

    fn start_full(credentials: &str, tls: &[&str]) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let folder = temp_folder("smtp-sink");
        let mut child = Command::new("python3")
            .args(["-c", HANDLER, folder.to_str().unwrap(), &port.to_string(), credentials])
            .args(tls)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        Self { child, port, folder }
    }

    /// The messages accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|path| {
                let envelope = std::fs::read_to_string(path.with_extension("envelope")).unwrap();
                let mut lines = envelope.lines().map(str::to_owned);
                Received {
                    from: lines.next().unwrap_or_default(),
                    to: lines.filter(|l| !l.is_empty()).collect(),
                    bytes: std::fs::read(&path).unwrap(),
                }
            })
            .collect()
    }

    /// Waits up to five seconds for `count` messages.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let until = Instant::now() + Duration::from_secs(5);
        loop {
            let received = self.received();
            if received.len() >= count || Instant::now() > until {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some(stdin) = self.child.stdin.as_mut() {
            let _ = stdin.flush();
        }
        drop(self.child.stdin.take());
        let until = Instant::now() + Duration::from_secs(3);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
