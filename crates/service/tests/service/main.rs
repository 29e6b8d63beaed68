//! The use cases over a real store, on SQLite and PostgreSQL: writes that
//! compose, the clock they are given, and the system as an actor.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

mod calendars;
mod compose;
mod escalation;
mod mail;
mod participants;
mod rota;
mod time_and_actor;

use std::sync::Arc;

use guichet_domain::clock::ManualClock;
use guichet_domain::role::Role;
use guichet_service::admin::users::{UserInput, add_user};
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::{Actor, Context, Limits, User, actor_of};
use guichet_store::testing::TestStore;

/// A context over `db` whose clock stands at `at`, with a 1 KiB attachment
/// limit, and the first-level unit in place.
pub async fn context(db: &TestStore, at: &str) -> (Context, Arc<ManualClock>) {
    let at = chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc();
    let clock = Arc::new(ManualClock::at(at));
    let ctx = Context::new(db.store.clone(), clock.clone()).with_limits(Limits {
        max_attachment_bytes: 1024,
    });
    ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap();
    (ctx, clock)
}

/// A new account with `role`, and its actor.
pub async fn person(ctx: &Context, name: &str, role: Role) -> (User, Actor) {
    let input = UserInput {
        email: format!("{name}@example.org"),
        name: name.into(),
        role: role.as_str().into(),
        password: None,
        dn: None,
    };
    let user = add_user(ctx, &Actor::system("test"), input).await.unwrap();
    let actor = actor_of(&user);
    (user, actor)
}
