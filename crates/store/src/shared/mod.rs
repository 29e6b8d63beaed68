//! The SQL both backends share, written once.
//!
//! This module is compiled twice, once inside `sqlite` and once inside
//! `postgres`, each providing `Db` (its sqlx database type) and `dialect`
//! (the few statements that must differ). Both accept `$N` placeholders.

mod attachments;
mod bulk;
mod calendars;
mod changes;
mod closure;
mod committer;
mod deadlines;
mod event_log;
mod jobs;
mod knowledge;
mod mail;
mod people;
mod reference;
mod rota;
mod rows;
pub(super) mod search;
mod tickets;

use std::sync::OnceLock;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Pool;
use tokio::sync::{oneshot, watch};

use guichet_domain::article::Article;
use guichet_domain::event::HistoryEntry;
use guichet_domain::ids::{
    AnswerId, AttachmentId, CategoryId, ChangeId, IssueTypeId, ParkedId, PortalLinkId, RelationId, RoutingRuleId,
    SiteId, TicketId, UnitId, UserId, VoId,
};
use guichet_domain::knowledge::{Answer, Bilingual, Category, CitationTarget, PortalLink};
use guichet_domain::preferences::Preferences;
use guichet_domain::reference::{IssueType, Site, Unit, Vo};
use guichet_domain::relation::Relation;
use guichet_domain::routing::RoutingRule;
use guichet_domain::status::Status;

use super::{Db, dialect};
use crate::*;

mod users;

pub use mail::OUTBOX_COLUMNS;
pub use rows::JOB_COLUMNS;

/// Reads what a commit promises on the writing connection, once at start:
/// on SQLite that connection is the one writer, which a health check must
/// not queue behind.
pub(super) async fn durability_of(write: &Pool<Db>) -> StoreResult<Durability> {
    dialect::durability(write).await
}

/// A SQL store: reads go to `read`, transactions to `write`. On SQLite the
/// writer is a single connection (SQLite has one writer anyway); on
/// PostgreSQL both are the same pool.
pub struct SqlStore {
    read: Pool<Db>,
    write: Pool<Db>,
    backend: &'static str,
    committer: committer::Committer,
    durability: Durability,
    signal: watch::Sender<u64>,
    /// Moves on when this node queues notifications.
    mail_signal: watch::Sender<u64>,
    /// Set once something waits for events from other nodes; dropping it
    /// stops the listener.
    listening: OnceLock<oneshot::Sender<()>>,
}

impl SqlStore {
    /// A store over migrated pools; starts the writer. `durability` is what
    /// the writing connection was found set to.
    pub(super) fn new(read: Pool<Db>, write: Pool<Db>, backend: &'static str, durability: Durability) -> Self {
        let signal = watch::Sender::new(0);
        let committer = committer::Committer::spawn(write.clone(), signal.clone());
        Self {
            read,
            write,
            backend,
            committer,
            durability,
            signal,
            mail_signal: watch::Sender::new(0),
            listening: OnceLock::new(),
        }
    }

    /// Finishes opening: indexes for search the tickets an earlier
    /// version stored, once.
    pub(super) async fn opened(self) -> StoreResult<Self> {
        let indexed = search::backfill(&self).await?.unwrap_or(0);
        if indexed > 0 {
            tracing::info!(tickets = indexed, "indexed the stored tickets for search");
        }
        Ok(self)
    }

