//! Labels stored as codes (`src/code.rs`): the database's `label_codes`
//! table agrees with the domain, and the migration that introduced codes
//! turns an older database's labels into them, or, meeting a label it does
//! not know, fails and leaves that database as it was. On both backends.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use guichet_domain::Labelled;
use guichet_domain::article::ArticleKind;
use guichet_domain::ids::TicketId;
use guichet_domain::priority::Priority;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::ticket::{NotificationMode, Visibility};
use guichet_store::testing::EmptySchema;
use guichet_store::{Store, connect, connect_postgres_schema};
use sqlx::migrate::Migrator;
use sqlx::{PgPool, SqlitePool};

/// The first migration that stores codes.
const CODES_MIGRATION: i64 = 20261129000002;

/// `label_codes` as the domain says it must be, ordered by set and code.
fn expected_codes() -> Vec<(String, i64, String)> {
    fn set<T: Labelled>(name: &str) -> Vec<(String, i64, String)> {
        T::VALUES
            .iter()
            .map(|v| {
                (
                    name.to_owned(),
                    i64::try_from(v.position()).unwrap(),
                    v.label().to_owned(),
                )
            })
            .collect()
    }
    let mut all = [
        set::<ArticleKind>("articles.kind"),
        set::<NotificationMode>("tickets.notification_mode"),
        set::<Priority>("tickets.priority"),
        set::<Qualifier>("tickets.qualifier"),
        set::<Status>("tickets.status"),
        set::<Visibility>("tickets.visibility"),
    ]
    .concat();
    all.sort();
    all
}

const CODES_QUERY: &str = "SELECT label_set, CAST(code AS BIGINT), label FROM label_codes ORDER BY label_set, code";

/// The migrations of `folder` older than the codes.
async fn before_codes(folder: &str) -> Migrator {
    let mut migrator = Migrator::new(Path::new(folder)).await.unwrap();
    let older: Vec<_> = migrator
        .migrations
        .iter()
        .filter(|m| m.version < CODES_MIGRATION)
        .cloned()
        .collect();
    assert!(older.len() < migrator.migrations.len(), "the codes migration exists");
    migrator.migrations = Cow::Owned(older);
    migrator
}

/// Data written the way Guichet wrote it before codes; `{at}` is a moment.
const OLDER_DATA: &str = "
    INSERT INTO users (id, email, name, role, created_at)
        VALUES (1, 'ada@example.org', 'Ada', 'requester', {at});
    INSERT INTO units (id, name, kind, qos_level) VALUES (1, 'First level', 'first-level', 'base');
    INSERT INTO tickets (id, subject, description, submitter_id, priority, original_priority, unit_id,
            notification_mode, visibility, status, qualifier, locked, created_at, updated_at,
            status_changed_at, assigned_at, version)
        VALUES (1, 'Waiting', 'd', 1, 'less urgent', 'less urgent', 1, 'on solution', 'public',
            'waiting for reply', NULL, FALSE, {at}, {at}, {at}, {at}, 1),
               (2, 'Solved', 'd', 1, 'top priority', 'urgent', 1, 'on every change', 'private',
            'solved', 'fixed (workaround)', FALSE, {at}, {at}, {at}, {at}, 1);
    INSERT INTO articles (id, ticket_id, kind, body, author_id, created_at)
        VALUES (1, 2, 'internal note', 'Restarted it.', 1, {at}), (2, 2, 'solution', 'Fixed.', 1, {at});
";

/// Checks what the store reads from the data of [`OLDER_DATA`].
async fn assert_older_data_kept(store: &dyn Store) {
    let waiting = store.ticket(TicketId(1)).await.unwrap().ticket;
    assert_eq!(
        (waiting.status, waiting.qualifier, waiting.priority),
        (Status::WaitingForReply, None, Priority::LessUrgent)
    );
    assert_eq!(
        (waiting.notification_mode, waiting.visibility),
        (NotificationMode::OnSolution, Visibility::Public)
    );
    let solved = store.ticket(TicketId(2)).await.unwrap().ticket;
    assert_eq!(
        (
            solved.status,
            solved.qualifier,
            solved.priority,
            solved.original_priority
        ),
        (
            Status::Solved,
            Some(Qualifier::FixedWorkaround),
            Priority::TopPriority,
            Priority::Urgent
        )
    );
    assert_eq!(
        (solved.notification_mode, solved.visibility),
        (NotificationMode::OnEveryChange, Visibility::Private)
    );
    let kinds: Vec<_> = store
        .articles(solved.id, true)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .collect();
    assert_eq!(kinds, [ArticleKind::InternalNote, ArticleKind::Solution]);
    assert_older_tickets_found(store).await;
}

/// The tickets stored before the search index existed are indexed when
/// the store opens.
async fn assert_older_tickets_found(store: &dyn Store) {
    use guichet_domain::search::{MatchQuery, SearchQuery};
    use guichet_store::{PageRequest, SearchDoc, SearchFilter, SearchRequest, SearchViewer};
    for (text, doc) in [
        ("waiting", SearchDoc::Ticket(TicketId(1))),
        ("fixed", SearchDoc::Ticket(TicketId(2))),
        ("restarted", SearchDoc::Notes(TicketId(2))),
    ] {
        let request = SearchRequest {
            query: MatchQuery::of(&SearchQuery::parse(text).unwrap()).unwrap(),
            numbered: vec![],
            filter: SearchFilter::default(),
            viewer: SearchViewer::Supporter,
            page: PageRequest { page: 1, per_page: 10 },
            weights: vec![],
            matched_by: None,
        };
        let found: Vec<SearchDoc> = store
            .search(&request)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|h| h.doc)
            .collect();
        assert_eq!(found, [doc], "{text}");
    }
}

