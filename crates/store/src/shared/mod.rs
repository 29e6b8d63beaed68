//! The SQL both backends share, written once.
//!
//! This module is compiled twice, once inside `sqlite` and once inside
//! `postgres`, each providing `Db` (its sqlx database type) and `dialect`
//! (the few statements that must differ). Both accept `$N` placeholders.

mod attachments;
mod bulk;
mod changes;
mod creation;
mod event_log;
mod reference;
mod rows;
mod tickets;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Pool;

use guichet_domain::article::Article;
use guichet_domain::event::{DomainEvent, HistoryEntry};
use guichet_domain::ids::{
    AttachmentId, IssueTypeId, RelationId, RoutingRuleId, SiteId, TicketId, UnitId, UserId, VoId,
};
use guichet_domain::reference::{IssueType, Site, Unit, Vo};
use guichet_domain::relation::Relation;
use guichet_domain::routing::RoutingRule;
use guichet_domain::status::Status;
use guichet_domain::ticket::Ticket;

use super::{Db, dialect};
use crate::*;

mod users;

/// A SQL store: reads go to `read`, transactions to `write`. On SQLite the
/// writer is a single connection (SQLite has one writer anyway); on
/// PostgreSQL both are the same pool.
pub struct SqlStore {
    read: Pool<Db>,
    write: Pool<Db>,
    backend: &'static str,
    creator: creation::Creator,
}

impl SqlStore {
    /// A store over migrated pools; starts the ticket writer.
    pub(super) fn new(read: Pool<Db>, write: Pool<Db>, backend: &'static str) -> Self {
        let creator = creation::Creator::spawn(write.clone());
        Self {
            read,
            write,
            backend,
            creator,
        }
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
    async fn create_api_token(&self, user: UserId, hash: &str, expires_at: Option<DateTime<Utc>>) -> StoreResult<()> {
        users::create_api_token(self, user, hash, expires_at).await
    }
    async fn user_by_api_token(&self, hash: &str) -> StoreResult<Option<(User, Option<DateTime<Utc>>)>> {
        users::user_by_api_token(self, hash).await
    }
    async fn create_session(&self, user: UserId, hash: &str, expires_at: DateTime<Utc>) -> StoreResult<()> {
        users::create_session(self, user, hash, expires_at).await
    }
    async fn user_by_session(&self, hash: &str) -> StoreResult<Option<(User, DateTime<Utc>)>> {
        users::user_by_session(self, hash).await
    }
    async fn delete_session(&self, hash: &str) -> StoreResult<()> {
        users::delete_session(self, hash).await
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
    async fn create_ticket(
        &self,
        ticket: Ticket,
        history: Vec<HistoryEntry>,
        events: Vec<DomainEvent>,
    ) -> StoreResult<Ticket> {
        self.creator.create(ticket, history, events).await
    }
    async fn ticket(&self, id: TicketId) -> StoreResult<TicketView> {
        tickets::ticket(self, id).await
    }
    async fn tickets(&self, filter: &TicketFilter, page: PageRequest) -> StoreResult<Page<TicketView>> {
        tickets::tickets(self, filter, page).await
    }
    async fn commit(&self, changes: ChangeSet) -> StoreResult<Committed> {
        changes::commit(self, changes).await
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
    async fn add_attachment(&self, attachment: NewAttachment) -> StoreResult<Attachment> {
        attachments::add_attachment(self, attachment).await
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
    async fn events_after(&self, after: i64, limit: i64) -> StoreResult<Vec<StoredEvent>> {
        event_log::events_after(self, after, limit).await
    }
    async fn event_cursor(&self, consumer: &str) -> StoreResult<i64> {
        event_log::event_cursor(self, consumer).await
    }
    async fn set_event_cursor(&self, consumer: &str, position: i64) -> StoreResult<()> {
        event_log::set_event_cursor(self, consumer, position).await
    }
    async fn bulk_insert(&self, tickets: Vec<BulkTicket>) -> StoreResult<u64> {
        bulk::bulk_insert(self, tickets).await
    }
    async fn refresh_statistics(&self) -> StoreResult<()> {
        dialect::refresh_statistics(&self.write).await
    }
    async fn ticket_count(&self) -> StoreResult<i64> {
        tickets::ticket_count(self).await
    }
}
