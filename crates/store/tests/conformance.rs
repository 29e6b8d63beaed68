//! Runs the shared behavioural suite against SQLite and PostgreSQL.

use guichet_store::conformance::*;

guichet_store::backend_tests! {
    message_ids_find_their_ticket,
    notifications_are_queued_once,
    the_outbox_is_claimed_under_leases,
    users_are_unique_and_updatable,
    tokens_and_sessions_resolve,
    only_accounts_nothing_refers_to_are_deleted,
    moments_round_trip_exactly,
    units_keep_members_and_refuse_deletion_in_use,
    sites_come_with_their_unit,
    reference_data_and_routing_rules,
    tickets_round_trip_with_history_and_events,
    commits_are_atomic_and_versioned,
    listing_filters_paginates_and_hides_private_tickets,
    internal_notes_are_filtered,
    articles_move_their_ticket_forward,
    relations_are_listed_from_both_ends,
    attachments_are_deduplicated,
    a_ticket_comes_with_its_article_and_attachments_or_not_at_all,
    consumers_hold_leases_and_cursors,
    parked_changes_wait_for_an_operator,
    expired_leases_are_taken_over,
    jobs_run_once_per_slot,
    expired_sessions_end_with_a_change,
    a_bulk_load_beside_live_creations_keeps_every_ticket,
    bulk_loading_keeps_ids_consistent,
    bulk_loaded_tickets_keep_every_label,
    requesters_never_list_others_private_tickets,
    a_failed_bulk_load_leaves_nothing,
    concurrent_creations_are_independent,
    tickets_created_together_keep_their_own_rows,
    large_totals_are_capped,
    lists_come_in_each_order,
    preferences_default_until_chosen,
    subscriptions_are_listed_both_ways,
    idle_sessions_expire,
    sign_in_failures_count_in_windows,
    concurrent_sign_in_failures_all_count,
    open_tickets_come_with_their_clocks,
    quiet_tickets_can_be_left_out,
    answered_tickets_are_read_by_their_answer,
    deadline_passes_only_move_forward,
    a_deployment_secret_is_made_once,
    a_ticket_is_rated_once,
    calendars_are_set_replaced_and_removed,
    rota_shifts_are_written_by_changes_and_checked_when_replaced,
    search_finds_what_was_just_committed_by_its_forms,
    search_combines_words_phrases_prefixes_and_exclusions,
    search_ranks_and_pages,
    search_filters_tickets,
    search_keeps_private_tickets_and_notes_from_requesters,
    answers_are_written_listed_and_deleted,
    answers_are_searchable_by_who_may_read_them,
    portal_links_are_ordered_replaced_and_deleted,
    tickets_cite_answers_and_portal_links,
    bulk_loaded_tickets_are_found,
    similar_cases_are_solved_tickets_with_their_solutions,
    search_doc_counts_are_capped,
    search_ranks_a_common_word_by_title_then_newest,
    search_finds_the_newest_matches_behind_newer_tickets,
    search_doc_counts_agree_with_the_statistics,
    similar_cases_are_matched_by_the_words_within_the_budget,
    swaps_are_proposed_and_decided_once,
    blackouts_and_shift_contacts_are_replaced_per_site,
    feeds_are_found_by_secret_and_revoked,
}

/// `guichet generate` into a SQLite file that does not exist yet: built
/// aside, published whole, never over a database that appeared meanwhile.
mod fresh_sqlite_file {
    #![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

    use std::path::{Path, PathBuf};
    use std::str::FromStr;

    use guichet_domain::article::ArticleKind;
    use guichet_domain::ids::TicketId;
    use guichet_domain::role::Role;
    use guichet_store::conformance::{first_level, ticket, user};
    use guichet_store::*;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

    /// A new folder and the URL of `g.db` inside it.
    fn database(name: &str) -> (PathBuf, String) {
        let dir = guichet_store::testing::temp_folder(&format!("fresh-{name}"));
        let url = format!("sqlite://{}/g.db", dir.display());
        (dir, url)
    }

