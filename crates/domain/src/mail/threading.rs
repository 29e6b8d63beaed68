//! Which ticket an incoming message joins, and what it does there.
//!
//! # Finding the ticket
//!
//! Three clues name a ticket, tried in this order ([`candidate`]): the tag in
//! the subject ([`find_tag`](super::tag::find_tag)), the ticket address the
//! message was sent to ([`plus_address_number`](super::tag::plus_address_number)),
//! and the messages it answers (the service looks up In-Reply-To, then
//! References from the newest, among the Message-IDs it stored).
//!
//! # A new problem in an old thread
//!
//! People answer an old mail to raise something else. A tag is a
//! deliberate choice and always joins. A message without it whose
//! References point to the ticket (found by them, or by the ticket's
//! address, which notifications give as Reply-To) is a new problem when
//! [`is_new_problem`] says so (the service passes `new_problem` only then),
//! by this rule:
//!
//! 1. Both subjects are normalised ([`normalise_subject`]: our tags, the
//!    reply prefixes and the leading list tags removed, lower case).
//! 2. Each gives its set of *significant words*: the maximal runs of letters
//!    and digits (Unicode alphanumeric characters) that are at least 3
//!    characters long and are not stop words.
//! 3. If either set is empty, it is **not** a new problem: a subject such as
//!    "Re:", "Hi" or "Question" says nothing to compare.
//! 4. If one set contains the other, it is **not** a new problem: the sender
//!    repeated the subject, kept part of it or added to it.
//! 5. Otherwise it is a new problem when the sets share less than half of
//!    the words they have between them: when the Jaccard similarity
//!    `|M ∩ T| / |M ∪ T|` is below 1/2, computed exactly as
//!    `2 × |M ∩ T| < |M ∪ T|`.
//!
//! So two subjects with significant words and none in common are always a
//! new problem, and a subject compared with itself, with or without prefixes
//! and tags, never is.
//!
//! The stop words are function words and words that every helpdesk subject
//! may carry, in English: `the`, `and`, `for`, `with`, `from`, `not`, `are`,
//! `was`, `were`, `has`, `have`, `had`, `this`, `that`, `these`, `those`,
//! `its`, `our`, `you`, `your`, `all`, `any`, `can`, `cannot`, `but`, `into`,
//! `about`, `after`, `before`, `since`, `still`, `again`, `also`, `now`,
//! `new`, `please`, `help`, `problem`, `problems`, `issue`, `issues`, `error`,
//! `errors`, `question`, `urgent`, `ticket`; and in French: `les`, `des`,
//! `une`, `pour`, `avec`, `dans`, `sur`, `par`, `pas`, `est`, `sont`, `que`,
//! `qui`, `aux`, `mais`, `ces`, `cette`, `nous`, `vous`, `depuis`, `encore`,
//! `toujours`, `aussi`, `merci`, `aide`, `problème`, `problèmes`, `erreur`,
//! `erreurs`, `demande`, `urgence`.
//!
//! # What the message does
//!
//! [`decide`] takes the ticket found, its status, who sent the message and
//! whether it is a new problem. A stranger to the ticket never joins it,
//! public or private (the service then makes sure that the tagged ticket's
//! submitter is not mailed); a closed or verified ticket takes nothing more.
//! Both make a new ticket related to the old one. A reply from the
//! requester side reopens a solved or unsolved ticket, and the submitter's
//! reply resumes a ticket waiting for it.

use std::collections::BTreeSet;

use super::tag::normalise_subject;
use crate::ids::{TicketId, TicketNumber};
use crate::status::Status;
use crate::ticket::Visibility;

