//! The built-in LMTP and SMTP listener. The client's greeting picks the
//! protocol: `LHLO` speaks LMTP (one reply per recipient after the data),
//! `EHLO` or `HELO` speaks SMTP. A message gets its 250 only once it is
//! committed, so a crash never loses an accepted message: the sending
//! server retries what got no answer.
//!
//! One file per phase, as stalwart's `smtp/inbound` has them: [`ehlo`],
//! [`mail`], [`rcpt`], [`data`], and the [`session`] that runs them.

mod data;
mod ehlo;
mod mail;
mod rcpt;
mod session;

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::Gateway;

/// How the listener behaves.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    /// The name it gives in its greeting.
    pub hostname: String,
    /// How long a client may stay silent.
    pub idle: Duration,
    /// At most this many sessions at once; more wait for a free one.
    pub max_sessions: usize,
    /// At most this many recipients per message.
    pub max_recipients: usize,
}

impl Default for ListenerConfig {
    fn default() -> Self {
        Self {
            hostname: "guichet.localhost".into(),
            idle: Duration::from_secs(300),
            max_sessions: 64,
            max_recipients: 100,
        }
    }
}

/// Accepts sessions on `listener` until `stop` resolves; each runs on its
/// own task.
pub async fn serve(
    listener: TcpListener,
    gateway: Arc<Gateway>,
    config: ListenerConfig,
    stop: impl std::future::Future<Output = ()>,
) {
    let config = Arc::new(config);
    let slots = Arc::new(Semaphore::new(config.max_sessions));
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(error) => {
                tracing::warn!(%error, "could not accept a mail session");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().acquire_owned().await else {
            break;
        };
        let gateway = gateway.clone();
        let config = config.clone();
        tokio::spawn(async move {
            if let Err(error) = session::run(stream, &gateway, &config).await {
                tracing::debug!(%peer, %error, "mail session ended");
            }
            drop(slot);
        });
    }
}
