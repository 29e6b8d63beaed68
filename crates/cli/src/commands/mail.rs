//! `guichet mail deliver`, and the mail settings every node builds from
//! its flags.

use std::io::Read as _;

use guichet_domain::mail::safety::SafetyPolicy;
use guichet_domain::text::Email;
use guichet_mail::Gateway;
use std::sync::Arc;

use anyhow::Context as _;

use guichet_mail::imap::ImapMailbox;
use guichet_mail::outbound::{NotificationConsumer, SmtpRelay};
use guichet_service::mail::MailSettings;

use crate::cli::{DeliverArgs, DurabilityArg, MailArgs, MailCommand, MailWorkArgs};

/// An exit with a sysexits.h code, after a line for the mail server's log.
#[derive(Debug, thiserror::Error)]
#[error("{line}")]
pub struct SysExit {
    /// The code.
    pub code: u8,
    /// What happened.
    pub line: String,
}

/// The gateway's settings from the flags; the helpdesk address defaults
/// to the first-level unit's.
pub fn settings(args: &MailArgs, first_level_email: &str, public_url: &str) -> anyhow::Result<MailSettings> {
    let address = args.helpdesk_address.as_deref().unwrap_or(first_level_email);
    let helpdesk = Email::parse("helpdesk_address", address).map_err(|e| anyhow::anyhow!("{e}"))?;
    let instance = args
        .mail_instance
        .clone()
        .unwrap_or_else(|| helpdesk.as_str().to_owned());
    let mut settings = MailSettings::new(helpdesk, instance.clone(), public_url.trim_end_matches('/'));
    settings.tag_prefix = args.mail_tag.clone();
    settings.safety = SafetyPolicy {
        ignored_precedence: args
            .mail_ignore_precedence
            .iter()
            .map(|p| p.trim().to_lowercase())
            .collect(),
        coexistence_lists: args.mail_list_ids.iter().map(|l| l.trim().to_owned()).collect(),
        ..SafetyPolicy::new(instance)
    };
    settings.max_message_bytes = args.max_message_bytes;
    settings.rate_limit = args.mail_rate_limit;
    Ok(settings)
}

/// The mail work of a node's worker.
pub struct MailWork {
    /// One IMAP poller per mailbox.
    pub jobs: Vec<Arc<dyn guichet_worker::Job>>,
    /// The consumer that queues notifications.
    pub consumer: Arc<dyn guichet_service::events::EventConsumer>,
    /// The relay notifications are sent through, if any.
    pub relay: Option<SmtpRelay>,
}

/// The mail work `args` ask for, filing and queueing through `gateway`.
pub fn mail_work(args: &MailWorkArgs, gateway: &Gateway) -> anyhow::Result<MailWork> {
    let interval = chrono::Duration::seconds(i64::from(args.imap_interval.max(1)));
    let jobs = args
        .imap
        .iter()
        .map(|url| {
            let mut mailbox = ImapMailbox::parse_url(url).map_err(|e| anyhow::anyhow!("--imap: {e}"))?;
            mailbox.extra_roots.clone_from(&args.imap_ca_file);
            let job = super::imap_job::ImapPoll::new(gateway.clone(), mailbox, interval);
            Ok(Arc::new(job) as Arc<dyn guichet_worker::Job>)
        })
        .collect::<anyhow::Result<_>>()?;
    let relay = match &args.smtp_relay {
        Some(url) => {
            let mut relay = SmtpRelay::parse_url(url).map_err(|e| anyhow::anyhow!("--smtp-relay: {e}"))?;
            if let Some(path) = &args.smtp_ca_file {
                std::fs::metadata(path).with_context(|| format!("--smtp-ca-file {}", path.display()))?;
                relay.extra_roots = Some(path.clone());
            }
            Some(relay)
        }
        None => None,
    };
    Ok(MailWork {
        jobs,
        consumer: Arc::new(NotificationConsumer::new(gateway.settings.clone())),
        relay,
    })
}

/// Sends queued notifications through `relay` until `shutdown`.
pub fn spawn_sender(ctx: guichet_service::Context, relay: Option<SmtpRelay>, mut shutdown: guichet_worker::Shutdown) {
    let Some(relay) = relay else {
        tracing::info!("no --smtp-relay: notifications are queued, not sent");
        return;
    };
    tokio::spawn(async move {
        let owner = guichet_worker::node_id();
        guichet_mail::outbound::run(&ctx, &relay, &owner, async move { shutdown.requested().await }).await;
    });
}

/// The durability of a node that takes mail in (a listener answers 250, an
/// IMAP poller flags a message seen, only after the commit): full, so
/// that a power loss cannot lose what was acknowledged.
pub fn durability_for_mail(takes_mail: bool, chosen: DurabilityArg) -> DurabilityArg {
    if takes_mail && chosen == DurabilityArg::Normal {
        tracing::info!("this node acknowledges mail only once committed: durability is full");
        return DurabilityArg::Full;
    }
    chosen
}

/// Runs a `mail` subcommand.
pub async fn mail(command: MailCommand) -> anyhow::Result<()> {
    match command {
        MailCommand::Deliver(args) => Err(deliver(args).await.into()),
    }
}

/// Reads one message on standard input and receives it; always ends in a
/// [`SysExit`], whose code tells the mail server what to do.
async fn deliver(args: DeliverArgs) -> SysExit {
    let temporary = |line: String| SysExit {
        code: guichet_mail::deliver::EX_TEMPFAIL,
        line,
    };
    let mut raw = Vec::new();
    if let Err(error) = std::io::stdin()
        .take(args.mail.max_message_bytes as u64 + 1)
        .read_to_end(&mut raw)
    {
        return temporary(format!("cannot read the message: {error}"));
    }
    let store = match super::open_with(&args.database, DurabilityArg::Full).await {
        Ok(store) => store,
        Err(error) => return temporary(format!("{error:#}")),
    };
    let ctx = super::context(store);
    if let Err(error) = super::ensure_first_level(&ctx, &args.first_level).await {
        return temporary(format!("{error:#}"));
    }
    let settings = match settings(&args.mail, &args.first_level.first_level_email, "http://localhost") {
        Ok(settings) => settings,
        Err(error) => return temporary(format!("{error:#}")),
    };
    let gateway = Gateway::new(ctx, settings);
    let delivered = guichet_mail::deliver::deliver(&gateway, &raw, args.sender.as_deref(), &args.recipients).await;
    SysExit {
        code: delivered.code,
        line: delivered.line,
    }
}