/// The stop words of the new-problem rule, as the module doc lists them.
pub const STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "from",
    "not",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "this",
    "that",
    "these",
    "those",
    "its",
    "our",
    "you",
    "your",
    "all",
    "any",
    "can",
    "cannot",
    "but",
    "into",
    "about",
    "after",
    "before",
    "since",
    "still",
    "again",
    "also",
    "now",
    "new",
    "please",
    "help",
    "problem",
    "problems",
    "issue",
    "issues",
    "error",
    "errors",
    "question",
    "urgent",
    "ticket",
    "les",
    "des",
    "une",
    "pour",
    "avec",
    "dans",
    "sur",
    "par",
    "pas",
    "est",
    "sont",
    "que",
    "qui",
    "aux",
    "mais",
    "ces",
    "cette",
    "nous",
    "vous",
    "depuis",
    "encore",
    "toujours",
    "aussi",
    "merci",
    "aide",
    "problème",
    "problèmes",
    "erreur",
    "erreurs",
    "demande",
    "urgence",
];

/// Significant words are at least this many characters long.
const SIGNIFICANT_LENGTH: usize = 3;

/// How a ticket was found for a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clue {
    /// Its tag in the subject.
    Tag,
    /// Its ticket address among the recipients.
    Address,
    /// A stored message that the message answers.
    References,
}

/// What a message says about its ticket, each clue as the service found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clues {
    /// The number in the subject's tag.
    pub tag: Option<TicketNumber>,
    /// The number in a ticket address among the recipients.
    pub address: Option<TicketNumber>,
    /// The ticket of the newest stored message among In-Reply-To, then
    /// References.
    pub referenced: Option<TicketId>,
}

/// The ticket the clues point to, and by which clue: the tag first, then
/// the ticket address, then the references. Numbers that are no valid
/// ticket numbers point nowhere; whether the ticket exists is the
/// service's to check.
pub fn candidate(clues: &Clues) -> Option<(TicketId, Clue)> {
    let by_number = |number: Option<TicketNumber>, clue| number.and_then(TicketNumber::ticket_id).map(|id| (id, clue));
    by_number(clues.tag, Clue::Tag)
        .or_else(|| by_number(clues.address, Clue::Address))
        .or_else(|| clues.referenced.map(|id| (id, Clue::References)))
}

/// Whether a message found by its references raises a new problem rather
/// than continuing its ticket, by the rule of the module doc. Never ask it
/// for a message found by its tag or ticket address.
pub fn is_new_problem(message_subject: &str, ticket_subject: &str, prefix: &str) -> bool {
    let message_subject = normalise_subject(message_subject, prefix);
    let ticket_subject = normalise_subject(ticket_subject, prefix);
    let message = significant_words(&message_subject);
    let ticket = significant_words(&ticket_subject);
    if message.is_empty() || ticket.is_empty() || message.is_subset(&ticket) || ticket.is_subset(&message) {
        return false;
    }
    let shared = message.intersection(&ticket).count();
    let all = message.union(&ticket).count();
    2 * shared < all
}

/// The significant words of a normalised subject.
fn significant_words(normalised: &str) -> BTreeSet<&str> {
    normalised
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= SIGNIFICANT_LENGTH && !STOP_WORDS.contains(word))
        .collect()
}

/// What the decision needs to know of the ticket found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketFacts {
    /// Its status.
    pub status: Status,
    /// Its visibility. The decision does not depend on it: a stranger
    /// never joins, public or private.
    pub visibility: Visibility,
}

/// Who the sender is to the ticket found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenderStanding {
    /// The submitter, in CC, an involved person, the assignee, a
    /// subscriber, or any supporter.
    OnTicket {
        /// False for supporters, true for everyone else on the ticket.
        requester_side: bool,
    },
    /// Anyone else.
    Stranger,
}

/// Why a message makes a new ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewReason {
    /// No ticket was found.
    NoTicket,
    /// It was found by its references but raises another problem.
    NewProblem,
    /// Its sender is a stranger to the ticket found.
    Stranger,
    /// The ticket found is closed or verified.
    Closed,
}

/// What a message does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// It becomes an article of `ticket`.
    Join {
        /// The ticket joined.
        ticket: TicketId,
        /// The requester side answers a solved or unsolved ticket: reopen it.
        reopen: bool,
        /// The submitter answers a ticket waiting for a reply: resume it.
        resume: bool,
    },
    /// It opens a new ticket.
    NewTicket {
        /// The ticket found, to relate the new one to.
        related: Option<TicketId>,
        /// Why it does not join that ticket.
        reason: NewReason,
    },
}

