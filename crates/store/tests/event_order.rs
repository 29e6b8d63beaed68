//! The event log read while writers commit out of id order: a reader that
//! runs throughout sees every event once, never skipping one whose
//! transaction was still in flight when it passed its id.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rand::Rng;

use guichet_domain::actor::Author;
use guichet_domain::event::sessions_purged_event;
use guichet_store::conformance::{change, now};
use guichet_store::testing::{Backend, TestStore, fresh, lock_event_log};
use guichet_store::{ChangeSet, EventPosition, Store};

/// Reads the log from the start until `done` is set and nothing more
/// comes; returns every event read, as (id, change), in the order read.
fn read_throughout(store: Arc<dyn Store>, done: Arc<AtomicBool>) -> tokio::task::JoinHandle<Vec<(i64, i64)>> {
    tokio::spawn(async move {
        let mut cursor = EventPosition::default();
        let mut seen = Vec::new();
        loop {
            let finished = done.load(Ordering::SeqCst);
            let batch = store.events_after(cursor, 50).await.unwrap();
            if let Some(last) = batch.last() {
                cursor = last.position;
            }
            seen.extend(batch.iter().map(|e| (e.position.0, e.change.0)));
            if batch.is_empty() {
                if finished {
                    return seen;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
    })
}

/// One event-only change, as the session purge writes.
fn purge_change() -> ChangeSet {
    events_change(1)
}

/// A change of `count` events and no other row.
fn events_change(count: usize) -> ChangeSet {
    let author = Author::system("test");
    ChangeSet {
        events: (0..count).map(|_| sessions_purged_event(&author, 0, now())).collect(),
        ..change()
    }
}

/// Asserts the reader saw each committed event exactly once, in order, and
/// each change's events side by side.
async fn assert_every_event_read_once(db: &TestStore, read: &[(i64, i64)]) {
    let seen: Vec<i64> = read.iter().map(|(id, _)| *id).collect();
    let mut changes_seen = std::collections::HashSet::new();
    for (i, (_, change)) in read.iter().enumerate() {
        let continues = i > 0 && read[i - 1].1 == *change;
        assert!(
            continues || changes_seen.insert(*change),
            "change {change} is split in the log"
        );
    }
    let stored: Vec<i64> = db
        .store
        .events_after(EventPosition::default(), 100_000)
        .await
        .unwrap()
        .iter()
        .map(|e| e.position.0)
        .collect();
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "read in order, none twice");
    let missed: BTreeSet<_> = stored.iter().filter(|id| !seen.contains(*id)).collect();
    assert!(
        missed.is_empty(),
        "{} of {} events skipped: {missed:?}",
        missed.len(),
        stored.len()
    );
    assert_eq!(seen.len(), stored.len());
}

/// Nodes committing at once, each through its own store and writer, changes
/// of several events each, while a reader on a third store runs throughout.
async fn many_nodes_commit_while_a_reader_runs(db: TestStore, nodes: Vec<Arc<dyn Store>>) {
    let done = Arc::new(AtomicBool::new(false));
    let reader = read_throughout(db.store.clone(), done.clone());
    let mut writers = tokio::task::JoinSet::new();
    for node in nodes {
        for _ in 0..4 {
            let node = node.clone();
            writers.spawn(async move {
                for n in 0..50 {
                    node.commit(events_change(1 + n % 3)).await.unwrap();
                }
            });
        }
    }
    writers.join_all().await;
    done.store(true, Ordering::SeqCst);
    let seen = reader.await.unwrap();
    let per_writer: usize = (0..50).map(|n| 1 + n % 3).sum();
    assert_eq!(seen.len(), 3 * 4 * per_writer);
    assert_every_event_read_once(&db, &seen).await;
}

#[tokio::test]
async fn sqlite_writers_of_one_file_are_read_in_full() {
    let db = fresh(Backend::Sqlite).await.unwrap();
    let mut nodes = Vec::new();
    for _ in 0..3 {
        nodes.push(guichet_store::connect(&db.url).await.unwrap());
    }
    many_nodes_commit_while_a_reader_runs(db, nodes).await;
}

#[tokio::test]
async fn postgres_nodes_committing_at_once_are_read_in_full() {
    let Some(db) = fresh(Backend::Postgres).await else {
        return;
    };
    let schema = db.schema.clone().unwrap();
    let mut nodes = Vec::new();
    for _ in 0..3 {
        nodes.push(guichet_store::connect_postgres_schema(&db.url, &schema).await.unwrap());
    }
    many_nodes_commit_while_a_reader_runs(db, nodes).await;
}

/// Writers by hand, as the store's writers do: other work first, then the
/// event log's lock, two events of one change, a pause, the commit. The
/// pauses would let ids be taken in one order and committed in another,
/// and interleave two transactions' events, but for the lock: a reader
/// that runs throughout must see every event once, each change whole.
#[tokio::test]
async fn postgres_writers_committing_in_a_staggered_order_lose_no_event() {
    let Some(db) = fresh(Backend::Postgres).await else {
        return;
    };
    let schema = db.schema.clone().unwrap();
    let options: sqlx::postgres::PgConnectOptions = db.url.parse().unwrap();
    let options = options
        .options([("search_path", schema.as_str())])
        .application_name(&schema);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(12)
        .connect_with(options)
        .await
        .unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let reader = read_throughout(db.store.clone(), done.clone());
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..10 {
        let pool = pool.clone();
        writers.spawn(async move {
            for n in 0..12 {
                let mut tx = pool.begin().await.unwrap();
                let work = rand::rng().random_range(0..20);
                tokio::time::sleep(Duration::from_millis(work)).await;
                lock_event_log(&mut tx).await.unwrap();
                for _ in 0..2 {
                    sqlx::query(
                        "INSERT INTO events (change_id, kind, ticket_id, actor_id, actor_reason, payload, created_at) \
                         VALUES ($1, 'sessions.purged', NULL, NULL, 'test', '{}', CURRENT_TIMESTAMP)",
                    )
                    .bind(writer * 1_000 + n)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                    let pause = rand::rng().random_range(0..5);
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                }
                tx.commit().await.unwrap();
            }
        });
    }
    writers.join_all().await;
    done.store(true, Ordering::SeqCst);
    let seen = reader.await.unwrap();
    assert_eq!(seen.len(), 10 * 12 * 2);
    assert_every_event_read_once(&db, &seen).await;
}

/// A node waiting for events wakes when another node commits some: the
/// database notifies every node at commit.
#[tokio::test]
async fn postgres_nodes_wake_each_other_on_new_events() {
    let Some(db) = fresh(Backend::Postgres).await else {
        return;
    };
    let other = guichet_store::connect_postgres_schema(&db.url, db.schema.as_deref().unwrap())
        .await
        .unwrap();
    let mut signal = db.store.event_signal();
    // The listener announces itself once connected; then it is listening.
    tokio::time::timeout(Duration::from_secs(5), signal.changed())
        .await
        .unwrap()
        .unwrap();
    other.commit(purge_change()).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), signal.changed())
        .await
        .expect("woken by the other node's commit")
        .unwrap();
    let quiet = tokio::time::timeout(Duration::from_millis(300), signal.changed()).await;
    assert!(quiet.is_err(), "no commit, no wake-up");
}

