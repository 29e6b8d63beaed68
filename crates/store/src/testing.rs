//! Fresh, isolated stores for tests: a temporary SQLite file, or a private
//! schema in the PostgreSQL named by `GUICHET_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`).
//!
//! When PostgreSQL is unreachable (or `GUICHET_TEST_SKIP_POSTGRES` is set,
//! as `scripts/test` does after announcing it), tests skip with a notice on
//! stderr, except in CI (`CI=true`), where they fail.

use std::path::PathBuf;
use std::sync::Arc;

use crate::{Store, connect, connect_postgres_schema};

/// The backends a test can run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A private schema in the test PostgreSQL.
    Postgres,
}

/// The PostgreSQL tests use.
pub fn postgres_url() -> String {
    std::env::var("GUICHET_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// An isolated store that cleans up after itself when dropped.
pub struct TestStore {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Its database URL (for starting a server on it).
    pub url: String,
    /// The PostgreSQL schema, if any (for connecting a server to it).
    pub schema: Option<String>,
    sqlite_dir: Option<PathBuf>,
}

fn unique_name() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "t{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A new, empty folder in the system's temporary folder, named after
/// `purpose`; the caller removes it.
pub fn temp_folder(purpose: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guichet-{purpose}-{}", unique_name()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    dir
}

/// A fresh store on `backend`, or `None` if PostgreSQL is unreachable outside CI.
pub async fn fresh(backend: Backend) -> Option<TestStore> {
    match backend {
        Backend::Sqlite => {
            let dir = temp_folder("store");
            let url = format!("sqlite://{}/guichet.db", dir.display());
            let store = connect(&url).await.expect("SQLite test store");
            Some(TestStore {
                store,
                url,
                schema: None,
                sqlite_dir: Some(dir),
            })
        }
        Backend::Postgres => {
            let url = postgres_url();
            if skipping_postgres() {
                return None;
            }
            let schema = unique_name();
            match connect_postgres_schema(&url, &schema).await {
                Ok(store) => Some(TestStore {
                    store,
                    url,
                    schema: Some(schema),
                    sqlite_dir: None,
                }),
                Err(error) => unreachable_postgres(&url, &error),
            }
        }
    }
}

/// Whether PostgreSQL tests are to skip: `GUICHET_TEST_SKIP_POSTGRES` is set
/// outside CI. Says so on stderr.
fn skipping_postgres() -> bool {
    let skip = std::env::var_os("GUICHET_TEST_SKIP_POSTGRES").is_some() && std::env::var("CI").as_deref() != Ok("true");
    if skip {
        eprintln!("NOTICE: GUICHET_TEST_SKIP_POSTGRES is set; skipping this PostgreSQL test");
    }
    skip
}

/// Skips (`None`) with a notice when PostgreSQL is unreachable, except in CI, where it panics.
fn unreachable_postgres<T>(url: &str, error: &dyn std::fmt::Display) -> Option<T> {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "PostgreSQL at {url} is required in CI: {error}"
    );
    eprintln!("NOTICE: PostgreSQL at {url} is unreachable ({error}); skipping this PostgreSQL test");
    None
}

/// An empty private schema in the test PostgreSQL, for tests of the
/// migrations themselves; dropped with everything in it when dropped.
pub struct EmptySchema {
    /// The server's URL.
    pub url: String,
    /// The schema's name.
    pub name: String,
}

impl EmptySchema {
    /// Creates the schema, or `None` when PostgreSQL tests skip (see [`fresh`]).
    pub async fn create() -> Option<Self> {
        let url = postgres_url();
        if skipping_postgres() {
            return None;
        }
        let name = unique_name();
        let created = async {
            let pool = sqlx::PgPool::connect(&url).await?;
            sqlx::query(&format!("CREATE SCHEMA \"{name}\"")).execute(&pool).await?;
            pool.close().await;
            Ok::<_, sqlx::Error>(())
        };
        match created.await {
            Ok(()) => Some(Self { url, name }),
            Err(error) => unreachable_postgres(&url, &error),
        }
    }

    /// Options for connections inside the schema, named after it.
    pub fn options(&self) -> sqlx::postgres::PgConnectOptions {
        use std::str::FromStr;
        sqlx::postgres::PgConnectOptions::from_str(&self.url)
            .expect("the test PostgreSQL URL")
            .options([("search_path", self.name.as_str())])
            .application_name(&self.name)
    }
}

impl Drop for EmptySchema {
    fn drop(&mut self) {
        drop_schema(self.url.clone(), std::mem::take(&mut self.name));
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Some(dir) = &self.sqlite_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(schema) = self.schema.take() {
            drop_schema(self.url.clone(), schema);
        }
    }
}

/// Drops `schema` and everything in it, after ending the connections named after it.
fn drop_schema(url: String, schema: String) {
    // Drop runs inside a runtime; the schema is dropped from a thread of its own.
    let dropped = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        runtime.block_on(async {
            let pool = sqlx::PgPool::connect(&url).await.ok()?;
            // The store's own connections may still hold a transaction
            // whose rollback waits for this blocked runtime: end them.
            sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1")
                .bind(&schema)
                .execute(&pool)
                .await
                .ok()?;
            sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                .execute(&pool)
                .await
                .ok()
        })
    });
    let _ = dropped.join();
}