/// What a message does, given the ticket found and by which clue
/// ([`candidate`]), that ticket's facts (`None` if it does not exist),
/// the sender's standing on it, whether the message is a new problem
/// ([`is_new_problem`], never heeded for [`Clue::Tag`]) and whether
/// the sender is its submitter.
pub fn decide(
    found: Option<(TicketId, Clue)>,
    facts: Option<&TicketFacts>,
    standing: SenderStanding,
    new_problem: bool,
    is_submitter: bool,
) -> Decision {
    let (Some((ticket, clue)), Some(facts)) = (found, facts) else {
        return new_ticket(None, NewReason::NoTicket);
    };
    let SenderStanding::OnTicket { requester_side } = standing else {
        return new_ticket(Some(ticket), NewReason::Stranger);
    };
    if matches!(facts.status, Status::Closed | Status::Verified) {
        return new_ticket(Some(ticket), NewReason::Closed);
    }
    if clue != Clue::Tag && new_problem {
        return new_ticket(Some(ticket), NewReason::NewProblem);
    }
    Decision::Join {
        ticket,
        reopen: requester_side && facts.status.is_answered(),
        resume: is_submitter && facts.status == Status::WaitingForReply,
    }
}

/// A new ticket, related to `related`, for `reason`.
fn new_ticket(related: Option<TicketId>, reason: NewReason) -> Decision {
    Decision::NewTicket { related, reason }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::mail::tag::tag;
    use crate::mail::tag::tests::{client_prefixes, deployment_prefix, valid_number};

    const PREFIX: &str = "Guichet";
    const TICKET: TicketId = TicketId(234);
    const REQUESTER: SenderStanding = SenderStanding::OnTicket { requester_side: true };
    const SUPPORTER: SenderStanding = SenderStanding::OnTicket { requester_side: false };

    fn facts(status: Status) -> TicketFacts {
        TicketFacts {
            status,
            visibility: Visibility::Public,
        }
    }

    fn join(reopen: bool, resume: bool) -> Decision {
        Decision::Join {
            ticket: TICKET,
            reopen,
            resume,
        }
    }

    #[test]
    fn the_tag_wins_then_the_address_then_the_references() {
        let all = Clues {
            tag: Some(TicketNumber(100_001)),
            address: Some(TicketNumber(100_002)),
            referenced: Some(TicketId(3)),
        };
        assert_eq!(candidate(&all), Some((TicketId(1), Clue::Tag)));
        let no_tag = Clues { tag: None, ..all };
        assert_eq!(candidate(&no_tag), Some((TicketId(2), Clue::Address)));
        let references_only = Clues {
            address: None,
            ..no_tag
        };
        assert_eq!(candidate(&references_only), Some((TicketId(3), Clue::References)));
        assert_eq!(candidate(&Clues::default()), None);
    }

    #[test]
    fn invalid_numbers_point_nowhere() {
        let clues = Clues {
            tag: Some(TicketNumber(12)),
            address: Some(TicketNumber(100_000)),
            referenced: None,
        };
        assert_eq!(candidate(&clues), None);
        let clues = Clues {
            referenced: Some(TICKET),
            ..clues
        };
        assert_eq!(candidate(&clues), Some((TICKET, Clue::References)));
    }

    #[test]
    fn replies_on_the_same_problem_are_not_new() {
        let ticket = "SRM down at IN2P3-CC";
        for message in [
            "Re: SRM down at IN2P3-CC",
            "RE : [Guichet #100234] SRM down at IN2P3-CC",
            "SRM still down at IN2P3-CC",
            "SRM down again",
            "Re: SRM down",
            "SRM down at IN2P3-CC: now also affecting transfers from RAL",
            "Re:",
            "Hi",
            "Question",
            "",
        ] {
            assert!(!is_new_problem(message, ticket, PREFIX), "{message:?}");
        }
        assert!(
            !is_new_problem("Tape library full", "Help", PREFIX),
            "a vague ticket subject"
        );
    }

    #[test]
    fn replies_that_raise_something_else_are_new() {
        let ticket = "SRM down at IN2P3-CC";
        for message in [
            "Tape library full at IN2P3-CC",
            "Re: CVMFS stale on worker nodes",
            "Problème de certificat",
            "FTS transfers fail",
        ] {
            assert!(is_new_problem(message, ticket, PREFIX), "{message:?}");
        }
    }

    #[test]
    fn the_threshold_is_half_the_words() {
        // {srm, down, cern} against {srm, down, in2p3}: 2 of 4 shared, not below half.
        assert!(!is_new_problem("SRM down at CERN", "SRM down at IN2P3", PREFIX));
        // {srm, slow, cern} against {srm, down, in2p3}: 1 of 5.
        assert!(is_new_problem("SRM slow at CERN", "SRM down at IN2P3", PREFIX));
        // {srm, down, cern, ral} against {srm, down, in2p3}: 2 of 5.
        assert!(is_new_problem("SRM down at CERN and RAL", "SRM down at IN2P3", PREFIX));
    }

    #[test]
    fn the_module_doc_lists_exactly_the_stop_words() {
        let doc: String = include_str!("threading.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("//!"))
            .collect::<Vec<_>>()
            .join(" ");
        let start = doc.find("The stop words are").expect("the doc lists the stop words");
        let end = doc.find("# What the message does").expect("the next section");
        let listed: Vec<&str> = doc[start..end].split('`').skip(1).step_by(2).collect();
        assert_eq!(listed, STOP_WORDS);
    }

    #[test]
    fn nothing_found_makes_a_new_ticket() {
        let expected = new_ticket(None, NewReason::NoTicket);
        assert_eq!(decide(None, None, REQUESTER, false, true), expected);
        let found = Some((TICKET, Clue::Tag));
        assert_eq!(
            decide(found, None, REQUESTER, false, true),
            expected,
            "the ticket does not exist"
        );
    }

    #[test]
    fn a_stranger_never_joins() {
        for visibility in [Visibility::Public, Visibility::Private] {
            for clue in [Clue::Tag, Clue::Address, Clue::References] {
                let facts = TicketFacts {
                    status: Status::InProgress,
                    visibility,
                };
                let decision = decide(
                    Some((TICKET, clue)),
                    Some(&facts),
                    SenderStanding::Stranger,
                    false,
                    false,
                );
                assert_eq!(decision, new_ticket(Some(TICKET), NewReason::Stranger));
            }
        }
    }

    #[test]
    fn a_closed_or_verified_ticket_takes_nothing_more() {
        for status in [Status::Closed, Status::Verified] {
            let decision = decide(Some((TICKET, Clue::Tag)), Some(&facts(status)), REQUESTER, false, true);
            assert_eq!(decision, new_ticket(Some(TICKET), NewReason::Closed));
        }
    }

    #[test]
    fn a_new_problem_leaves_the_thread_unless_tagged() {
        let open = facts(Status::InProgress);
        for clue in [Clue::References, Clue::Address] {
            let decision = decide(Some((TICKET, clue)), Some(&open), REQUESTER, true, true);
            assert_eq!(decision, new_ticket(Some(TICKET), NewReason::NewProblem));
        }
        assert_eq!(
            decide(Some((TICKET, Clue::Tag)), Some(&open), REQUESTER, true, true),
            join(false, false)
        );
        assert_eq!(
            decide(Some((TICKET, Clue::References)), Some(&open), REQUESTER, false, true),
            join(false, false)
        );
    }

    #[test]
    fn the_requester_side_reopens_an_answered_ticket() {
        for status in [Status::Solved, Status::Unsolved] {
            let found = Some((TICKET, Clue::Tag));
            assert_eq!(
                decide(found, Some(&facts(status)), REQUESTER, false, false),
                join(true, false)
            );
            assert_eq!(
                decide(found, Some(&facts(status)), SUPPORTER, false, false),
                join(false, false)
            );
        }
        let open = facts(Status::OnHold);
        assert_eq!(
            decide(Some((TICKET, Clue::Tag)), Some(&open), REQUESTER, false, false),
            join(false, false)
        );
    }

    #[test]
    fn the_submitter_resumes_a_ticket_waiting_for_a_reply() {
        let waiting = facts(Status::WaitingForReply);
        let found = Some((TICKET, Clue::Address));
        assert_eq!(decide(found, Some(&waiting), REQUESTER, false, true), join(false, true));
        assert_eq!(
            decide(found, Some(&waiting), REQUESTER, false, false),
            join(false, false),
            "someone in CC"
        );
        assert_eq!(
            decide(found, Some(&facts(Status::InProgress)), REQUESTER, false, true),
            join(false, false)
        );
    }

    /// Significant words from a few letters only, so two strategies over
    /// disjoint letters never share one.
    fn significant_word(letters: &'static str) -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("[{letters}]{{3,8}}"))
            .expect("a valid pattern")
            .prop_filter("a stop word", |word| !STOP_WORDS.contains(&word.as_str()))
    }

    fn subject_of(letters: &'static str) -> impl Strategy<Value = String> {
        (
            prop::collection::vec(significant_word(letters), 1..6),
            prop::sample::select(vec![" ", "  ", ", ", " - ", " / "]),
        )
            .prop_map(|(words, separator)| words.join(separator))
    }

    fn any_standing() -> impl Strategy<Value = SenderStanding> {
        prop_oneof![
            Just(SenderStanding::Stranger),
            any::<bool>().prop_map(|requester_side| SenderStanding::OnTicket { requester_side }),
        ]
    }

    fn any_facts() -> impl Strategy<Value = TicketFacts> {
        (prop::sample::select(Status::ALL), prop::sample::select(Visibility::ALL))
            .prop_map(|(status, visibility)| TicketFacts { status, visibility })
    }

    fn any_clue() -> impl Strategy<Value = Clue> {
        prop::sample::select(vec![Clue::Tag, Clue::Address, Clue::References])
    }

    proptest! {
        #[test]
        fn a_subject_is_no_new_problem_to_itself(subject in "\\PC{0,60}", prefix in deployment_prefix()) {
            prop_assert!(!is_new_problem(&subject, &subject, &prefix));
        }

        #[test]
        fn prefixes_and_tags_make_no_new_problem(
            subject in "\\PC{0,60}",
            prefix in deployment_prefix(),
            before in client_prefixes(),
            between in client_prefixes(),
            number in valid_number(),
        ) {
            let message = format!("{before}{} {between}{subject}", tag(&prefix, number));
            prop_assert!(!is_new_problem(&message, &subject, &prefix));
            let replied = format!("{before}{subject}");
            prop_assert!(!is_new_problem(&replied, &subject, &prefix));
        }

        #[test]
        fn subjects_without_a_shared_word_are_new_problems(
            message in subject_of("a-m"),
            ticket in subject_of("n-z"),
            before in client_prefixes(),
            upper in any::<bool>(),
        ) {
            let message = if upper { message.to_uppercase() } else { message };
            let replied = format!("{before}{message}");
            prop_assert!(is_new_problem(&replied, &ticket, PREFIX));
            prop_assert!(is_new_problem(&ticket, &message, PREFIX));
        }

        #[test]
        fn strangers_and_closed_tickets_are_never_joined(
            clue in any_clue(),
            facts in any_facts(),
            standing in any_standing(),
            new_problem in any::<bool>(),
            is_submitter in any::<bool>(),
        ) {
            let decision = decide(Some((TICKET, clue)), Some(&facts), standing, new_problem, is_submitter);
            let closed = matches!(facts.status, Status::Closed | Status::Verified);
            if standing == SenderStanding::Stranger || closed {
                prop_assert!(matches!(decision, Decision::NewTicket { related: Some(TICKET), .. }), "{:?}", decision);
            }
            let joinable = standing != SenderStanding::Stranger && !closed;
            if joinable && (clue == Clue::Tag || !new_problem) {
                prop_assert!(matches!(decision, Decision::Join { .. }), "a tag, or no new problem, joins");
            }
        }
    }
}