/// On SQLite, the store's own commits wake its waiters.
#[tokio::test]
async fn sqlite_commits_wake_the_same_store() {
    let db = fresh(Backend::Sqlite).await.unwrap();
    let mut signal = db.store.event_signal();
    signal.borrow_and_update();
    db.store.commit(purge_change()).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), signal.changed())
        .await
        .expect("woken by the commit")
        .unwrap();
    db.store.commit(change()).await.unwrap();
    let quiet = tokio::time::timeout(Duration::from_millis(300), signal.changed()).await;
    assert!(quiet.is_err(), "a change without events wakes nobody");
}

/// What a commit promises is what the writing connection is set to.
#[tokio::test]
async fn durability_is_as_configured() {
    use guichet_store::{Durability, StoreOptions};
    let full = StoreOptions {
        durability: Durability::Full,
    };
    let db = fresh(Backend::Sqlite).await.unwrap();
    assert_eq!(db.store.durability().await.unwrap(), Durability::Normal);
    let synced = guichet_store::connect_with(&db.url, full).await.unwrap();
    assert_eq!(synced.durability().await.unwrap(), Durability::Full);
    let Some(pg) = fresh(Backend::Postgres).await else {
        return;
    };
    let schema = pg.schema.clone().unwrap();
    let synced = guichet_store::connect_postgres_schema_with(&pg.url, &schema, full)
        .await
        .unwrap();
    assert_eq!(synced.durability().await.unwrap(), Durability::Full);
    let server: String = sqlx::query_scalar("SHOW synchronous_commit")
        .fetch_one(&sqlx::PgPool::connect(&pg.url).await.unwrap())
        .await
        .unwrap();
    let expected = if server == "off" {
        Durability::Normal
    } else {
        Durability::Full
    };
    assert_eq!(
        pg.store.durability().await.unwrap(),
        expected,
        "normal keeps the server's {server}"
    );
}