mod sqlite {
    use super::*;

    fn database(name: &str) -> (PathBuf, String) {
        let dir = guichet_store::testing::temp_folder(&format!("codes-{name}"));
        let url = format!("sqlite://{}/g.db?mode=rwc", dir.display());
        (dir, url)
    }

    /// A database at the schema before codes, holding `data`.
    async fn older(name: &str, data: &str) -> (PathBuf, String) {
        let (dir, url) = database(name);
        let pool = SqlitePool::connect(&url).await.unwrap();
        before_codes("migrations/sqlite").await.run(&pool).await.unwrap();
        sqlx::raw_sql(&data.replace("{at}", "0")).execute(&pool).await.unwrap();
        pool.close().await;
        (dir, url)
    }

    #[tokio::test]
    async fn label_codes_agree_with_the_domain() {
        let (dir, url) = database("agree");
        drop(connect(&url).await.unwrap());
        let pool = SqlitePool::connect(&url).await.unwrap();
        let stored: Vec<(String, i64, String)> = sqlx::query_as(CODES_QUERY).fetch_all(&pool).await.unwrap();
        assert_eq!(stored, expected_codes());
        pool.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn an_older_database_gets_codes_for_its_labels() {
        let (dir, url) = older("older", OLDER_DATA).await;
        let store = connect(&url).await.unwrap();
        let wal = std::fs::metadata(dir.join("g.db-wal")).unwrap().len();
        assert_eq!(wal, 0, "the migration's WAL is checkpointed and truncated");
        assert_older_data_kept(store.as_ref()).await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn an_unknown_label_stops_the_migration_and_changes_nothing() {
        let cases = [
            (
                "status",
                "'pending', NULL",
                "pending",
                "NOT NULL constraint failed: tickets.status",
            ),
            (
                "qualifier",
                "'waiting for reply', 'fixed?'",
                "fixed?",
                "every_stored_qualifier_has_a_code",
            ),
        ];
        for (column, values, label, expected) in cases {
            let data = OLDER_DATA.replace("'waiting for reply', NULL", values);
            let (dir, url) = older(column, &data).await;
            let error = connect(&url).await.err().expect("the migration fails").to_string();
            assert!(error.contains(expected), "{error}");
            let pool = SqlitePool::connect(&url).await.unwrap();
            let kept: String = sqlx::query_scalar(&format!("SELECT {column} FROM tickets WHERE id = 1"))
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(kept, label, "the older data is left as it was");
            pool.close().await;
            std::fs::remove_dir_all(dir).unwrap();
        }
    }
}

mod postgres {
    use super::*;

    /// A schema at the schema before codes, holding `data`.
    async fn older(data: &str) -> Option<(EmptySchema, PgPool)> {
        let schema = EmptySchema::create().await?;
        let pool = PgPool::connect_with(schema.options()).await.unwrap();
        before_codes("migrations/postgres").await.run(&pool).await.unwrap();
        sqlx::raw_sql(&data.replace("{at}", "TIMESTAMPTZ '2020-01-01 00:00:00Z'"))
            .execute(&pool)
            .await
            .unwrap();
        Some((schema, pool))
    }

    #[tokio::test]
    async fn label_codes_agree_with_the_domain() {
        let Some(schema) = EmptySchema::create().await else {
            return;
        };
        drop(connect_postgres_schema(&schema.url, &schema.name).await.unwrap());
        let pool = PgPool::connect_with(schema.options()).await.unwrap();
        let stored: Vec<(String, i64, String)> = sqlx::query_as(CODES_QUERY).fetch_all(&pool).await.unwrap();
        assert_eq!(stored, expected_codes());
        pool.close().await;
    }

    #[tokio::test]
    async fn an_older_database_gets_codes_for_its_labels() {
        let Some((schema, pool)) = older(OLDER_DATA).await else {
            return;
        };
        pool.close().await;
        let store = connect_postgres_schema(&schema.url, &schema.name).await.unwrap();
        assert_older_data_kept(store.as_ref()).await;
    }

    #[tokio::test]
    async fn an_unknown_label_stops_the_migration_and_changes_nothing() {
        let data = OLDER_DATA.replace("'waiting for reply', NULL", "'pending', NULL");
        let Some((schema, pool)) = older(&data).await else {
            return;
        };
        let error = connect_postgres_schema(&schema.url, &schema.name)
            .await
            .err()
            .expect("the migration fails")
            .to_string();
        assert!(
            error.contains("no code for the label 'pending' in tickets.status"),
            "{error}"
        );
        let kept: String = sqlx::query_scalar("SELECT status FROM tickets WHERE id = 1")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(kept, "pending", "the older data is left as it was");
        pool.close().await;
    }
}
