//! `guichet demo`: load the demo once, print the logins, serve.

use anyhow::anyhow;

use guichet_fixtures::demo::{DEMO_TICKETS, load_demo};

use crate::cli::ServeArgs;

/// Loads the demo data if it is not there yet, then serves.
pub async fn demo(args: ServeArgs) -> anyhow::Result<()> {
    let store = super::open(&args.database).await?;
    eprintln!("Loading the demo data (once; about {DEMO_TICKETS} tickets)…");
    match load_demo(store.as_ref())
        .await
        .map_err(|e| anyhow!("cannot load the demo data: {e}"))?
    {
        Some(logins) => {
            println!("Demo accounts (e-mail / password / role):");
            for login in logins {
                println!("  {:<30} {:<22} {}", login.email, login.password, login.role);
            }
        }
        None => println!(
            "Demo data already loaded; the accounts are admin@guichet.example / demo-admin and the others printed on the first run (password demo-<name before @>)."
        ),
    }
    println!(
        "Serving http://{0}/api/v1 (OpenAPI: http://{0}/api/openapi.json)",
        args.listen
    );
    super::serve::serve_store(store, &args).await
}