    /// A bulk load of ten tickets into a new `g.db`, not finished yet.
    async fn ten_loaded(name: &str) -> (PathBuf, String, BulkLoad) {
        let (dir, url) = database(name);
        let bulk = open_for_bulk_load(&url).await.unwrap();
        load(bulk.store().as_ref(), 10).await;
        (dir, url, bulk)
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Loads `count` tickets of two articles each through `store`.
    async fn load(store: &dyn Store, count: usize) {
        let unit = first_level(store).await;
        let author = user(store, "gen@example.org", Role::Requester).await;
        let template = ticket(store, author.id, "template", unit).await;
        let article = NewArticle {
            ticket: TicketId(0),
            kind: ArticleKind::PublicReply,
            body: "Restarted the service.".into(),
            html: None,
            author: Some(author.id),
            created_at: template.created_at,
        };
        let bulk = (0..count)
            .map(|_| BulkTicket {
                ticket: template.clone(),
                articles: vec![article.clone(), article.clone()],
            })
            .collect();
        store.bulk_insert(bulk).await.unwrap();
    }

    async fn raw(path: &Path) -> SqlitePool {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display())).unwrap();
        SqlitePool::connect_with(options).await.unwrap()
    }

    #[tokio::test]
    async fn is_built_aside_and_published_whole_in_wal_mode() {
        let (dir, url) = database("publish");
        let bulk = open_for_bulk_load(&url).await.unwrap();
        assert!(bulk.is_fresh_file());
        load(bulk.store().as_ref(), 300).await;
        let during = files(&dir);
        assert!(
            during.len() == 1 && during[0].starts_with("g.db.partial-"),
            "only the side file while loading: {during:?}"
        );
        bulk.finish().await.unwrap();
        assert_eq!(files(&dir), ["g.db"]);
        let pool = raw(&dir.join("g.db")).await;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(broken.is_empty(), "references hold although unchecked: {broken:?}");
        pool.close().await;
        let store = connect(&url).await.unwrap();
        assert_eq!(store.ticket_count().await.unwrap(), 301);
        let last = store.ticket(TicketId(301)).await.unwrap();
        assert_eq!(store.articles(last.ticket.id, true).await.unwrap().len(), 2);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn an_existing_database_is_loaded_in_place() {
        let (dir, url) = database("existing");
        drop(connect(&url).await.unwrap());
        let bulk = open_for_bulk_load(&url).await.unwrap();
        assert!(!bulk.is_fresh_file());
        load(bulk.store().as_ref(), 10).await;
        bulk.finish().await.unwrap();
        assert_eq!(connect(&url).await.unwrap().ticket_count().await.unwrap(), 11);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_database_that_appeared_meanwhile_is_left_alone() {
        let (dir, url, bulk) = ten_loaded("raced").await;
        let other = connect(&url).await.unwrap();
        let error = bulk.finish().await.unwrap_err();
        assert!(
            matches!(&error, StoreError::Conflict(m) if m.contains("appeared")),
            "{error}"
        );
        assert_eq!(
            other.ticket_count().await.unwrap(),
            0,
            "the other database is untouched"
        );
        assert!(
            files(&dir).iter().any(|f| f.starts_with("g.db.partial-")),
            "the load is kept"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn an_abandoned_load_leaves_nothing() {
        let (dir, _url, bulk) = ten_loaded("abandoned").await;
        drop(bulk);
        assert!(files(&dir).is_empty(), "{:?}", files(&dir));
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// What every SQLite connection of the server sets up.
mod sqlite_connections {
    use std::str::FromStr;

    use guichet_domain::ids::UserId;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

    #[tokio::test]
    async fn databases_are_in_wal_mode_and_check_references() {
        let dir = std::env::temp_dir().join(format!("guichet-wal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.db");
        let store = guichet_store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let orphan = store
            .create_api_token(UserId(424_242), "hash", guichet_store::conformance::now(), None)
            .await;
        assert!(orphan.is_err(), "a token for no user is refused: {orphan:?}");
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display())).unwrap();
        let pool = SqlitePool::connect_with(options).await.unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal", "the file was switched to WAL");
        pool.close().await;
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
