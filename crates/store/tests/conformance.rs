//! Runs the shared behavioural suite against SQLite and PostgreSQL.

use guichet_store::conformance::*;

guichet_store::backend_tests! {
    users_are_unique_and_updatable,
    tokens_and_sessions_resolve,
    moments_round_trip_exactly,
    units_keep_members_and_refuse_deletion_in_use,
    sites_come_with_their_unit,
    reference_data_and_routing_rules,
    tickets_round_trip_with_history_and_events,
    commits_are_atomic_and_versioned,
    listing_filters_paginates_and_hides_private_tickets,
    internal_notes_are_filtered,
    relations_are_listed_from_both_ends,
    attachments_are_deduplicated,
    consumers_follow_the_event_log,
    bulk_loading_keeps_ids_consistent,
    concurrent_creations_are_independent,
    large_totals_are_capped,
}
