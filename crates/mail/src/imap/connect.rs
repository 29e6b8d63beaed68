//! Reaching the server: TCP, TLS when asked (rustls with ring, the
//! webpki roots and the mailbox's extra roots), the greeting and LOGIN.

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use async_imap::{Client, Session};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{ClientConfig, RootCertStore, crypto};

use super::{ImapMailbox, ImapSecurity};

/// How long one step (connecting, a command and its answer) may take.
const STEP: Duration = Duration::from_secs(60);

/// A byte stream to the server, TLS or plain.
pub(super) trait Wire: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug {}

impl<T: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug> Wire for T {}

/// A logged-in session.
pub(super) type ImapSession = Session<Box<dyn Wire>>;

/// Runs `step`, failing after [`STEP`]; the error says what was being done.
pub(super) async fn within<T, E: fmt::Display>(
    what: &str,
    step: impl Future<Output = Result<T, E>>,
) -> Result<T, String> {
    match tokio::time::timeout(STEP, step).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(format!("{what}: {error}")),
        Err(_) => Err(format!("{what}: no answer in {} s", STEP.as_secs())),
    }
}

/// Connects to `mailbox`'s server and logs in.
pub(super) async fn open(mailbox: &ImapMailbox) -> Result<ImapSession, String> {
    let name = mailbox.name();
    let address = (mailbox.host.as_str(), mailbox.port);
    let tcp = within(&format!("{name}: connect"), TcpStream::connect(address)).await?;
    let wire: Box<dyn Wire> = match mailbox.security {
        ImapSecurity::Plain => Box::new(tcp),
        ImapSecurity::Tls => Box::new(handshake(tcp, mailbox).await?),
    };
    let mut client = Client::new(wire);
    within(&format!("{name}: greeting"), client.read_response())
        .await?
        .ok_or_else(|| format!("{name}: the server closed the connection before its greeting"))?;
    let login = client.login(&mailbox.user, &mailbox.password);
    match tokio::time::timeout(STEP, login).await {
        Ok(Ok(session)) => Ok(session),
        Ok(Err((error, _))) => Err(format!("{name}: login refused: {error}")),
        Err(_) => Err(format!("{name}: login: no answer in {} s", STEP.as_secs())),
    }
}

async fn handshake(
    tcp: TcpStream,
    mailbox: &ImapMailbox,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, String> {
    let name = mailbox.name();
    let config = tls_config(mailbox.extra_roots.as_deref()).map_err(|e| format!("{name}: {e}"))?;
    let server = ServerName::try_from(mailbox.host.clone())
        .map_err(|e| format!("{name}: {:?} is no name for TLS: {e}", mailbox.host))?;
    let connector = TlsConnector::from(Arc::new(config));
    within(&format!("{name}: TLS handshake"), connector.connect(server, tcp)).await
}

/// The TLS settings: ring, and the webpki roots plus those in `extra`.
fn tls_config(extra: Option<&Path>) -> Result<ClientConfig, String> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = extra {
        for certificate in extra_roots(path)? {
            roots
                .add(certificate)
                .map_err(|e| format!("a root certificate in {} is unusable: {e}", path.display()))?;
        }
    }
    let config = ClientConfig::builder_with_provider(Arc::new(crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// The certificates of the PEM file at `path`; at least one.
fn extra_roots(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let unreadable =
        |e: rustls_pki_types::pem::Error| format!("could not read root certificates from {}: {e}", path.display());
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(unreadable)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    if certificates.is_empty() {
        return Err(format!("{} holds no PEM certificate", path.display()));
    }
    Ok(certificates)
}
