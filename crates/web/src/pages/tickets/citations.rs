//! The ticket page's references: the knowledge-base answers and portal
//! links the ticket cites (internal answers for supporters only), the
//! forms supporters add and remove them with, and, on a solved ticket,
//! the link that promotes its solution to the FAQ.

use guichet_domain::ticket::Ticket;
use guichet_service::knowledge::citations::{Cited, citations};
use guichet_service::knowledge::portal::list_portal_links;
use guichet_service::knowledge::promote::promotable;
use guichet_service::knowledge::read::list_answers;
use guichet_service::{Actor, Context, ServiceResult};

use super::Choice;
use crate::i18n::Tr;
use crate::pages::kb::language;
use crate::visit::Visit;

/// One reference of the ticket.
pub struct CitedRow {
    /// Where it leads.
    pub href: String,
    /// Its title or label, in the visitor's language.
    pub label: String,
    /// `answer:ID` or `link:ID`: what the remove form posts.
    pub target: String,
    /// Whether it is a portal link (else an answer).
    pub link: bool,
}

/// The references section.
pub struct CitationBox {
    /// What the ticket cites.
    pub cited: Vec<CitedRow>,
    /// What a supporter may cite, `answer:ID` and `link:ID`; empty for others.
    pub choices: Vec<Choice>,
    /// Whether the visitor may add and remove references.
    pub may_cite: bool,
    /// The promote-to-FAQ form's address, on a solved ticket, for supporters.
    pub promote: Option<String>,
}

impl CitationBox {
    /// The section of `ticket` as `actor` sees it.
    pub async fn of(ctx: &Context, actor: &Actor, ticket: &Ticket, visit: &Visit, tr: &Tr<'_>) -> ServiceResult<Self> {
        let lang = language(visit);
        let cited = citations(ctx, actor, ticket.id)
            .await?
            .into_iter()
            .map(|c| match c {
                Cited::Answer(a) => CitedRow {
                    href: format!("/kb/{}", a.id.0),
                    label: a.texts.title.pick(lang).to_owned(),
                    target: format!("answer:{}", a.id.0),
                    link: false,
                },
                Cited::PortalLink(l) => CitedRow {
                    href: l.url.clone(),
                    label: l.label.pick(lang).to_owned(),
                    target: format!("link:{}", l.id.0),
                    link: true,
                },
            })
            .collect();
        let may_cite = actor.role().is_supporter();
        let mut choices = Vec::new();
        if may_cite {
            for answer in list_answers(ctx, Some(actor), None, None).await? {
                choices.push(Choice {
                    value: format!("answer:{}", answer.id.0),
                    label: tr.t1("ticket-cite-answer", "title", answer.texts.title.pick(lang)),
                    selected: false,
                });
            }
            for link in list_portal_links(ctx).await? {
                choices.push(Choice {
                    value: format!("link:{}", link.id.0),
                    label: tr.t1("ticket-cite-link", "label", link.label.pick(lang)),
                    selected: false,
                });
            }
        }
        let promote =
            (may_cite && promotable(ticket.status)).then(|| format!("/kb/new?from_ticket={}", ticket.number()));
        Ok(Self {
            cited,
            choices,
            may_cite,
            promote,
        })
    }
}
