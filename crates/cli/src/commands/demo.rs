//! `guichet demo`: load the demo once, print the logins, serve.

use anyhow::anyhow;

use guichet_fixtures::demo::{DEMO_TICKETS, demo_logins, load_demo};

use crate::cli::ServeArgs;

/// Loads the demo data if it is not there yet, then serves.
pub async fn demo(args: ServeArgs) -> anyhow::Result<()> {
    let store = super::open_with(&args.node.database, args.node.durability).await?;
    eprintln!("Loading the demo data (once; about {DEMO_TICKETS} tickets)…");
    let loaded = load_demo(&super::context(store.clone()))
        .await
        .map_err(|e| anyhow!("cannot load the demo data: {e}"))?;
    if loaded {
        println!("Demo accounts (e-mail / password / role):");
    } else {
        println!("Demo data already loaded. Its accounts (e-mail / password as loaded / role):");
    }
    for login in demo_logins() {
        println!("  {:<30} {:<22} {}", login.email, login.password, login.role);
    }
    println!(
        "Open http://{0}/ in a browser and sign in with one of them. The JSON API is under http://{0}/api/v1 (OpenAPI: http://{0}/api/openapi.json).",
        args.listen
    );
    super::serve::serve_store(store, &args).await
}
