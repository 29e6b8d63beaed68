//! Storage: one interface, [`Store`], with a SQLite and a PostgreSQL backend.
//!
//! The SQL both backends share is written once, in `shared/`, and compiled
//! for each backend with its concrete sqlx types (no `Any` driver). Only what
//! must differ lives in `sqlite/` and `postgres/`: connection set-up, schema
//! types, the bulk loader's id sequence, how events are read in commit
//! order, and the database clock of leases. Every write of a use case goes
//! through [`Store::commit`] or a single-purpose method, each in one transaction.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use guichet_domain::article::Article;
use guichet_domain::event::HistoryEntry;
use guichet_domain::ids::{
    AnswerId, AttachmentId, CategoryId, ChangeId, FeedId, IssueTypeId, ParkedId, PortalLinkId, RelationId,
    RoutingRuleId, SiteId, SwapId, TicketId, UnitId, UserId, VoId,
};
use guichet_domain::knowledge::{Answer, Bilingual, Category, CitationTarget, PortalLink};
use guichet_domain::preferences::Preferences;
use guichet_domain::reference::{IssueType, Site, Unit, Vo};
use guichet_domain::relation::Relation;
use guichet_domain::routing::RoutingRule;
use guichet_domain::status::Status;

mod bulk_load;
mod code;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod error;
pub mod knowledge;
pub mod model;
mod postgres;
pub mod rota;
pub mod search;
mod shapes;
mod sqlite;
mod stamp;
#[cfg(feature = "conformance")]
pub mod testing;

pub use bulk_load::{BulkLoad, open_for_bulk_load};
pub use error::{StoreError, StoreResult};
pub use knowledge::*;
pub use model::*;
pub use rota::*;
pub use search::*;
pub use stamp::Stamp;

/// The most ids [`Store::ticket_clocks`] is given at once (each is a bound
/// parameter of one query).
pub const MAX_CLOCKS_PER_READ: usize = 1_000;

