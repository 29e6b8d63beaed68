//! Building one change: the rows a use case writes and, with each, the
//! history and the events the domain records for it. This is the one place
//! where events are made; the store writes them as given.

use guichet_domain::actor::Author;
use guichet_domain::deadlines::Reminder;
use guichet_domain::event::{
    FieldChange, HandoverDigest, article_event, attachment_event, created_event, deadline_event, handover_event,
    history_of, imported_event, relation_added_events, relation_removed_events, rota_changed_event,
    sessions_purged_event, swap_decided_event, swap_proposed_event, updated_event,
};
use guichet_domain::ids::{SiteId, SwapId, TicketId};
use guichet_domain::relation::Relation;
use guichet_domain::rota::{SwapProposal, SwapState, Week};
use guichet_domain::ticket::Ticket;
use guichet_domain::update::Patched;
use guichet_store::{
    ChangeSet, NewArticle, NewAttachment, NewMessageId, NewRelation, NewRotaEntry, NewSwap, ShiftWrite, SwapDecision,
    TicketWrite,
};

use crate::Context;
use crate::context::new_change_id;

/// A change being built, made at the context's current time.
pub struct Change {
    set: ChangeSet,
}

impl Change {
    /// An empty change, made now.
    pub fn new(ctx: &Context) -> Self {
        Self {
            set: ChangeSet::new(new_change_id(), ctx.now()),
        }
    }

    /// The same change, made once only under `key`.
    pub fn with_key(mut self, key: Option<&str>) -> Self {
        self.set.key = key.map(str::to_owned);
        self
    }

