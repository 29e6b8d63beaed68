//! Jobs and consumers that count, block, fail or panic on demand, and the
//! nodes that run them.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use guichet_domain::actor::Author;
use guichet_domain::clock::ManualClock;
use guichet_domain::event::sessions_purged_event;
use guichet_service::Context;
use guichet_service::events::{ChangeEvents, EventConsumer, PumpPolicy};
use guichet_store::conformance::change;
use guichet_store::testing::TestStore;
use guichet_store::{ChangeSet, Store};
use guichet_worker::{Job, WorkerConfig};

/// A moment to start the clocks at.
pub fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T09:00:00Z").unwrap().to_utc()
}

/// A worker configuration that ticks fast, for tests.
pub fn fast() -> WorkerConfig {
    WorkerConfig {
        tick: Duration::from_millis(10),
        poll: Duration::from_millis(200),
        linger: Duration::from_millis(5),
        job_lease: Duration::from_secs(30),
        grace: Duration::from_secs(2),
        ..WorkerConfig::default()
    }
}

/// Another node's store over the same database.
pub async fn another_store(db: &TestStore) -> Arc<dyn Store> {
    match &db.schema {
        Some(schema) => guichet_store::connect_postgres_schema(&db.url, schema).await.unwrap(),
        None => guichet_store::connect(&db.url).await.unwrap(),
    }
}

/// A context on `store` with a manual clock at `at`.
pub fn context_at(store: Arc<dyn Store>, at: DateTime<Utc>) -> (Context, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::at(at));
    (Context::new(store, clock.clone()), clock)
}

/// Waits up to five seconds for `ready`.
pub async fn eventually(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..500 {
        if ready() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

/// A job that counts its runs, may wait at a gate, and may panic first.
#[derive(Clone, Default)]
pub struct Probe {
    pub name: &'static str,
    pub started: Arc<AtomicUsize>,
    pub finished: Arc<AtomicUsize>,
    /// While true, runs wait (up to a minute) before finishing.
    pub hold: Arc<AtomicBool>,
    /// Runs that panic before the job starts working.
    pub panics: Arc<AtomicUsize>,
}

impl Probe {
    pub fn named(name: &'static str) -> Self {
        Self {
            name,
            ..Self::default()
        }
    }

    pub fn started(&self) -> usize {
        self.started.load(Ordering::SeqCst)
    }

    pub fn finished(&self) -> usize {
        self.finished.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl Job for Probe {
    fn name(&self) -> &str {
        self.name
    }

    fn interval(&self) -> chrono::Duration {
        chrono::Duration::hours(1)
    }

    async fn run(&self, _ctx: &Context) -> Result<String, String> {
        self.started.fetch_add(1, Ordering::SeqCst);
        let panic_now = self
            .panics
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        assert!(!panic_now, "a planned panic");
        for _ in 0..6_000 {
            if !self.hold.load(Ordering::SeqCst) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.finished.fetch_add(1, Ordering::SeqCst);
        Ok("probed".into())
    }
}

/// A consumer that records what it handled, by node, and fails while told to.
#[derive(Clone, Default)]
pub struct Recorder {
    pub name: &'static str,
    /// Event ids handled, each with how often.
    pub seen: Arc<Mutex<BTreeMap<i64, usize>>>,
    /// Each change handled, with its number of events, in the order handled.
    pub changes: Arc<Mutex<Vec<(i64, usize)>>>,
    pub failing: Arc<AtomicBool>,
    pub attempts: Arc<AtomicUsize>,
}

impl Recorder {
    pub fn named(name: &'static str) -> Self {
        Self {
            name,
            ..Self::default()
        }
    }

    pub fn seen(&self) -> BTreeMap<i64, usize> {
        self.seen.lock().unwrap().clone()
    }
}

#[async_trait]
impl EventConsumer for Recorder {
    fn name(&self) -> &str {
        self.name
    }

    async fn handle(&self, _ctx: &Context, change: &ChangeEvents) -> Result<(), String> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        if self.failing.load(Ordering::SeqCst) {
            return Err("the mail server refuses".into());
        }
        let mut seen = self.seen.lock().unwrap();
        for event in &change.events {
            *seen.entry(event.position.0).or_default() += 1;
        }
        self.changes
            .lock()
            .unwrap()
            .push((change.change.0, change.events.len()));
        Ok(())
    }
}

/// A consumer policy that parks after three attempts, a second apart.
pub fn three_attempts() -> PumpPolicy {
    PumpPolicy {
        retry: guichet_domain::schedule::RetryPolicy {
            max_attempts: 3,
            first_delay: chrono::Duration::seconds(1),
            max_delay: chrono::Duration::seconds(1),
        },
        ..PumpPolicy::default()
    }
}

/// A change with `events` events and no other row.
pub fn events_change(events: usize) -> ChangeSet {
    let author = Author::system("test");
    ChangeSet {
        events: (0..events)
            .map(|_| sessions_purged_event(&author, 0, start()))
            .collect(),
        ..change()
    }
}

/// A node in a runtime of its own, on a thread, until it is killed: its
/// runtime is then dropped with every task in it, as a killed process's
/// would be, releasing nothing and renewing nothing.
pub struct DoomedNode {
    kill: tokio::sync::oneshot::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl DoomedNode {
    /// Starts `node` on its own store over `db`'s database.
    pub fn start<F, Fut>(db: &TestStore, node: F) -> Self
    where
        F: FnOnce(Arc<dyn Store>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let (url, schema) = (db.url.clone(), db.schema.clone());
        let (kill, killed) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let store = match schema {
                    Some(schema) => guichet_store::connect_postgres_schema(&url, &schema).await.unwrap(),
                    None => guichet_store::connect(&url).await.unwrap(),
                };
                tokio::spawn(node(store));
                let _ = killed.await;
            });
            runtime.shutdown_background();
        });
        Self { kill, thread }
    }

    /// Kills it.
    pub fn kill(self) {
        self.kill.send(()).unwrap();
        self.thread.join().unwrap();
    }
}

/// Gives job `name`'s lease to `owner` for an hour behind the store's
/// back, as a node that took it over after it lapsed would hold it.
pub async fn steal_lease(db: &TestStore, name: &str, owner: &str) {
    let sql = "UPDATE jobs SET lease_owner = $1, lease_until = $2 WHERE name = $3";
    let until = guichet_store::Stamp(guichet_store::conformance::now() + chrono::Duration::hours(1));
    match &db.schema {
        Some(schema) => {
            let options: sqlx::postgres::PgConnectOptions = db.url.parse().unwrap();
            let options = options
                .options([("search_path", schema.as_str())])
                .application_name(schema);
            let pool = sqlx::PgPool::connect_with(options).await.unwrap();
            sqlx::query(sql)
                .bind(owner)
                .bind(until)
                .bind(name)
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
        None => {
            let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
            sqlx::query(sql)
                .bind(owner)
                .bind(until)
                .bind(name)
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
    }
}
