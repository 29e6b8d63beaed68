//! What the web test binaries share: the API and the pages served together
//! on port 0 over a test store, as `guichet serve` runs them, with the demo
//! organisation, and accounts made for the tests.

use guichet_api::{ApiConfig, AppState};
use guichet_domain::role::Role;
use guichet_fixtures::organisation::{Organisation, ensure_organisation};
use guichet_service::admin::users::{UserInput, add_user};
use guichet_service::{Actor, Context, Limits, User};
use guichet_web::{WebConfig, WebState};

/// The attachment limit of test servers.
pub const LIMIT: usize = 64 * 1024;

/// The password of every test account.
pub const PASSWORD: &str = "password-123";

/// A running server; it stops when dropped.
pub struct Served {
    /// Its address, e.g. `http://127.0.0.1:40123`.
    pub base: String,
    /// The organisation it serves.
    pub org: Organisation,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// `ctx` with the test servers' attachment limit.
pub fn limited(ctx: Context) -> Context {
    ctx.with_limits(Limits {
        max_attachment_bytes: LIMIT,
    })
}

/// Loads the demo organisation into `ctx`'s store and serves the API and
/// the pages over it on a free loopback port.
pub async fn serve(ctx: &Context) -> Served {
    let org = ensure_organisation(ctx).await.unwrap();
    let pages = guichet_web::router(WebState::new(ctx.clone(), WebConfig::default()));
    let app = guichet_api::router_with_pages(AppState::new(ctx.clone(), ApiConfig::default()), pages);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(guichet_api::serve_app(listener, app, async {
        let _ = stopped.await;
    }));
    Served {
        base,
        org,
        _shutdown: shutdown,
    }
}

/// A new account `login@example.org` named `name`, with `role` and [`PASSWORD`].
pub async fn person(ctx: &Context, login: &str, name: &str, role: Role) -> User {
    let input = UserInput {
        email: format!("{login}@example.org"),
        name: name.into(),
        role: role.as_str().into(),
        password: Some(PASSWORD.into()),
        dn: None,
    };
    add_user(ctx, &Actor::system("test"), input).await.unwrap()
}
