//! The IMAP poller as a worker job: one per mailbox, under the job's lease,
//! so that only one node polls a mailbox at a time.

use async_trait::async_trait;

use guichet_mail::Gateway;
use guichet_mail::imap::{ImapMailbox, job_name, poll_once};
use guichet_service::Context;
use guichet_worker::Job;

/// At most this many messages per pass.
const PER_PASS: usize = 200;

/// Polls one mailbox every `interval`.
pub struct ImapPoll {
    name: String,
    gateway: Gateway,
    mailbox: ImapMailbox,
    interval: chrono::Duration,
}

impl ImapPoll {
    /// A poller of `mailbox` filing through `gateway`.
    pub fn new(gateway: Gateway, mailbox: ImapMailbox, interval: chrono::Duration) -> Self {
        Self {
            name: job_name(&mailbox),
            gateway,
            mailbox,
            interval,
        }
    }
}

#[async_trait]
impl Job for ImapPoll {
    fn name(&self) -> &str {
        &self.name
    }

    fn interval(&self) -> chrono::Duration {
        self.interval
    }

    async fn run(&self, _ctx: &Context) -> Result<String, String> {
        let report = poll_once(&self.gateway, &self.mailbox, PER_PASS).await?;
        Ok(format!(
            "{}: {} filed, {} refused, {} put off",
            self.mailbox.name(),
            report.filed,
            report.refused,
            report.deferred
        ))
    }
}