/// The storage interface every channel and use case goes through.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which backend this is: `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Checks the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// What a commit promises, as the writing connection was found set when
    /// the store opened.
    async fn durability(&self) -> StoreResult<Durability>;

    // Users and authentication.
    /// Creates a user.
    async fn create_user(&self, user: NewUser) -> StoreResult<User>;
    /// A user by id.
    async fn user(&self, id: UserId) -> StoreResult<User>;
    /// A user by e-mail address (lower-case).
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>>;
    /// All users, by id.
    async fn users(&self) -> StoreResult<Vec<User>>;
    /// Changes a user.
    async fn update_user(&self, id: UserId, patch: UserPatch) -> StoreResult<User>;
    /// Deletes an account that nothing refers to; its tokens, sessions and
    /// memberships go with it. `Conflict` if it submitted, wrote or changed anything.
    async fn delete_user(&self, id: UserId) -> StoreResult<()>;
    /// Stores an API token's hash, made at `created_at`.
    async fn create_api_token(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()>;
    /// The user owning a token hash, with the token's expiry.
    async fn user_by_api_token(&self, token_hash: &str) -> StoreResult<Option<(User, Option<DateTime<Utc>>)>>;
    /// Stores a web session's hash, opened at `created_at`.
    async fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The user owning a session hash, with the moments that end it.
    async fn user_by_session(&self, token_hash: &str) -> StoreResult<Option<SessionOwner>>;
    /// Records that a session was used at `at` (never moving it back).
    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Up to `limit` hashes of sessions past their end at `before`, or
    /// unused since before `idle_since`.
    async fn expired_sessions(
        &self,
        before: DateTime<Utc>,
        idle_since: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<String>>;
    /// Counts a failed sign-in under `key` at `at` and returns the count of
    /// its window; a window that began before `window_since` starts anew.
    /// Atomic, so that nodes counting together lose no failure.
    async fn count_sign_in_failure(
        &self,
        key: &str,
        at: DateTime<Utc>,
        window_since: DateTime<Utc>,
    ) -> StoreResult<FailureCount>;
    /// The failed sign-ins counted under `key`, if any.
    async fn sign_in_failures(&self, key: &str) -> StoreResult<Option<FailureCount>>;
    /// Forgets the failures under `key` (after a successful sign-in).
    async fn clear_sign_in_failures(&self, key: &str) -> StoreResult<()>;
    /// Forgets the windows that began before `before`; returns how many.
    async fn forget_sign_in_failures(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    // Preferences and subscriptions.
    /// A user's preferences; the defaults if they chose nothing.
    async fn preferences(&self, user: UserId) -> StoreResult<Preferences>;
    /// Replaces a user's preferences.
    async fn set_preferences(&self, user: UserId, preferences: &Preferences) -> StoreResult<()>;
    /// Subscribes `user` to `ticket`; false if they already were.
    async fn subscribe(&self, ticket: TicketId, user: UserId, at: DateTime<Utc>) -> StoreResult<bool>;
    /// Unsubscribes `user` from `ticket`; false if they were not.
    async fn unsubscribe(&self, ticket: TicketId, user: UserId) -> StoreResult<bool>;
    /// Who is subscribed to `ticket`, by id.
    async fn subscribers(&self, ticket: TicketId) -> StoreResult<Vec<UserId>>;
    /// The tickets `user` is subscribed to, newest first.
    async fn subscriptions(&self, user: UserId) -> StoreResult<Vec<TicketId>>;

    // Reference data.
    /// Creates a unit.
    async fn create_unit(&self, unit: UnitInput) -> StoreResult<Unit>;
    /// A unit by id.
    async fn unit(&self, id: UnitId) -> StoreResult<Unit>;
    /// All units, by name.
    async fn units(&self) -> StoreResult<Vec<Unit>>;
    /// Replaces a unit's fields and members.
    async fn update_unit(&self, id: UnitId, unit: UnitInput) -> StoreResult<Unit>;
    /// Deletes a unit that no ticket or site refers to.
    async fn delete_unit(&self, id: UnitId) -> StoreResult<()>;
    /// Creates a site and its own unit, together.
    async fn create_site(&self, site: SiteInput) -> StoreResult<Site>;
    /// A site by id.
    async fn site(&self, id: SiteId) -> StoreResult<Site>;
    /// All sites, by name.
    async fn sites(&self) -> StoreResult<Vec<Site>>;
    /// Renames a site (its unit follows).
    async fn update_site(&self, id: SiteId, site: SiteInput) -> StoreResult<Site>;
    /// Deletes a site no ticket refers to, and its unit.
    async fn delete_site(&self, id: SiteId) -> StoreResult<()>;
    /// Creates a VO.
    async fn create_vo(&self, name: &str) -> StoreResult<Vo>;
    /// All VOs, by name.
    async fn vos(&self) -> StoreResult<Vec<Vo>>;
    /// A VO by id.
    async fn vo(&self, id: VoId) -> StoreResult<Vo>;
    /// Renames a VO.
    async fn update_vo(&self, id: VoId, name: &str) -> StoreResult<Vo>;
    /// Deletes a VO no ticket refers to.
    async fn delete_vo(&self, id: VoId) -> StoreResult<()>;
    /// Creates a type of issue.
    async fn create_issue_type(&self, name: &str) -> StoreResult<IssueType>;
    /// All types of issue, by name.
    async fn issue_types(&self) -> StoreResult<Vec<IssueType>>;
    /// A type of issue by id.
    async fn issue_type(&self, id: IssueTypeId) -> StoreResult<IssueType>;
    /// Renames a type of issue.
    async fn update_issue_type(&self, id: IssueTypeId, name: &str) -> StoreResult<IssueType>;
    /// Deletes a type of issue no ticket refers to.
    async fn delete_issue_type(&self, id: IssueTypeId) -> StoreResult<()>;
    /// Creates or replaces the rule for a type of issue.
    async fn set_routing_rule(&self, issue_type: IssueTypeId, unit: UnitId) -> StoreResult<RoutingRule>;
    /// All routing rules.
    async fn routing_rules(&self) -> StoreResult<Vec<RoutingRule>>;
    /// Deletes a routing rule.
    async fn delete_routing_rule(&self, id: RoutingRuleId) -> StoreResult<()>;
    /// The first-level unit (the lowest id of kind first-level).
    async fn first_level_unit(&self) -> StoreResult<Option<UnitId>>;

    // Tickets.
    /// A ticket by id.
    async fn ticket(&self, id: TicketId) -> StoreResult<TicketView>;
    /// The ticket of the change that took `key`, if one did.
    async fn ticket_by_change_key(&self, key: &str) -> StoreResult<Option<TicketId>>;
    /// A page of tickets, most recently updated first.
    async fn tickets(&self, filter: &TicketFilter, page: PageRequest) -> StoreResult<Page<TicketView>>;
    /// Commits a use case's writes atomically: one change, with its new
    /// ticket, articles, attachments and events, or nothing. Changes that
    /// wait together share a transaction (group commit); each still gets
    /// its own outcome.
    async fn commit(&self, changes: ChangeSet) -> StoreResult<Committed>;
    /// A ticket's articles, oldest first; internal notes only if asked.
    async fn articles(&self, ticket: TicketId, with_internal: bool) -> StoreResult<Vec<Article>>;
    /// A ticket's history, oldest first.
    async fn history(&self, ticket: TicketId) -> StoreResult<Vec<HistoryEntry>>;
    /// Relations touching a ticket.
    async fn relations(&self, ticket: TicketId) -> StoreResult<Vec<Relation>>;
    /// A relation by id.
    async fn relation(&self, id: RelationId) -> StoreResult<Relation>;
    /// Ticket counts by status.
    async fn count_by_status(&self) -> StoreResult<Vec<(Status, i64)>>;

    // Attachments.
    /// An attachment's metadata.
    async fn attachment(&self, id: AttachmentId) -> StoreResult<Attachment>;
    /// An attachment's content.
    async fn attachment_content(&self, id: AttachmentId) -> StoreResult<Vec<u8>>;
    /// A ticket's attachments.
    async fn attachments(&self, ticket: TicketId) -> StoreResult<Vec<Attachment>>;
    /// How many distinct contents are stored (deduplication check).
    async fn blob_count(&self) -> StoreResult<i64>;

    // Events.
    /// Up to `limit` events after `after`, in the order consumers read,
    /// and only those no transaction still running can precede.
    async fn events_after(&self, after: EventPosition, limit: i64) -> StoreResult<Vec<StoredEvent>>;
    /// The events of `change` from `first` to `last`.
    async fn change_events(
        &self,
        change: ChangeId,
        first: EventPosition,
        last: EventPosition,
    ) -> StoreResult<Vec<StoredEvent>>;
    /// Gives consumer `name` to node `owner` for `lease` by the database's
    /// clock, if no other node holds an unexpired lease on it; registers
    /// the consumer if new. `None` when another node holds it.
    async fn claim_consumer(&self, name: &str, owner: &str, lease: Duration) -> StoreResult<Option<ConsumerState>>;
    /// Moves the cursor of a consumer `owner` still holds forward to `to`,
    /// clears its failure and renews its lease. False if the lease was lost
    /// (or the cursor is already past `to`).
    async fn advance_consumer(&self, name: &str, owner: &str, lease: Duration, to: EventPosition) -> StoreResult<bool>;
    /// Moves the cursor of a consumer `owner` holds to `to` (past what it
    /// handled before the failure) and records a failed attempt at the
    /// change after it, in one write. False if the lease was lost.
    async fn consumer_failed(&self, name: &str, owner: &str, to: EventPosition, failing: &Failing)
    -> StoreResult<bool>;
    /// Parks a change the consumer gave up on and moves its cursor past
    /// it, in one transaction. False if the lease was lost.
    async fn park_change(&self, name: &str, owner: &str, parked: &Parked) -> StoreResult<bool>;
    /// Gives up a consumer's lease, if `owner` holds it.
    async fn release_consumer(&self, name: &str, owner: &str) -> StoreResult<()>;
    /// The parked changes, oldest first; only `consumer`'s if given.
    async fn parked(&self, consumer: Option<&str>) -> StoreResult<Vec<Parked>>;
    /// `consumer`'s parked changes an operator asked to retry, oldest first.
    async fn parked_for_retry(&self, consumer: &str) -> StoreResult<Vec<Parked>>;
    /// Asks for another attempt at a parked change.
    async fn request_retry(&self, id: ParkedId) -> StoreResult<Parked>;
    /// Records the outcome of another attempt at a parked change: a
    /// success removes it, a failure keeps it with the new error.
    async fn retried(&self, id: ParkedId, error: Option<&str>) -> StoreResult<()>;
    /// A receiver that changes when events may have been added: by this
    /// store at once, and by other nodes on PostgreSQL (LISTEN/NOTIFY).
    fn event_signal(&self) -> tokio::sync::watch::Receiver<u64>;

    // Periodic jobs.
    /// Gives job `name` to node `owner` for `lease` by the database's
    /// clock, if it is due by `now` (or `force`) and no other node holds an
    /// unexpired lease on it; registers it as due at `now` if new.
    async fn claim_job(
        &self,
        name: &str,
        owner: &str,
        now: DateTime<Utc>,
        lease: Duration,
        force: bool,
    ) -> StoreResult<Option<JobState>>;
    /// Extends the lease `owner` holds on a job. False if it was lost.
    async fn renew_job(&self, name: &str, owner: &str, lease: Duration) -> StoreResult<bool>;
    /// Records the end of a run and frees the lease. False if it was lost.
    async fn finish_job(&self, name: &str, owner: &str, end: &JobEnd) -> StoreResult<bool>;
    /// Frees the lease `owner` holds on a job, leaving its schedule as it was.
    async fn release_job(&self, name: &str, owner: &str) -> StoreResult<()>;
    /// Every job's state, by name.
    async fn jobs(&self) -> StoreResult<Vec<JobState>>;

    // Deadlines.
    /// The ids of the open tickets, in order. With `quiet_before`, the
    /// tickets whose assignment and last status change both came before it
    /// are left out, unless they wait for a reply (see
    /// [`guichet_domain::deadlines::quiet_before`]).
    async fn open_ticket_ids(&self, quiet_before: Option<DateTime<Utc>>) -> StoreResult<Vec<TicketId>>;
    /// What the deadline scheduler needs of those of `ids` that are still
    /// open, in id order (at most [`MAX_CLOCKS_PER_READ`] ids at a time).
    async fn ticket_clocks(&self, ids: &[TicketId]) -> StoreResult<Vec<guichet_domain::deadlines::TicketClock>>;
    /// What the deadline scheduler needs of every open ticket, in id order.
    async fn open_ticket_clocks(&self) -> StoreResult<Vec<guichet_domain::deadlines::TicketClock>> {
        let ids = self.open_ticket_ids(None).await?;
        let mut all = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_CLOCKS_PER_READ) {
            all.extend(self.ticket_clocks(chunk).await?);
        }
        Ok(all)
    }
    /// The solved and unsolved tickets answered at or before `before`, in
    /// id order: those the automatic closure may be due for.
    async fn answered_before(&self, before: DateTime<Utc>) -> StoreResult<Vec<AnsweredTicket>>;
    /// Where deadline scheduler `name` stopped: the end of its last pass.
    async fn deadline_pass(&self, name: &str) -> StoreResult<Option<DateTime<Utc>>>;
    /// Records that scheduler `name` reached `at` (never moving it back).
    async fn set_deadline_pass(&self, name: &str, at: DateTime<Utc>) -> StoreResult<()>;

    // Mail.
    /// The first of `message_ids` (without angle brackets) that Guichet
    /// stored or sent, if any: its ticket, and whether it showed internal
    /// notes.
    async fn known_message(&self, message_ids: &[String]) -> StoreResult<Option<KnownMessage>>;
    /// The ticket of the first of `message_ids` that Guichet knows.
    async fn ticket_by_message_ids(&self, message_ids: &[String]) -> StoreResult<Option<TicketId>> {
        Ok(self.known_message(message_ids).await?.map(|m| m.ticket))
    }
    /// How many articles `author` added to `ticket` since `since`, counted
    /// up to `at_most`; without a ticket, how many tickets they opened
    /// since then (the mail gateway's rate limit).
    async fn messages_since(
        &self,
        author: UserId,
        ticket: Option<TicketId>,
        since: DateTime<Utc>,
        at_most: i64,
    ) -> StoreResult<i64>;
    /// Whether the first of `message_ids` that Guichet knows is a
    /// notification that showed internal notes.
    async fn answers_internal(&self, message_ids: &[String]) -> StoreResult<bool> {
        Ok(self.known_message(message_ids).await?.is_some_and(|m| m.internal))
    }
    /// The first Message-ID known for `ticket` (the mail that opened it,
    /// or its first notification): what its notifications answer.
    async fn ticket_message_root(&self, ticket: TicketId) -> StoreResult<Option<String>>;
    /// The HTML of the mail that opened `ticket`, if a mail did and had one.
    async fn description_html(&self, ticket: TicketId) -> StoreResult<Option<String>>;
    /// Queues notifications in one transaction, each once per change and
    /// recipient (a repeat is ignored), with their Message-IDs; returns how
    /// many were new.
    async fn enqueue_mail(&self, mails: &[NewOutgoingMail]) -> StoreResult<u64>;
    /// Leases to `owner`, for `lease` by the database's clock, up to
    /// `limit` pending notifications due at `now` that no one else holds.
    async fn claim_mail(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: Duration,
        limit: i64,
    ) -> StoreResult<Vec<OutgoingMail>>;
    /// Records how an attempt at mail `id` ended at `at`, and frees it.
    /// False if `owner` no longer held it.
    async fn finish_mail(&self, id: i64, owner: &str, at: DateTime<Utc>, outcome: &MailOutcome) -> StoreResult<bool>;
    /// The outbox, oldest first; only `ticket`'s mails if given.
    async fn outbox(&self, ticket: Option<TicketId>) -> StoreResult<Vec<OutgoingMail>>;
    /// A receiver that changes when this node queues notifications.
    fn mail_signal(&self) -> tokio::sync::watch::Receiver<u64>;

    // Confirmed closure.
    /// The deployment's secret `name`: the stored one, or `fresh` stored
    /// now if there was none. Nodes racing to make it all get the value
    /// that won.
    async fn deployment_secret(&self, name: &str, fresh: &[u8]) -> StoreResult<Vec<u8>>;
    /// Records a ticket's rating unless it has one; returns whether it did.
    async fn rate_ticket(&self, rating: &TicketRating) -> StoreResult<bool>;
    /// A ticket's rating, if it was rated.
    async fn ticket_rating(&self, ticket: TicketId) -> StoreResult<Option<TicketRating>>;

    // Bulk loading.
    /// Loads synthetic tickets fast, for benchmarks; returns how many. Their
    /// ids never collide with tickets created meanwhile (PostgreSQL takes
    /// them from the identity sequence; SQLite holds its write lock).
    async fn bulk_insert(&self, tickets: Vec<BulkTicket>) -> StoreResult<u64>;
    /// How many tickets there are.
    async fn ticket_count(&self) -> StoreResult<i64>;
    /// Refreshes the query planner's statistics, after a bulk load.
    async fn refresh_statistics(&self) -> StoreResult<()>;

    // Working-hours calendars.
    /// The stored calendars: the deployment's first, if set, then the
    /// units' overrides by unit id.
    async fn calendars(&self) -> StoreResult<Vec<StoredCalendar>>;
    /// Creates or replaces the calendar of `unit`, or the deployment's for
    /// `None`, set at `at`. `NotFound("unit")` if there is no such unit.
    async fn set_calendar(
        &self,
        unit: Option<UnitId>,
        spec: &guichet_domain::calendar::CalendarSpec,
        at: DateTime<Utc>,
    ) -> StoreResult<StoredCalendar>;
    /// Deletes a unit's override, which then counts in the deployment's
    /// calendar; false if it had none.
    async fn delete_calendar(&self, unit: UnitId) -> StoreResult<bool>;

    // The rota (its shifts, swaps and history are written by [`Store::commit`]).
    /// The shifts of the weeks from `from` (included) to `until`
    /// (excluded), in order.
    async fn rota_shifts(&self, from: NaiveDate, until: NaiveDate) -> StoreResult<Vec<StoredShift>>;
    /// The swap proposals, newest first; only the open ones if asked.
    async fn swaps(&self, open_only: bool) -> StoreResult<Vec<StoredSwap>>;
    /// A swap proposal by id.
    async fn swap(&self, id: SwapId) -> StoreResult<StoredSwap>;
    /// The rota's history, newest first, at most `limit` lines.
    async fn rota_history(&self, limit: i64) -> StoreResult<Vec<RotaEntry>>;
    /// The blackout dates of `site`, or of every site, by site then date.
    async fn blackouts(&self, site: Option<SiteId>) -> StoreResult<Vec<(SiteId, NaiveDate)>>;
    /// Replaces the blackout dates of `site`. `NotFound("site")` if there
    /// is no such site.
    async fn set_blackouts(&self, site: SiteId, dates: &[NaiveDate]) -> StoreResult<()>;
    /// The shift contacts of `site`, or of every site, by site then user.
    async fn shift_contacts(&self, site: Option<SiteId>) -> StoreResult<Vec<ShiftContact>>;
    /// Replaces the shift contacts of `site` (each contact's `site` is
    /// ignored). `NotFound` if the site or a user does not exist.
    async fn set_shift_contacts(&self, site: SiteId, contacts: &[ShiftContact]) -> StoreResult<()>;
    /// Stores a calendar feed's secret hash.
    async fn create_feed(
        &self,
        secret_hash: &str,
        owner: FeedOwner,
        created_by: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<StoredFeed>;
    /// The feed of a secret hash, revoked or not.
    async fn feed_by_secret(&self, secret_hash: &str) -> StoreResult<Option<StoredFeed>>;
    /// The feeds of `owner`, newest first.
    async fn feeds(&self, owner: FeedOwner) -> StoreResult<Vec<StoredFeed>>;
    /// Revokes a feed at `at`; false if it was already revoked.
    async fn revoke_feed(&self, id: FeedId, at: DateTime<Utc>) -> StoreResult<bool>;

    // Search (the index is written by [`Store::commit`] and the bulk loader).
    /// A page of what a search finds: the tickets it names by number
    /// first, then the matching documents by relevance, each with the
    /// texts its snippet is taken from. Counted up to 10,000, as lists are.
    async fn search(&self, request: &SearchRequest) -> StoreResult<Page<SearchHit>>;
    /// The bytes the search index takes on disk.
    async fn search_index_bytes(&self) -> StoreResult<i64>;
    /// How many documents of the index hold each of `tokens`, each counted
    /// up to `cap`.
    async fn search_doc_counts(&self, tokens: &[String], cap: i64) -> StoreResult<Vec<i64>>;
    /// The best `request.page.per_page` matches of `request` (its first
    /// page; nothing is counted), each with its last solution: what
    /// similar solved cases are found by, with `filter.solved_cases`.
    async fn similar(&self, request: &SearchRequest) -> StoreResult<Vec<SimilarHit>>;

    // The knowledge base and the portal.
    /// The answers' categories, by English name.
    async fn kb_categories(&self) -> StoreResult<Vec<Category>>;
    /// Creates a category.
    async fn create_kb_category(&self, name: &Bilingual) -> StoreResult<Category>;
    /// Renames a category; `NotFound` if there is none of that id.
    async fn rename_kb_category(&self, id: CategoryId, name: &Bilingual) -> StoreResult<Category>;
    /// Deletes a category; its answers keep no category.
    async fn delete_kb_category(&self, id: CategoryId) -> StoreResult<()>;
    /// Creates an answer and its search document, and the citation by
    /// its source ticket if it has one, in one transaction.
    async fn create_answer(&self, answer: NewAnswer) -> StoreResult<Answer>;
    /// An answer by id.
    async fn answer(&self, id: AnswerId) -> StoreResult<Answer>;
    /// The answers `filter` keeps, by id.
    async fn answers(&self, filter: &AnswerFilter) -> StoreResult<Vec<Answer>>;
    /// Replaces an answer's fields and its search document, changed at `at`.
    async fn update_answer(&self, id: AnswerId, input: AnswerInput, at: DateTime<Utc>) -> StoreResult<Answer>;
    /// Deletes an answer, its search document and the citations of it.
    async fn delete_answer(&self, id: AnswerId) -> StoreResult<()>;
    /// The portal's links, by position then id.
    async fn portal_links(&self) -> StoreResult<Vec<PortalLink>>;
    /// A portal link by id.
    async fn portal_link(&self, id: PortalLinkId) -> StoreResult<PortalLink>;
    /// Creates a portal link.
    async fn create_portal_link(&self, link: PortalLinkInput) -> StoreResult<PortalLink>;
    /// Replaces a portal link's fields.
    async fn update_portal_link(&self, id: PortalLinkId, link: PortalLinkInput) -> StoreResult<PortalLink>;
    /// Deletes a portal link and the citations of it.
    async fn delete_portal_link(&self, id: PortalLinkId) -> StoreResult<()>;
    /// Records that `ticket` cites `target`; false if it already did.
    /// `NotFound` if the ticket or the target does not exist.
    async fn cite(&self, ticket: TicketId, target: CitationTarget, by: UserId, at: DateTime<Utc>) -> StoreResult<bool>;
    /// Removes a citation; false if there was none.
    async fn uncite(&self, ticket: TicketId, target: CitationTarget) -> StoreResult<bool>;
    /// What `ticket` cites, oldest first.
    async fn citations(&self, ticket: TicketId) -> StoreResult<Vec<Citation>>;
    /// The tickets that cite `answer`, by id.
    async fn citing_tickets(&self, answer: AnswerId) -> StoreResult<Vec<TicketId>>;
}

/// How far a committed change is from being lost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Durability {
    /// SQLite syncs its log at checkpoints only (`synchronous=NORMAL` in
    /// WAL mode): a commit survives a crash of Guichet, not a power loss.
    /// PostgreSQL keeps the server's own setting.
    #[default]
    Normal,
    /// Every commit is on disk before it is acknowledged: SQLite syncs the
    /// log at each commit (`synchronous=FULL`), PostgreSQL's
    /// `synchronous_commit` is on for Guichet's connections.
    Full,
}

impl Durability {
    /// `normal` or `full`, as the `--durability` flag spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Full => "full",
        }
    }
}

/// How to open a store.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoreOptions {
    /// What a commit promises.
    pub durability: Durability,
}

/// Connects to `url` (`sqlite://…` or `postgres://…`) and applies migrations.
pub async fn connect(url: &str) -> StoreResult<Arc<dyn Store>> {
    connect_with(url, StoreOptions::default()).await
}

/// Connects to `url` with `options`, and applies migrations.
pub async fn connect_with(url: &str, options: StoreOptions) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::connect(url, options).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::connect(url, None, options).await?))
    } else {
        Err(StoreError::BadUrl(format!(
            "{url:?}: expected sqlite://PATH or postgres://…"
        )))
    }
}

/// Connects to PostgreSQL inside `schema` (created if missing), for isolated tests.
pub async fn connect_postgres_schema(url: &str, schema: &str) -> StoreResult<Arc<dyn Store>> {
    connect_postgres_schema_with(url, schema, StoreOptions::default()).await
}

/// Connects to PostgreSQL inside `schema` with `options`, for isolated tests.
pub async fn connect_postgres_schema_with(
    url: &str,
    schema: &str,
    options: StoreOptions,
) -> StoreResult<Arc<dyn Store>> {
    Ok(Arc::new(postgres::connect(url, Some(schema), options).await?))
}
