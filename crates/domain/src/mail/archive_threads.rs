//! Threading a mailing-list archive into conversations, each to become one
//! historical ticket.
//!
//! 1. **By Message-ID.** A message joins the conversation of every message
//!    it names in In-Reply-To or References that the archive holds.
//! 2. **Then by subject.** A message that looks like a reply (a reply
//!    prefix, or In-Reply-To/References naming messages the archive lacks)
//!    but found no conversation that way joins the latest conversation
//!    with the same normalised subject whose last message is at most
//!    [`SUBJECT_WINDOW`] older. A message that looks like no reply opens a
//!    conversation of its own, even with a subject seen before: the same
//!    "dCache down" months apart is another problem.
//! 3. **Once.** A Message-ID seen a second time (the same mail archived
//!    twice) is a duplicate, left out.
//!
//! Conversations come in the order of their first message, each with its
//! messages by date (ties in archive order).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

/// How long after a conversation's last message a reply may join it by
/// its subject alone.
pub const SUBJECT_WINDOW: Duration = Duration::days(30);

/// What threading needs of an archived message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedMessage {
    /// Its Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// The Message-IDs it answers: In-Reply-To, then References.
    pub answers: Vec<String>,
    /// Its subject, normalised (reply prefixes and list tags removed, lower
    /// case): what subjects are compared by.
    pub subject: String,
    /// Whether its subject carried a reply prefix.
    pub reply_prefix: bool,
    /// When it was sent.
    pub date: DateTime<Utc>,
}

impl ArchivedMessage {
    fn looks_like_reply(&self) -> bool {
        self.reply_prefix || !self.answers.is_empty()
    }
}

/// The archive threaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Threads {
    /// The conversations: indexes into the messages given, by date.
    pub conversations: Vec<Vec<usize>>,
    /// The messages left out as duplicates of an earlier Message-ID.
    pub duplicates: Vec<usize>,
}

/// Threads `messages`; see the module's documentation.
pub fn thread_archive(messages: &[ArchivedMessage]) -> Threads {
    let mut order: Vec<usize> = (0..messages.len()).collect();
    order.sort_by_key(|&i| (messages[i].date, i));
    let mut threads = Threads::default();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut kept = Vec::with_capacity(order.len());
    for &i in &order {
        match messages[i].message_id.as_deref() {
            Some(id) if by_id.contains_key(id) => threads.duplicates.push(i),
            Some(id) => {
                by_id.insert(id, i);
                kept.push(i);
            }
            None => kept.push(i),
        }
    }
    let mut sets = Sets::new(messages.len());
    for &i in &kept {
        for answered in &messages[i].answers {
            if let Some(&j) = by_id.get(answered.as_str()) {
                sets.join(i, j);
            }
        }
    }
    join_by_subject(messages, &kept, &by_id, &mut sets);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for &i in &kept {
        let root = sets.root(i);
        let group = *group_of.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(i);
    }
    threads.conversations = groups;
    threads
}

/// Step 2: replies that found no conversation by Message-ID join the
/// latest one of their subject, within the window.
fn join_by_subject(messages: &[ArchivedMessage], kept: &[usize], by_id: &HashMap<&str, usize>, sets: &mut Sets) {
    let mut latest: HashMap<&str, usize> = HashMap::new();
    for &i in kept {
        let message = &messages[i];
        let linked = message.answers.iter().any(|a| by_id.contains_key(a.as_str()));
        if !linked
            && message.looks_like_reply()
            && !message.subject.is_empty()
            && let Some(&j) = latest.get(message.subject.as_str())
            && message.date - messages[j].date <= SUBJECT_WINDOW
        {
            sets.join(i, j);
        }
        if !message.subject.is_empty() {
            latest.insert(message.subject.as_str(), i);
        }
    }
}

/// Disjoint sets of message indexes (union–find, with path halving).
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins the sets of `a` and `b`; the earlier root (by index) stays.
    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        let (keep, merge) = if ra <= rb { (ra, rb) } else { (rb, ra) };
        self.parent[merge] = keep;
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2009, 1, day, hour, 0, 0).unwrap()
    }

    fn message(id: &str, answers: &[&str], subject: &str, reply: bool, date: DateTime<Utc>) -> ArchivedMessage {
        ArchivedMessage {
            message_id: (!id.is_empty()).then(|| id.to_owned()),
            answers: answers.iter().map(|a| (*a).to_owned()).collect(),
            subject: subject.into(),
            reply_prefix: reply,
            date,
        }
    }

    #[test]
    fn replies_join_the_messages_they_name_in_date_order() {
        let messages = [
            message("c@x", &["a@x", "b@x"], "dcache down", true, at(5, 12)),
            message("a@x", &[], "dcache down", false, at(5, 10)),
            message("b@x", &["a@x"], "dcache down", true, at(5, 11)),
            message("d@x", &[], "srm timeout", false, at(6, 9)),
        ];
        let threads = thread_archive(&messages);
        assert_eq!(threads.conversations, [vec![1, 2, 0], vec![3]]);
        assert_eq!(threads.duplicates, Vec::<usize>::new());
    }

    #[test]
    fn broken_threading_falls_back_on_the_subject_within_the_window() {
        let messages = [
            message("a@x", &[], "dcache down", false, at(5, 10)),
            message("b@x", &["lost@x"], "dcache down", true, at(6, 10)),
            message("c@x", &[], "dcache down", true, at(7, 10)),
            message("d@x", &[], "dcache down", false, at(8, 10)),
            message("", &[], "dcache down", true, at(8, 11)),
        ];
        let threads = thread_archive(&messages);
        assert_eq!(
            threads.conversations,
            [vec![0, 1, 2], vec![3, 4]],
            "a reply joins by subject; a new message with the same subject opens its own"
        );
        let late = [
            message("a@x", &[], "dcache down", false, at(1, 10)),
            message("b@x", &[], "dcache down", true, at(1, 10) + Duration::days(31)),
        ];
        assert_eq!(
            thread_archive(&late).conversations,
            [vec![0], vec![1]],
            "too late to join"
        );
    }

    #[test]
    fn a_message_archived_twice_is_kept_once() {
        let messages = [
            message("a@x", &[], "dcache down", false, at(5, 10)),
            message("a@x", &[], "dcache down", false, at(5, 10)),
            message("b@x", &["a@x"], "dcache down", true, at(5, 11)),
        ];
        let threads = thread_archive(&messages);
        assert_eq!(threads.conversations, [vec![0, 2]]);
        assert_eq!(threads.duplicates, [1]);
    }
}