/// Declares one `#[tokio::test]` per backend for each listed async test
/// function of the calling module taking a [`TestStore`]: `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                if let Some(store) = $crate::testing::fresh($crate::testing::Backend::Sqlite).await {
                    super::$name(store).await;
                }
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(store) = $crate::testing::fresh($crate::testing::Backend::Postgres).await {
                    super::$name(store).await;
                }
            }
        }
    )*};
}

/// Takes the event log's lock in `tx`, as the store's writers do before
/// inserting their events: for tests that write events by hand, to control
/// when each transaction commits.
pub async fn lock_event_log(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>) -> crate::StoreResult<()> {
    crate::postgres::dialect::lock_event_log(tx).await
}

/// A write lock on a test database, held by a connection of its own until
/// released: the store's writes wait meanwhile.
pub enum WriteHold {
    /// An SQLite `BEGIN IMMEDIATE`.
    Sqlite(sqlx::SqliteConnection),
    /// A PostgreSQL transaction holding the tickets table.
    Postgres(sqlx::PgConnection),
}

/// Takes the write lock of `db`'s database: SQLite's, or the tickets
/// table's on PostgreSQL.
pub async fn hold_writes(db: &TestStore) -> WriteHold {
    use sqlx::Connection;
    match &db.schema {
        Some(schema) => {
            use std::str::FromStr;
            let options = sqlx::postgres::PgConnectOptions::from_str(&db.url)
                .expect("the test PostgreSQL URL")
                .options([("search_path", schema.as_str())])
                .application_name(schema);
            let mut connection = sqlx::PgConnection::connect_with(&options).await.expect("a connection");
            for sql in ["BEGIN", "LOCK TABLE tickets IN SHARE ROW EXCLUSIVE MODE"] {
                sqlx::query(sql).execute(&mut connection).await.expect("the lock");
            }
            WriteHold::Postgres(connection)
        }
        None => {
            let mut connection = sqlx::SqliteConnection::connect(&db.url).await.expect("a connection");
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut connection)
                .await
                .expect("the lock");
            WriteHold::Sqlite(connection)
        }
    }
}

impl WriteHold {
    /// Releases the lock.
    pub async fn release(self) {
        match self {
            Self::Sqlite(mut connection) => {
                sqlx::query("COMMIT")
                    .execute(&mut connection)
                    .await
                    .expect("the release");
            }
            Self::Postgres(mut connection) => {
                sqlx::query("COMMIT")
                    .execute(&mut connection)
                    .await
                    .expect("the release");
            }
        }
    }
}
