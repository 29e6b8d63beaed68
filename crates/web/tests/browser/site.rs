//! The server a browser test drives: the API and the pages over a fresh
//! store with the demo organisation, on a clock the test moves, so that
//! what the pages show (dates included) is the same at every run.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};

use guichet_domain::clock::ManualClock;
use guichet_domain::role::Role;
use guichet_fixtures::organisation::{EXPERTISE_UNITS, Organisation};
use guichet_service::admin::units::{UnitBody, get_unit, update_unit};
use guichet_service::{Actor, Context, User};
use guichet_store::testing::{Backend, TestStore, fresh};

use crate::server::{Served, limited, person, serve};

/// A fresh SQLite store, for the tests that need no other backend.
pub async fn sqlite() -> TestStore {
    fresh(Backend::Sqlite).await.expect("SQLite is always there")
}

/// A running server and its clock.
pub struct Site {
    /// Its address.
    pub base: String,
    /// The use cases it serves.
    pub ctx: Context,
    /// The demo organisation.
    pub org: Organisation,
    clock: Arc<ManualClock>,
    db: TestStore,
    _served: Served,
}

impl Site {
    /// Serves the API and the pages over `db`, on a clock standing at a
    /// Monday morning.
    pub async fn on(db: TestStore) -> Self {
        let start = Utc
            .with_ymd_and_hms(2026, 3, 9, 8, 40, 0)
            .single()
            .expect("a valid time");
        let clock = Arc::new(ManualClock::at(start));
        let ctx = limited(Context::new(db.store.clone(), clock.clone()));
        let served = serve(&ctx).await;
        Self {
            base: served.base.clone(),
            org: served.org.clone(),
            ctx,
            clock,
            db,
            _served: served,
        }
    }

    /// The backend's name, for naming what a test leaves behind.
    pub fn backend(&self) -> &'static str {
        if self.db.schema.is_some() { "postgres" } else { "sqlite" }
    }

    /// Moves the clock `minutes` on, as time passes between two people's turns.
    pub fn later(&self, minutes: i64) {
        self.clock.advance(Duration::minutes(minutes));
    }

    /// A new account `login@example.org` named `name`.
    pub async fn person(&self, login: &str, name: &str, role: Role) -> User {
        person(&self.ctx, login, name, role).await
    }

    /// Makes `user` a member of the demo's expertise unit `name`.
    pub async fn join(&self, user: &User, name: &str) {
        let position = EXPERTISE_UNITS.iter().position(|(unit, _, _)| *unit == name);
        let id = self.org.experts[position.unwrap_or_else(|| panic!("no expertise unit {name}"))];
        let unit = get_unit(&self.ctx, id).await.unwrap();
        let mut members = unit.members.clone();
        members.push(user.id);
        let body = UnitBody {
            name: unit.name,
            kind: unit.kind.as_str().into(),
            qos_level: Some(unit.qos_level.as_str().into()),
            email: unit.email,
            members,
        };
        update_unit(&self.ctx, &Actor::system("test"), unit.id, body)
            .await
            .unwrap();
    }
}