    /// Tells this node's mail sender that notifications were queued.
    fn signal_mail(&self) {
        self.mail_signal.send_modify(|n| *n = n.wrapping_add(1));
    }
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> &'static str {
        self.backend
    }
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }
    async fn durability(&self) -> StoreResult<Durability> {
        Ok(self.durability)
    }
    async fn create_user(&self, user: NewUser) -> StoreResult<User> {
        users::create_user(self, user).await
    }
    async fn user(&self, id: UserId) -> StoreResult<User> {
        users::user(self, id).await
    }
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>> {
        users::user_by_email(self, email).await
    }
    async fn users(&self) -> StoreResult<Vec<User>> {
        users::users(self).await
    }
    async fn update_user(&self, id: UserId, patch: UserPatch) -> StoreResult<User> {
        users::update_user(self, id, patch).await
    }
    async fn delete_user(&self, id: UserId) -> StoreResult<()> {
        users::delete_user(self, id).await
    }
    async fn create_api_token(
        &self,
        user: UserId,
        hash: &str,
        created_at: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        users::create_api_token(self, user, hash, created_at, expires_at).await
    }
    async fn user_by_api_token(&self, hash: &str) -> StoreResult<Option<(User, Option<DateTime<Utc>>)>> {
        users::user_by_api_token(self, hash).await
    }
    async fn create_session(
        &self,
        user: UserId,
        hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        users::create_session(self, user, hash, created_at, expires_at).await
    }
    async fn user_by_session(&self, hash: &str) -> StoreResult<Option<SessionOwner>> {
        users::user_by_session(self, hash).await
    }
    async fn touch_session(&self, hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        users::touch_session(self, hash, at).await
    }
    async fn delete_session(&self, hash: &str) -> StoreResult<()> {
        users::delete_session(self, hash).await
    }
    async fn expired_sessions(
        &self,
        before: DateTime<Utc>,
        idle_since: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<String>> {
        users::expired_sessions(self, before, idle_since, limit).await
    }
    async fn count_sign_in_failure(
        &self,
        key: &str,
        at: DateTime<Utc>,
        window_since: DateTime<Utc>,
    ) -> StoreResult<FailureCount> {
        people::count_sign_in_failure(self, key, at, window_since).await
    }
    async fn sign_in_failures(&self, key: &str) -> StoreResult<Option<FailureCount>> {
        people::sign_in_failures(self, key).await
    }
    async fn clear_sign_in_failures(&self, key: &str) -> StoreResult<()> {
        people::clear_sign_in_failures(self, key).await
    }
    async fn forget_sign_in_failures(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        people::forget_sign_in_failures(self, before).await
    }
    async fn preferences(&self, user: UserId) -> StoreResult<Preferences> {
        people::preferences(self, user).await
    }
    async fn set_preferences(&self, user: UserId, preferences: &Preferences) -> StoreResult<()> {
        people::set_preferences(self, user, preferences).await
    }
    async fn subscribe(&self, ticket: TicketId, user: UserId, at: DateTime<Utc>) -> StoreResult<bool> {
        people::subscribe(self, ticket, user, at).await
    }
    async fn unsubscribe(&self, ticket: TicketId, user: UserId) -> StoreResult<bool> {
        people::unsubscribe(self, ticket, user).await
    }
    async fn subscribers(&self, ticket: TicketId) -> StoreResult<Vec<UserId>> {
        people::subscribers(self, ticket).await
    }
    async fn subscriptions(&self, user: UserId) -> StoreResult<Vec<TicketId>> {
        people::subscriptions(self, user).await
    }
    async fn create_unit(&self, unit: UnitInput) -> StoreResult<Unit> {
        reference::create_unit(self, unit).await
    }
    async fn unit(&self, id: UnitId) -> StoreResult<Unit> {
        reference::unit(self, id).await
    }
    async fn units(&self) -> StoreResult<Vec<Unit>> {
        reference::units(self).await
    }
    async fn update_unit(&self, id: UnitId, unit: UnitInput) -> StoreResult<Unit> {
        reference::update_unit(self, id, unit).await
    }
    async fn delete_unit(&self, id: UnitId) -> StoreResult<()> {
        reference::delete_unit(self, id).await
    }
    async fn create_site(&self, site: SiteInput) -> StoreResult<Site> {
        reference::create_site(self, site).await
    }
    async fn site(&self, id: SiteId) -> StoreResult<Site> {
        reference::site(self, id).await
    }
    async fn sites(&self) -> StoreResult<Vec<Site>> {
        reference::sites(self).await
    }
    async fn update_site(&self, id: SiteId, site: SiteInput) -> StoreResult<Site> {
        reference::update_site(self, id, site).await
    }
    async fn delete_site(&self, id: SiteId) -> StoreResult<()> {
        reference::delete_site(self, id).await
    }
    async fn create_vo(&self, name: &str) -> StoreResult<Vo> {
        reference::create_vo(self, name).await
    }
    async fn vos(&self) -> StoreResult<Vec<Vo>> {
        reference::vos(self).await
    }
    async fn vo(&self, id: VoId) -> StoreResult<Vo> {
        reference::vo(self, id).await
    }
    async fn update_vo(&self, id: VoId, name: &str) -> StoreResult<Vo> {
        reference::update_vo(self, id, name).await
    }
    async fn delete_vo(&self, id: VoId) -> StoreResult<()> {
        reference::delete_vo(self, id).await
    }
    async fn create_issue_type(&self, name: &str) -> StoreResult<IssueType> {
        reference::create_issue_type(self, name).await
    }
    async fn issue_types(&self) -> StoreResult<Vec<IssueType>> {
        reference::issue_types(self).await
    }
    async fn issue_type(&self, id: IssueTypeId) -> StoreResult<IssueType> {
        reference::issue_type(self, id).await
    }
    async fn update_issue_type(&self, id: IssueTypeId, name: &str) -> StoreResult<IssueType> {
        reference::update_issue_type(self, id, name).await
    }
    async fn delete_issue_type(&self, id: IssueTypeId) -> StoreResult<()> {
        reference::delete_issue_type(self, id).await
    }
    async fn set_routing_rule(&self, issue_type: IssueTypeId, unit: UnitId) -> StoreResult<RoutingRule> {
        reference::set_routing_rule(self, issue_type, unit).await
    }
    async fn routing_rules(&self) -> StoreResult<Vec<RoutingRule>> {
        reference::routing_rules(self).await
    }
    async fn delete_routing_rule(&self, id: RoutingRuleId) -> StoreResult<()> {
        reference::delete_routing_rule(self, id).await
    }
    async fn first_level_unit(&self) -> StoreResult<Option<UnitId>> {
        reference::first_level_unit(self).await
    }
    async fn ticket(&self, id: TicketId) -> StoreResult<TicketView> {
        tickets::ticket(self, id).await
    }
    async fn ticket_by_change_key(&self, key: &str) -> StoreResult<Option<TicketId>> {
        Ok(
            sqlx::query_scalar::<_, Option<i64>>("SELECT ticket_id FROM change_keys WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.read)
                .await?
                .flatten()
                .map(TicketId),
        )
    }
    async fn tickets(&self, filter: &TicketFilter, page: PageRequest) -> StoreResult<Page<TicketView>> {
        tickets::tickets(self, filter, page).await
    }
    async fn commit(&self, changes: ChangeSet) -> StoreResult<Committed> {
        self.committer.commit(changes).await
    }
    async fn articles(&self, ticket: TicketId, with_internal: bool) -> StoreResult<Vec<Article>> {
        tickets::articles(self, ticket, with_internal).await
    }
    async fn history(&self, ticket: TicketId) -> StoreResult<Vec<HistoryEntry>> {
        tickets::history(self, ticket).await
    }
    async fn relations(&self, ticket: TicketId) -> StoreResult<Vec<Relation>> {
        tickets::relations(self, ticket).await
    }
    async fn relation(&self, id: RelationId) -> StoreResult<Relation> {
        tickets::relation(self, id).await
    }
    async fn count_by_status(&self) -> StoreResult<Vec<(Status, i64)>> {
        tickets::count_by_status(self).await
    }
    async fn attachment(&self, id: AttachmentId) -> StoreResult<Attachment> {
        attachments::attachment(self, id).await
    }
    async fn attachment_content(&self, id: AttachmentId) -> StoreResult<Vec<u8>> {
        attachments::attachment_content(self, id).await
    }
    async fn attachments(&self, ticket: TicketId) -> StoreResult<Vec<Attachment>> {
        attachments::attachments(self, ticket).await
    }
    async fn blob_count(&self) -> StoreResult<i64> {
        attachments::blob_count(self).await
    }
    async fn events_after(&self, after: EventPosition, limit: i64) -> StoreResult<Vec<StoredEvent>> {
        event_log::events_after(self, after, limit).await
    }
    async fn change_events(
        &self,
        change: ChangeId,
        first: EventPosition,
        last: EventPosition,
    ) -> StoreResult<Vec<StoredEvent>> {
        event_log::change_events(self, change, first, last).await
    }
    async fn claim_consumer(&self, name: &str, owner: &str, lease: Duration) -> StoreResult<Option<ConsumerState>> {
        event_log::claim_consumer(self, name, owner, lease).await
    }
    async fn advance_consumer(&self, name: &str, owner: &str, lease: Duration, to: EventPosition) -> StoreResult<bool> {
        event_log::advance_consumer(self, name, owner, lease, to).await
    }
    async fn consumer_failed(
        &self,
        name: &str,
        owner: &str,
        to: EventPosition,
        failing: &Failing,
    ) -> StoreResult<bool> {
        event_log::consumer_failed(self, name, owner, to, failing).await
    }
    async fn park_change(&self, name: &str, owner: &str, parked: &Parked) -> StoreResult<bool> {
        event_log::park_change(self, name, owner, parked).await
    }
    async fn release_consumer(&self, name: &str, owner: &str) -> StoreResult<()> {
        event_log::release_consumer(self, name, owner).await
    }
    async fn parked(&self, consumer: Option<&str>) -> StoreResult<Vec<Parked>> {
        event_log::parked(self, consumer).await
    }
    async fn parked_for_retry(&self, consumer: &str) -> StoreResult<Vec<Parked>> {
        event_log::parked_for_retry(self, consumer).await
    }
    async fn request_retry(&self, id: ParkedId) -> StoreResult<Parked> {
        event_log::request_retry(self, id).await
    }
    async fn retried(&self, id: ParkedId, error: Option<&str>) -> StoreResult<()> {
        event_log::retried(self, id, error).await
    }
    fn event_signal(&self) -> watch::Receiver<u64> {
        self.listening
            .get_or_init(|| dialect::listen_for_events(self.read.clone(), self.signal.clone()));
        self.signal.subscribe()
    }
    async fn claim_job(
        &self,
        name: &str,
        owner: &str,
        now: DateTime<Utc>,
        lease: Duration,
        force: bool,
    ) -> StoreResult<Option<JobState>> {
        jobs::claim_job(self, name, owner, now, lease, force).await
    }
    async fn renew_job(&self, name: &str, owner: &str, lease: Duration) -> StoreResult<bool> {
        jobs::renew_job(self, name, owner, lease).await
    }
    async fn finish_job(&self, name: &str, owner: &str, end: &JobEnd) -> StoreResult<bool> {
        jobs::finish_job(self, name, owner, end).await
    }
    async fn release_job(&self, name: &str, owner: &str) -> StoreResult<()> {
        jobs::release_job(self, name, owner).await
    }
    async fn jobs(&self) -> StoreResult<Vec<JobState>> {
        jobs::jobs(self).await
    }
    async fn open_ticket_ids(&self, quiet_before: Option<DateTime<Utc>>) -> StoreResult<Vec<TicketId>> {
        deadlines::open_ticket_ids(self, quiet_before).await
    }
    async fn ticket_clocks(&self, ids: &[TicketId]) -> StoreResult<Vec<guichet_domain::deadlines::TicketClock>> {
        deadlines::ticket_clocks(self, ids).await
    }
    async fn answered_before(&self, before: DateTime<Utc>) -> StoreResult<Vec<AnsweredTicket>> {
        deadlines::answered_before(self, before).await
    }
    async fn deadline_pass(&self, name: &str) -> StoreResult<Option<DateTime<Utc>>> {
        deadlines::deadline_pass(self, name).await
    }
    async fn set_deadline_pass(&self, name: &str, at: DateTime<Utc>) -> StoreResult<()> {
        deadlines::set_deadline_pass(self, name, at).await
    }
    async fn known_message(&self, message_ids: &[String]) -> StoreResult<Option<KnownMessage>> {
        mail::known_message(self, message_ids).await
    }
    async fn messages_since(
        &self,
        author: UserId,
        ticket: Option<TicketId>,
        since: DateTime<Utc>,
        at_most: i64,
    ) -> StoreResult<i64> {
        mail::messages_since(self, author, ticket, since, at_most).await
    }
    async fn ticket_message_root(&self, ticket: TicketId) -> StoreResult<Option<String>> {
        mail::ticket_message_root(self, ticket).await
    }
    async fn description_html(&self, ticket: TicketId) -> StoreResult<Option<String>> {
        mail::description_html(self, ticket).await
    }
    async fn enqueue_mail(&self, mails: &[NewOutgoingMail]) -> StoreResult<u64> {
        mail::enqueue_mail(self, mails).await
    }
    async fn claim_mail(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: Duration,
        limit: i64,
    ) -> StoreResult<Vec<OutgoingMail>> {
        mail::claim_mail(self, owner, now, lease, limit).await
    }
    async fn finish_mail(&self, id: i64, owner: &str, at: DateTime<Utc>, outcome: &MailOutcome) -> StoreResult<bool> {
        mail::finish_mail(self, id, owner, at, outcome).await
    }
    async fn outbox(&self, ticket: Option<TicketId>) -> StoreResult<Vec<OutgoingMail>> {
        mail::outbox(self, ticket).await
    }
    fn mail_signal(&self) -> watch::Receiver<u64> {
        self.mail_signal.subscribe()
    }
    async fn bulk_insert(&self, tickets: Vec<BulkTicket>) -> StoreResult<u64> {
        bulk::bulk_insert(self, tickets).await
    }
    async fn deployment_secret(&self, name: &str, fresh: &[u8]) -> StoreResult<Vec<u8>> {
        closure::deployment_secret(self, name, fresh).await
    }
    async fn rate_ticket(&self, rating: &TicketRating) -> StoreResult<bool> {
        closure::rate_ticket(self, rating).await
    }
    async fn ticket_rating(&self, ticket: TicketId) -> StoreResult<Option<TicketRating>> {
        closure::ticket_rating(self, ticket).await
    }
    async fn refresh_statistics(&self) -> StoreResult<()> {
        dialect::refresh_statistics(&self.write).await
    }
    async fn ticket_count(&self) -> StoreResult<i64> {
        tickets::ticket_count(self).await
    }
    async fn calendars(&self) -> StoreResult<Vec<StoredCalendar>> {
        calendars::calendars(self).await
    }
    async fn set_calendar(
        &self,
        unit: Option<UnitId>,
        spec: &guichet_domain::calendar::CalendarSpec,
        at: DateTime<Utc>,
    ) -> StoreResult<StoredCalendar> {
        calendars::set_calendar(self, unit, spec, at).await
    }
    async fn delete_calendar(&self, unit: UnitId) -> StoreResult<bool> {
        calendars::delete_calendar(self, unit).await
    }
    async fn rota_shifts(&self, from: chrono::NaiveDate, until: chrono::NaiveDate) -> StoreResult<Vec<StoredShift>> {
        rota::rota_shifts(self, from, until).await
    }
    async fn swaps(&self, open_only: bool) -> StoreResult<Vec<StoredSwap>> {
        rota::swaps(self, open_only).await
    }
    async fn swap(&self, id: guichet_domain::ids::SwapId) -> StoreResult<StoredSwap> {
        rota::swap(self, id).await
    }
    async fn rota_history(&self, limit: i64) -> StoreResult<Vec<RotaEntry>> {
        rota::rota_history(self, limit).await
    }
    async fn blackouts(&self, site: Option<SiteId>) -> StoreResult<Vec<(SiteId, chrono::NaiveDate)>> {
        rota::blackouts(self, site).await
    }
    async fn set_blackouts(&self, site: SiteId, dates: &[chrono::NaiveDate]) -> StoreResult<()> {
        rota::set_blackouts(self, site, dates).await
    }
    async fn shift_contacts(&self, site: Option<SiteId>) -> StoreResult<Vec<ShiftContact>> {
        rota::shift_contacts(self, site).await
    }
    async fn set_shift_contacts(&self, site: SiteId, contacts: &[ShiftContact]) -> StoreResult<()> {
        rota::set_shift_contacts(self, site, contacts).await
    }
    async fn create_feed(
        &self,
        secret_hash: &str,
        owner: FeedOwner,
        created_by: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<StoredFeed> {
        rota::create_feed(self, secret_hash, owner, created_by, at).await
    }
    async fn feed_by_secret(&self, secret_hash: &str) -> StoreResult<Option<StoredFeed>> {
        rota::feed_by_secret(self, secret_hash).await
    }
    async fn feeds(&self, owner: FeedOwner) -> StoreResult<Vec<StoredFeed>> {
        rota::feeds(self, owner).await
    }
    async fn revoke_feed(&self, id: guichet_domain::ids::FeedId, at: DateTime<Utc>) -> StoreResult<bool> {
        rota::revoke_feed(self, id, at).await
    }
    async fn search(&self, request: &SearchRequest) -> StoreResult<Page<SearchHit>> {
        search::search(self, request).await
    }
    async fn search_index_bytes(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(dialect::search::INDEX_BYTES)
            .fetch_one(&self.read)
            .await?)
    }
    async fn search_doc_counts(&self, tokens: &[String], cap: i64) -> StoreResult<Vec<i64>> {
        search::doc_counts(self, tokens, cap).await
    }
    async fn similar(&self, request: &SearchRequest) -> StoreResult<Vec<SimilarHit>> {
        search::similar(self, request).await
    }
    async fn kb_categories(&self) -> StoreResult<Vec<Category>> {
        knowledge::categories(self).await
    }
    async fn create_kb_category(&self, name: &Bilingual) -> StoreResult<Category> {
        knowledge::create_category(self, name).await
    }
    async fn rename_kb_category(&self, id: CategoryId, name: &Bilingual) -> StoreResult<Category> {
        knowledge::rename_category(self, id, name).await
    }
    async fn delete_kb_category(&self, id: CategoryId) -> StoreResult<()> {
        knowledge::delete_category(self, id).await
    }
    async fn create_answer(&self, answer: NewAnswer) -> StoreResult<Answer> {
        knowledge::create_answer(self, answer).await
    }
    async fn answer(&self, id: AnswerId) -> StoreResult<Answer> {
        knowledge::answer(self, id).await
    }
    async fn answers(&self, filter: &AnswerFilter) -> StoreResult<Vec<Answer>> {
        knowledge::answers(self, filter).await
    }
    async fn update_answer(&self, id: AnswerId, input: AnswerInput, at: DateTime<Utc>) -> StoreResult<Answer> {
        knowledge::update_answer(self, id, input, at).await
    }
    async fn delete_answer(&self, id: AnswerId) -> StoreResult<()> {
        knowledge::delete_answer(self, id).await
    }
    async fn portal_links(&self) -> StoreResult<Vec<PortalLink>> {
        knowledge::portal_links(self).await
    }
    async fn portal_link(&self, id: PortalLinkId) -> StoreResult<PortalLink> {
        knowledge::portal_link(self, id).await
    }
    async fn create_portal_link(&self, link: PortalLinkInput) -> StoreResult<PortalLink> {
        knowledge::create_portal_link(self, link).await
    }
    async fn update_portal_link(&self, id: PortalLinkId, link: PortalLinkInput) -> StoreResult<PortalLink> {
        knowledge::update_portal_link(self, id, link).await
    }
    async fn delete_portal_link(&self, id: PortalLinkId) -> StoreResult<()> {
        knowledge::delete_portal_link(self, id).await
    }
    async fn cite(&self, ticket: TicketId, target: CitationTarget, by: UserId, at: DateTime<Utc>) -> StoreResult<bool> {
        knowledge::cite(self, ticket, target, by, at).await
    }
    async fn uncite(&self, ticket: TicketId, target: CitationTarget) -> StoreResult<bool> {
        knowledge::uncite(self, ticket, target).await
    }
    async fn citations(&self, ticket: TicketId) -> StoreResult<Vec<Citation>> {
        knowledge::citations(self, ticket).await
    }
    async fn citing_tickets(&self, answer: AnswerId) -> StoreResult<Vec<TicketId>> {
        knowledge::citing_tickets(self, answer).await
    }
}