    /// When the change is made.
    pub fn at(&self) -> chrono::DateTime<chrono::Utc> {
        self.set.at
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// The change set to commit.
    pub fn into_set(self) -> ChangeSet {
        self.set
    }

    /// Opens `ticket` (its id is [`TicketId::NEW`] until stored), with the
    /// history of its initial fields and `ticket.created`.
    pub fn create_ticket(&mut self, ticket: Ticket, initial: &[FieldChange], by: &Author) {
        let at = self.set.at;
        self.set.history.extend(history_of(TicketId::NEW, by, at, initial));
        self.set.events.push(created_event(&ticket, by));
        self.set.new_ticket = Some(ticket);
    }

    /// Opens a historical `ticket` imported from a mailing-list archive of
    /// `messages` messages, with the history of `initial` and
    /// `ticket.imported` (which notifies nobody).
    pub fn import_ticket(
        &mut self,
        ticket: Ticket,
        initial: &[FieldChange],
        messages: usize,
        list: Option<&str>,
        by: &Author,
    ) {
        let at = self.set.at;
        self.set.history.extend(history_of(TicketId::NEW, by, at, initial));
        self.set.events.push(imported_event(by, messages, list));
        self.set.new_ticket = Some(ticket);
    }

    /// Adds an article of the past (an imported message) without
    /// `article.added`: nobody is to hear of it now. Returns its place
    /// among the change's new articles.
    pub fn import_article(&mut self, article: NewArticle) -> usize {
        self.set.articles.push(article);
        self.set.articles.len() - 1
    }

    /// Writes a patched ticket, with its history and `ticket.updated`;
    /// nothing if the patch changed nothing.
    pub fn update_ticket(&mut self, before: &Ticket, patched: Patched, by: &Author) {
        if patched.changes.is_empty() {
            return;
        }
        let at = self.set.at;
        self.set.history.extend(history_of(before.id, by, at, &patched.changes));
        self.set.events.push(updated_event(before.id, by, &patched.changes));
        self.set.tickets.push(TicketWrite {
            before: before.clone(),
            after: patched.ticket,
        });
    }

    /// Writes `ticket` as read, updated now: no field changes, but its
    /// version is checked and moves on, so a concurrent change built on
    /// the same reading (a second escalation, say) is stale and re-read.
    pub fn touch(&mut self, ticket: &Ticket) {
        let after = Ticket {
            updated_at: self.set.at.max(ticket.updated_at),
            ..ticket.clone()
        };
        self.set.tickets.push(TicketWrite {
            before: ticket.clone(),
            after,
        });
    }

    /// Adds an article and `article.added`; returns its place among the
    /// change's new articles, for attachments to link to.
    pub fn add_article(&mut self, article: NewArticle, by: &Author) -> usize {
        let index = self.set.articles.len();
        self.set
            .events
            .push(article_event(article.ticket, by, index, article.kind));
        self.set.articles.push(article);
        index
    }

    /// Adds an attachment and `attachment.added`.
    pub fn add_attachment(&mut self, attachment: NewAttachment, by: &Author) {
        let index = self.set.attachments.len();
        self.set
            .events
            .push(attachment_event(attachment.ticket, by, index, &attachment.filename));
        self.set.attachments.push(attachment);
    }

    /// Relates two tickets, with `relation.added` on both.
    pub fn add_relation(&mut self, relation: NewRelation, by: &Author) {
        let index = self.set.relations_added.len();
        let pair = (relation.from, relation.to);
        self.set
            .events
            .extend(relation_added_events(relation.kind, pair, by, index));
        self.set.relations_added.push(relation);
    }

    /// Removes a relation, with `relation.removed` on both tickets.
    pub fn remove_relation(&mut self, relation: &Relation, by: &Author) {
        let pair = (relation.from, relation.to);
        self.set
            .events
            .extend(relation_removed_events(relation.id, relation.kind, pair, by));
        self.set.relations_removed.push(relation.id);
    }

    /// A history line that is not a field of the ticket itself (a child's
    /// solution, say).
    pub fn note(&mut self, ticket: TicketId, field: &str, text: String, by: &Author) {
        let at = self.set.at;
        self.set
            .history
            .extend(history_of(ticket, by, at, &[FieldChange::new(field, None, Some(text))]));
    }

    /// Tells `ticket`'s people of a deadline reached, with `ticket.deadline`
    /// (the rule of who hears it is `notify::recipients`).
    pub fn remind(&mut self, ticket: TicketId, reminder: Reminder, by: &Author) {
        self.set.events.push(deadline_event(ticket, by, reminder));
    }

    /// Records a mail's Message-ID with its ticket, for replies to thread by.
    pub fn add_message_id(&mut self, message_id: NewMessageId) {
        self.set.message_ids.push(message_id);
    }

    /// Keeps the HTML of the mail that opens the new ticket.
    pub fn set_description_html(&mut self, html: Option<String>) {
        self.set.description_html = html;
    }

    /// Ends expired web sessions, with `sessions.purged`.
    pub fn end_sessions(&mut self, hashes: Vec<String>, expired_before: chrono::DateTime<chrono::Utc>, by: &Author) {
        self.set
            .events
            .push(sessions_purged_event(by, hashes.len(), expired_before));
        self.set.sessions_ended.extend(hashes);
    }

    /// Creates or replaces a rota shift (stale if it changed since read).
    pub fn write_shift(&mut self, write: ShiftWrite) {
        self.set.rota.shifts.push(write);
    }

    /// A line of the rota's own history.
    pub fn rota_entry(&mut self, entry: NewRotaEntry) {
        self.set.rota.history.push(entry);
    }

    /// `rota.changed`, naming the weeks changed and the sites concerned.
    pub fn rota_changed(&mut self, by: &Author, action: &str, weeks: &[Week], sites: &[SiteId]) {
        self.set.events.push(rota_changed_event(by, action, weeks, sites));
    }

    /// `rota.handover`: the digest of one handover, for both teams.
    pub fn handover_digest(&mut self, digest: &HandoverDigest, by: &Author) {
        self.set.events.push(handover_event(by, digest));
    }

    /// Adds a swap proposal, with `rota.swap.proposed`.
    pub fn propose_swap(&mut self, swap: NewSwap) {
        let index = self.set.rota.swaps_added.len();
        self.set.events.push(swap_proposed_event(
            &swap.proposed_by,
            index,
            &swap.proposal,
            swap.note.as_deref(),
        ));
        self.set.rota.swaps_added.push(swap);
    }

    /// Decides an open swap proposal, with `rota.swap.decided`.
    pub fn decide_swap(&mut self, swap: SwapId, proposal: &SwapProposal, state: SwapState, by: &Author) {
        self.set.events.push(swap_decided_event(by, swap, proposal, state));
        self.set.rota.swaps_decided.push(SwapDecision {
            swap,
            state,
            by: by.clone(),
        });
    }
}
