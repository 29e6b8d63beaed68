//! `guichet serve`: migrate, then serve HTTP and run the worker beside it
//! until Ctrl-C or SIGTERM.

use std::sync::Arc;

use anyhow::Context as _;

use guichet_api::{ApiConfig, AppState};
use guichet_service::{Context, Limits};
use guichet_web::{WebConfig, WebState};
use guichet_worker::{ShutdownTrigger, Worker, WorkerConfig, node_id, shutdown_pair};

use crate::cli::ServeArgs;

/// Serves on `args.listen`.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let takes_mail = args.mail_listen.is_some() || !args.mail_work.imap.is_empty();
    let durability = super::mail::durability_for_mail(takes_mail, args.node.durability);
    let store = super::open_with(&args.node.database, durability).await?;
    serve_store(store, &args).await
}

/// Serves an already opened store.
pub async fn serve_store(store: Arc<dyn guichet_store::Store>, args: &ServeArgs) -> anyhow::Result<()> {
    let ctx = super::context(store).with_limits(Limits {
        max_attachment_bytes: args.max_attachment_bytes,
    });
    super::ensure_first_level(&ctx, &args.node.first_level).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    let (trigger, shutdown) = shutdown_pair();
    tokio::spawn(stop_on_signal(trigger));
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{address}"));
    let mail = super::mail::settings(&args.mail, &args.node.first_level.first_level_email, &public_url)?;
    let gateway = guichet_mail::Gateway::new(ctx.clone(), mail);
    let work = super::mail::mail_work(&args.mail_work, &gateway)?;
    if !args.no_worker {
        super::mail::spawn_sender(ctx.clone(), work.relay.clone(), shutdown.clone());
    }
    let worker = (!args.no_worker).then(|| {
        let worker = build_worker(ctx.clone(), args.node.bench_noop_consumer, work);
        tokio::spawn(worker.run(shutdown.clone()))
    });
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{address}"));
    let mail = super::mail::settings(&args.mail, &args.node.first_level.first_level_email, &public_url)?;
    if let Some(mail_address) = args.mail_listen {
        start_mail_listener(
            mail_address,
            guichet_mail::Gateway::new(ctx.clone(), mail.clone()),
            shutdown.clone(),
        )
        .await?;
    }
    let durability = ctx.durability().await.map_err(super::service_error)?;
    tracing::info!(%address, backend = ctx.backend(), durability, worker = worker.is_some(), "Guichet is serving on http://{address}");
    let mut http_shutdown = shutdown.clone();
    let web = WebConfig {
        public_url: args.public_url.clone(),
        trust_forwarded_for: args.trust_forwarded_for,
    };
    let pages = guichet_web::router(WebState::new(ctx.clone(), web));
    let api = ApiConfig {
        trust_forwarded_for: args.trust_forwarded_for,
        ..ApiConfig::default()
    };
    let app = guichet_api::router_with_pages(AppState::new(ctx, api), pages);
    let served = guichet_api::serve_app(listener, app, async move {
        http_shutdown.requested().await;
    })
    .await
    .context("the server stopped");
    if let Some(worker) = worker {
        worker.await.context("the worker stopped abnormally")?;
    }
    served
}

/// Receives mail on `address` until `shutdown`.
async fn start_mail_listener(
    address: std::net::SocketAddr,
    gateway: guichet_mail::Gateway,
    shutdown: guichet_worker::Shutdown,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot receive mail on {address}"))?;
    let bound = listener.local_addr()?;
    tracing::info!(address = %bound, "Guichet receives mail (LMTP or SMTP) on {bound}");
    let mut stop = shutdown;
    let config = guichet_mail::inbound::ListenerConfig::default();
    tokio::spawn(guichet_mail::inbound::serve(
        listener,
        Arc::new(gateway),
        config,
        async move {
            stop.requested().await;
        },
    ));
    Ok(())
}

/// The worker of this node: Guichet's jobs, the mail gateway's pollers
/// and its notification consumer; for `guichet bench`, an idle consumer
/// instead of the notifications, so that the platform's own cost is
/// measured.
pub fn build_worker(ctx: Context, bench_noop_consumer: bool, mail: super::mail::MailWork) -> Worker {
    let worker = mail.jobs.into_iter().fold(
        Worker::standard(ctx, node_id(), WorkerConfig::default()),
        Worker::with_job,
    );
    if bench_noop_consumer {
        worker.with_consumer(Arc::new(guichet_worker::NoopConsumer::default()))
    } else {
        worker.with_consumer(mail.consumer)
    }
}

/// Asks everything to stop at Ctrl-C or SIGTERM.
pub async fn stop_on_signal(trigger: ShutdownTrigger) {
    shutdown_signal().await;
    trigger.trigger();
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down");
}
