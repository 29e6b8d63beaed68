//! `guichet serve`: migrate, then serve until Ctrl-C or SIGTERM.

use anyhow::Context;

use guichet_api::{ApiConfig, AppState};

use crate::cli::ServeArgs;

/// Serves on `args.listen`.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let store = super::open(&args.database).await?;
    serve_store(store, &args).await
}

/// Serves an already opened store.
pub async fn serve_store(store: std::sync::Arc<dyn guichet_store::Store>, args: &ServeArgs) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, backend = store.backend(), "Guichet is serving on http://{address}");
    let config = ApiConfig {
        max_attachment_bytes: args.max_attachment_bytes,
        ..ApiConfig::default()
    };
    guichet_api::serve(listener, AppState::new(store, config), shutdown_signal())
        .await
        .context("the server stopped")
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
