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

/// A fresh store on `backend`, or `None` if PostgreSQL is unreachable outside CI.
pub async fn fresh(backend: Backend) -> Option<TestStore> {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("guichet-{}", unique_name()));
            std::fs::create_dir_all(&dir).expect("temporary directory");
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
            if std::env::var_os("GUICHET_TEST_SKIP_POSTGRES").is_some() && std::env::var("CI").as_deref() != Ok("true")
            {
                eprintln!("NOTICE: GUICHET_TEST_SKIP_POSTGRES is set; skipping this PostgreSQL test");
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
                Err(error) if std::env::var("CI").as_deref() != Ok("true") => {
                    eprintln!("NOTICE: PostgreSQL at {url} is unreachable ({error}); skipping this PostgreSQL test");
                    None
                }
                Err(error) => panic!("PostgreSQL at {url} is required in CI: {error}"),
            }
        }
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Some(dir) = &self.sqlite_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(schema) = self.schema.take() {
            let url = self.url.clone();
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
    }
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
