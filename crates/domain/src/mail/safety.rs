//! Which incoming messages are automatic, and what our own notifications
//! carry so that others can tell: a bounce, an auto-reply or a mail loop
//! must never make a ticket, an article or a mail storm (RFC 3834).
//!
//! [`classify`] applies these rules, in this order; the first that matches
//! decides:
//!
//! 1. A delivery-status report (`Content-Type: multipart/report;
//!    report-type=delivery-status`) or a message with `X-Failed-Recipients`
//!    is a [`Verdict::Bounce`]: the service records it on the ticket whose
//!    notification bounced, and it never makes an article. This comes
//!    first, because bounces are sent from the null sender.
//! 2. A read receipt (`report-type=disposition-notification`) is ignored.
//! 3. A null envelope sender (empty, or `<>` in `Return-Path`) is ignored.
//! 4. Our loop header naming this instance is our own notification come
//!    back; naming another instance, it is a loop between two helpdesks.
//! 5. `Auto-Submitted` with any value but `no` is automatic.
//! 6. `X-Auto-Response-Suppress` with `All`, `OOF`, `AutoReply`, `DR`, `RN`
//!    or `NRN` is automatic (Exchange sets it on out-of-office replies and
//!    bulk mail). Beware: other helpdesks found that Exchange also sets it
//!    on some mail people write; see [`IgnoreReason::AutoResponseSuppress`].
//! 7. `X-Autoreply`, `X-Autorespond` or `X-Auto-Reply`, whatever their
//!    value, mark an auto-reply.
//! 8. A `List-Id` among the coexistence lists is accepted as mail from that
//!    list, although lists set `Precedence: list`: during the migration the
//!    old operations list's mail must become tickets. Only this rule can
//!    override `Precedence`; the automatic markers above still win.
//! 9. A `Precedence` among the ignored ones (`bulk`, `junk`, `list`,
//!    `auto_reply` by default) is ignored.
//! 10. Anything else was written by a person and is accepted.
//!
//! Header names compare without regard to case, and every occurrence of a
//! repeated header counts.

use std::fmt;

/// The header every notification we send carries, naming this deployment.
pub const LOOP_HEADER: &str = "X-Guichet-Loop";

/// The `Precedence` values ignored by default.
pub const DEFAULT_IGNORED_PRECEDENCE: [&str; 4] = ["bulk", "junk", "list", "auto_reply"];

/// `X-Auto-Response-Suppress` values that mark a message as automatic.
const SUPPRESS_VALUES: [&str; 6] = ["All", "OOF", "AutoReply", "DR", "RN", "NRN"];

/// Headers whose mere presence marks an auto-reply.
const AUTO_REPLY_HEADERS: [&str; 3] = ["X-Autoreply", "X-Autorespond", "X-Auto-Reply"];

/// The longest header value a reason quotes, in characters.
const QUOTED_MAX_CHARS: usize = 80;

/// How this deployment tells automatic mail from mail people wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyPolicy {
    /// `Precedence` values that mark mail as automatic, compared without
    /// regard to case.
    pub ignored_precedence: Vec<String>,
    /// The header that names the helpdesk instance which sent a message.
    pub loop_header: &'static str,
    /// This deployment's id, written in the loop header.
    pub instance: String,
    /// `List-Id`s whose mail becomes tickets (the id inside `<...>`, with
    /// or without the brackets; compared without regard to case).
    pub coexistence_lists: Vec<String>,
}

impl SafetyPolicy {
    /// The default policy of the deployment `instance`: the default ignored
    /// precedences, [`LOOP_HEADER`], and no coexistence list.
    pub fn new(instance: impl Into<String>) -> Self {
        Self {
            ignored_precedence: DEFAULT_IGNORED_PRECEDENCE.map(str::to_owned).to_vec(),
            loop_header: LOOP_HEADER,
            instance: instance.into(),
            coexistence_lists: Vec::new(),
        }
    }
}

/// What to do with an incoming message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A person wrote it: it may make a ticket or an article.
    Accept {
        /// It came through one of the coexistence lists.
        from_list: bool,
    },
    /// A delivery failure: recorded on the ticket, never an article, never
    /// answered.
    Bounce,
    /// Automatic: dropped, and logged with the reason.
    Ignore(IgnoreReason),
}

/// Why an automatic message is dropped. Quoted header values are trimmed,
/// stripped of control characters and shortened, so they are safe in logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoreReason {
    /// `Auto-Submitted` other than `no`, with its value.
    AutoSubmitted(String),
    /// An ignored `Precedence`, with its value.
    Precedence(String),
    /// `X-Auto-Response-Suppress`, with its value. Exchange sets it on
    /// out-of-office replies, but Jitbit, Redmine, osTicket and Discourse
    /// found it on mail people wrote too; if such mail goes missing, this
    /// rule is the one to drop.
    AutoResponseSuppress(String),
    /// An auto-reply marker header, by name.
    AutoReply(&'static str),
    /// A read receipt (a message disposition notification).
    ReadReceipt,
    /// The envelope sender is null: only automatic mail is sent so.
    NullSender,
    /// Our own notification came back.
    OwnLoop,
    /// A notification from another Guichet instance, with its id: answering
    /// it would start a loop between the two helpdesks.
    OtherHelpdesk(String),
}

impl fmt::Display for IgnoreReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AutoSubmitted(value) => write!(f, "automatic message (Auto-Submitted: {value})"),
            Self::Precedence(value) => write!(f, "bulk or list mail (Precedence: {value})"),
            Self::AutoResponseSuppress(value) => {
                write!(f, "automatic message (X-Auto-Response-Suppress: {value})")
            }
            Self::AutoReply(header) => write!(f, "auto-reply (header {header})"),
            Self::ReadReceipt => f.write_str("read receipt"),
            Self::NullSender => f.write_str("null envelope sender"),
            Self::OwnLoop => f.write_str("our own notification came back"),
            Self::OtherHelpdesk(instance) => write!(f, "notification from another Guichet instance ({instance})"),
        }
    }
}

/// Classifies an incoming message by its headers (decoded `(name, value)`
/// pairs, in any case, possibly repeated) and its envelope sender, if known.
/// The rules and their order are in the module documentation.
pub fn classify(headers: &[(String, String)], envelope_sender: Option<&str>, policy: &SafetyPolicy) -> Verdict {
    if is_bounce(headers) {
        return Verdict::Bounce;
    }
    match automatic(headers, envelope_sender, policy) {
        Some(reason) => Verdict::Ignore(reason),
        None => list_or_precedence(headers, policy),
    }
}

/// The headers every notification we send carries, so that responders and
/// other helpdesks leave it alone and we know it if it comes back:
/// `Auto-Submitted: auto-generated` (RFC 3834), our loop header with our
/// instance, and `X-Auto-Response-Suppress: All` (Exchange's own signal).
///
/// No `Precedence: bulk`: RFC 3834 advises against relying on it, and some
/// providers (Gmail) file such mail away as bulk, while a notification is
/// mail one person needs to read.
pub fn outgoing_headers(policy: &SafetyPolicy) -> Vec<(&'static str, String)> {
    vec![
        ("Auto-Submitted", "auto-generated".to_owned()),
        (policy.loop_header, policy.instance.clone()),
        ("X-Auto-Response-Suppress", "All".to_owned()),
    ]
}

/// The rules that drop a message, in order; `None` if none applies.
fn automatic(
    headers: &[(String, String)],
    envelope_sender: Option<&str>,
    policy: &SafetyPolicy,
) -> Option<IgnoreReason> {
    read_receipt(headers)
        .or_else(|| null_sender(headers, envelope_sender))
        .or_else(|| loop_reason(headers, policy))
        .or_else(|| auto_submitted(headers))
        .or_else(|| auto_response_suppress(headers))
        .or_else(|| auto_reply_marker(headers))
}

/// The values of every header called `name`, trimmed.
fn values<'a>(headers: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .iter()
        .filter(move |(header, _)| header.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
}

/// Whether a header called `name` is present.
fn has(headers: &[(String, String)], name: &str) -> bool {
    values(headers, name).next().is_some()
}

/// A header value made safe to quote in a log line.
fn quoted(value: &str) -> String {
    value
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(QUOTED_MAX_CHARS)
        .collect()
}

/// A delivery-status report, or Exim's `X-Failed-Recipients`.
fn is_bounce(headers: &[(String, String)]) -> bool {
    has(headers, "X-Failed-Recipients") || has_report_type(headers, "delivery-status")
}

/// A message disposition notification.
fn read_receipt(headers: &[(String, String)]) -> Option<IgnoreReason> {
    has_report_type(headers, "disposition-notification").then_some(IgnoreReason::ReadReceipt)
}

/// Whether a `Content-Type` is `multipart/report` of `kind`.
fn has_report_type(headers: &[(String, String)], kind: &str) -> bool {
    values(headers, "Content-Type")
        .filter_map(report_type)
        .any(|found| found.eq_ignore_ascii_case(kind))
}

/// The `report-type` parameter of a `multipart/report` content type.
fn report_type(content_type: &str) -> Option<String> {
    let parts = split_parameters(content_type);
    let (media, parameters) = parts.split_first()?;
    if !media.trim().eq_ignore_ascii_case("multipart/report") {
        return None;
    }
    parameters.iter().find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim().eq_ignore_ascii_case("report-type").then(|| unquote(value))
    })
}

/// Splits a structured header at the semicolons outside quoted strings.
fn split_parameters(value: &str) -> Vec<&str> {
    let (mut parts, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (at, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&value[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

/// A parameter value without its quotes and escapes, trimmed.
fn unquote(value: &str) -> String {
    let value = value.trim();
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        if c == '\\' && !escaped {
            escaped = true;
        } else {
            out.push(c);
            escaped = false;
        }
    }
    out.trim().to_owned()
}

/// An empty envelope sender, or `Return-Path: <>`.
fn null_sender(headers: &[(String, String)], envelope_sender: Option<&str>) -> Option<IgnoreReason> {
    let null = envelope_sender.is_some_and(is_null_path) || values(headers, "Return-Path").any(is_null_path);
    null.then_some(IgnoreReason::NullSender)
}

/// Whether a reverse path is null: empty, `<>` or `< >`.
fn is_null_path(path: &str) -> bool {
    path.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .is_empty()
}

/// Our loop header: our instance, or another helpdesk's.
fn loop_reason(headers: &[(String, String)], policy: &SafetyPolicy) -> Option<IgnoreReason> {
    let instances: Vec<&str> = values(headers, policy.loop_header).collect();
    if instances
        .iter()
        .any(|instance| instance.eq_ignore_ascii_case(policy.instance.trim()))
    {
        return Some(IgnoreReason::OwnLoop);
    }
    instances
        .first()
        .map(|instance| IgnoreReason::OtherHelpdesk(quoted(instance)))
}

/// `Auto-Submitted` with a keyword other than `no` (parameters and
/// comments aside).
fn auto_submitted(headers: &[(String, String)]) -> Option<IgnoreReason> {
    values(headers, "Auto-Submitted")
        .find(|value| !leading_token(value).eq_ignore_ascii_case("no"))
        .map(|value| IgnoreReason::AutoSubmitted(quoted(value)))
}

/// The keyword a header value starts with, before any parameter or comment.
fn leading_token(value: &str) -> &str {
    value
        .split(|c: char| c == ';' || c == '(' || c.is_whitespace())
        .next()
        .unwrap_or_default()
}

/// `X-Auto-Response-Suppress` naming any of the automatic values.
fn auto_response_suppress(headers: &[(String, String)]) -> Option<IgnoreReason> {
    values(headers, "X-Auto-Response-Suppress")
        .find(|value| {
            value.split(',').any(|item| {
                SUPPRESS_VALUES
                    .iter()
                    .any(|known| item.trim().eq_ignore_ascii_case(known))
            })
        })
        .map(|value| IgnoreReason::AutoResponseSuppress(quoted(value)))
}

/// The first auto-reply marker header present.
fn auto_reply_marker(headers: &[(String, String)]) -> Option<IgnoreReason> {
    AUTO_REPLY_HEADERS
        .into_iter()
        .find(|name| has(headers, name))
        .map(IgnoreReason::AutoReply)
}

/// The last rules: a coexistence list's mail is accepted, an ignored
/// precedence dropped, anything else accepted.
fn list_or_precedence(headers: &[(String, String)], policy: &SafetyPolicy) -> Verdict {
    if from_coexistence_list(headers, policy) {
        return Verdict::Accept { from_list: true };
    }
    let ignored = values(headers, "Precedence").find(|value| {
        policy
            .ignored_precedence
            .iter()
            .any(|ignored| value.eq_ignore_ascii_case(ignored.trim()))
    });
    match ignored {
        Some(value) => Verdict::Ignore(IgnoreReason::Precedence(quoted(value))),
        None => Verdict::Accept { from_list: false },
    }
}

/// Whether a `List-Id` is one of the coexistence lists.
fn from_coexistence_list(headers: &[(String, String)], policy: &SafetyPolicy) -> bool {
    values(headers, "List-Id").any(|value| {
        policy
            .coexistence_lists
            .iter()
            .any(|list| list_id(value).eq_ignore_ascii_case(list_id(list)))
    })
}

/// The id of a `List-Id` value: what is inside `<...>`, or the whole value.
fn list_id(value: &str) -> &str {
    let inner = value
        .rsplit_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or(value, |(id, _)| id);
    inner.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> SafetyPolicy {
        SafetyPolicy {
            coexistence_lists: vec!["<OPS.lists.example.org>".to_owned()],
            ..SafetyPolicy::new("guichet-prod")
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    /// A message a person wrote, plus `extra` headers.
    fn human(extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut all = headers(&[
            ("Return-Path", "<alice@cnrs.fr>"),
            ("From", "Alice <alice@cnrs.fr>"),
            ("To", "helpdesk@guichet.example.org"),
            ("Subject", "SRM down at IN2P3-CC"),
            ("Message-ID", "<1234@cnrs.fr>"),
            ("Content-Type", "text/plain; charset=utf-8"),
        ]);
        all.extend(headers(extra));
        all
    }

    fn verdict(headers: &[(String, String)]) -> Verdict {
        classify(headers, Some("alice@cnrs.fr"), &policy())
    }

    fn ignored(reason: IgnoreReason) -> Verdict {
        Verdict::Ignore(reason)
    }

    const ACCEPTED: Verdict = Verdict::Accept { from_list: false };

    #[test]
    fn a_message_a_person_wrote_is_accepted() {
        assert_eq!(verdict(&human(&[])), ACCEPTED);
        assert_eq!(classify(&human(&[]), None, &policy()), ACCEPTED, "unknown envelope");
        assert_eq!(
            verdict(&human(&[("Auto-Submitted", "No (a person wrote it)")])),
            ACCEPTED,
            "RFC 3834: `no` means a person"
        );
        assert_eq!(verdict(&human(&[("X-Auto-Response-Suppress", "None")])), ACCEPTED);
        assert_eq!(verdict(&human(&[("Precedence", "first-class")])), ACCEPTED);
    }

    #[test]
    fn a_vacation_auto_reply_is_ignored() {
        let reply = human(&[("Auto-Submitted", "auto-replied (vacation)"), ("Subject", "Absent")]);
        assert_eq!(
            verdict(&reply),
            ignored(IgnoreReason::AutoSubmitted("auto-replied (vacation)".into()))
        );
        let generated = human(&[("Auto-Submitted", "Auto-Generated; owner-email=\"x@y.org\"")]);
        assert!(matches!(
            verdict(&generated),
            Verdict::Ignore(IgnoreReason::AutoSubmitted(_))
        ));
    }

    #[test]
    fn every_auto_submitted_header_counts() {
        let repeated = human(&[("Auto-Submitted", "no"), ("Auto-Submitted", "auto-notified")]);
        assert_eq!(
            verdict(&repeated),
            ignored(IgnoreReason::AutoSubmitted("auto-notified".into()))
        );
    }

    #[test]
    fn an_exchange_out_of_office_is_ignored() {
        let oof = human(&[
            ("Subject", "Automatic reply: SRM down"),
            ("X-MS-Exchange-Inbox-Rules-Loop", "bob@cern.ch"),
            ("X-Auto-Response-Suppress", "All"),
            ("Auto-Submitted", "auto-generated"),
        ]);
        assert!(matches!(verdict(&oof), Verdict::Ignore(IgnoreReason::AutoSubmitted(_))));
        let without_rfc_3834 = human(&[("X-Auto-Response-Suppress", "All")]);
        assert_eq!(
            verdict(&without_rfc_3834),
            ignored(IgnoreReason::AutoResponseSuppress("All".into()))
        );
    }

    #[test]
    fn any_suppressed_response_kind_marks_automatic_mail() {
        for value in [
            "OOF",
            "AutoReply",
            "DR",
            "RN",
            "NRN",
            "dr, rn, nrn, oof, autoreply",
            "NDR, OOF",
        ] {
            assert_eq!(
                verdict(&human(&[("X-Auto-Response-Suppress", value)])),
                ignored(IgnoreReason::AutoResponseSuppress(value.into())),
                "{value}"
            );
        }
        assert_eq!(verdict(&human(&[("X-Auto-Response-Suppress", "NDR")])), ACCEPTED);
    }

    #[test]
    fn auto_reply_markers_are_ignored_whatever_their_value() {
        for name in AUTO_REPLY_HEADERS {
            let reply = human(&[(name.to_lowercase().as_str(), "yes")]);
            assert_eq!(verdict(&reply), ignored(IgnoreReason::AutoReply(name)), "{name}");
        }
    }

    #[test]
    fn a_mailing_list_digest_is_ignored() {
        let digest = human(&[
            ("Precedence", "list"),
            ("List-Id", "WLCG users <wlcg-users.lists.example.org>"),
            ("Subject", "wlcg-users Digest, Vol 12, Issue 3"),
        ]);
        assert_eq!(verdict(&digest), ignored(IgnoreReason::Precedence("list".into())));
        for value in ["BULK", " junk ", "auto_reply"] {
            assert!(matches!(
                verdict(&human(&[("Precedence", value)])),
                Verdict::Ignore(IgnoreReason::Precedence(_))
            ));
        }
    }

    #[test]
    fn the_coexistence_list_becomes_tickets() {
        let list_mail = human(&[
            ("Precedence", "list"),
            ("List-Id", "Grid operations <ops.lists.example.org>"),
        ]);
        assert_eq!(verdict(&list_mail), Verdict::Accept { from_list: true });
        let bare = human(&[("List-Id", "ops.LISTS.example.org")]);
        assert_eq!(verdict(&bare), Verdict::Accept { from_list: true }, "no Precedence");
        let other = human(&[("Precedence", "list"), ("List-Id", "<ops.lists.example.com>")]);
        assert_eq!(verdict(&other), ignored(IgnoreReason::Precedence("list".into())));
    }

    #[test]
    fn an_auto_reply_through_the_coexistence_list_is_still_ignored() {
        let reply = human(&[
            ("Precedence", "list"),
            ("List-Id", "<ops.lists.example.org>"),
            ("Auto-Submitted", "auto-replied"),
        ]);
        assert_eq!(
            verdict(&reply),
            ignored(IgnoreReason::AutoSubmitted("auto-replied".into()))
        );
    }

    #[test]
    fn a_postfix_delivery_status_report_is_a_bounce() {
        let dsn = headers(&[
            ("Return-Path", "<>"),
            ("From", "MAILER-DAEMON@mx.cnrs.fr (Mail Delivery System)"),
            ("Subject", "Undelivered Mail Returned to Sender"),
            ("Auto-Submitted", "auto-replied"),
            (
                "Content-Type",
                "multipart/report; report-type=\"delivery-status\";\r\n\tboundary=\"4F2A1.1700000000/mx.cnrs.fr\"",
            ),
        ]);
        assert_eq!(
            classify(&dsn, Some(""), &policy()),
            Verdict::Bounce,
            "null sender, DSN first"
        );
    }

    #[test]
    fn report_types_are_parsed_in_any_case_and_quoting() {
        for content_type in [
            "multipart/report; report-type=delivery-status; boundary=x",
            "Multipart/Report; boundary=\"a;b\"; Report-Type = \"Delivery-Status\"",
            "MULTIPART/REPORT;REPORT-TYPE=DELIVERY-STATUS",
        ] {
            assert_eq!(
                verdict(&human(&[("Content-Type", content_type)])),
                Verdict::Bounce,
                "{content_type}"
            );
        }
        for not_a_report in [
            "multipart/mixed; report-type=delivery-status",
            "multipart/report; boundary=\"report-type=delivery-status\"",
        ] {
            assert_eq!(
                verdict(&human(&[("Content-Type", not_a_report)])),
                ACCEPTED,
                "{not_a_report}"
            );
        }
    }

    #[test]
    fn an_exim_failure_notice_is_a_bounce() {
        let exim = human(&[("X-Failed-Recipients", "bob@ihep.cn")]);
        assert_eq!(verdict(&exim), Verdict::Bounce);
    }

    #[test]
    fn a_read_receipt_is_ignored() {
        let receipt = human(&[(
            "Content-Type",
            "multipart/report; report-type=disposition-notification; boundary=x",
        )]);
        assert_eq!(verdict(&receipt), ignored(IgnoreReason::ReadReceipt));
    }

    #[test]
    fn a_null_sender_is_ignored() {
        for envelope in ["", "<>", " < > "] {
            assert_eq!(
                classify(&human(&[]), Some(envelope), &policy()),
                ignored(IgnoreReason::NullSender),
                "{envelope:?}"
            );
        }
        let mut null_return_path = human(&[]);
        null_return_path[0].1 = "<>".into();
        assert_eq!(
            classify(&null_return_path, None, &policy()),
            ignored(IgnoreReason::NullSender)
        );
    }

    #[test]
    fn our_own_notification_coming_back_is_a_loop() {
        let back = human(&[("Auto-Submitted", "auto-generated"), ("x-GUICHET-loop", "guichet-prod")]);
        assert_eq!(verdict(&back), ignored(IgnoreReason::OwnLoop), "before Auto-Submitted");
        let forwarded_twice = human(&[(LOOP_HEADER, "guichet-test"), (LOOP_HEADER, "guichet-prod")]);
        assert_eq!(verdict(&forwarded_twice), ignored(IgnoreReason::OwnLoop));
    }

    #[test]
    fn another_guichet_instances_notification_is_a_loop_between_helpdesks() {
        let theirs = human(&[(LOOP_HEADER, "guichet-test")]);
        assert_eq!(
            verdict(&theirs),
            ignored(IgnoreReason::OtherHelpdesk("guichet-test".into()))
        );
    }

    #[test]
    fn header_names_in_odd_case_are_recognised() {
        assert!(matches!(
            verdict(&human(&[("aUTO-sUBMITTED", "auto-replied")])),
            Verdict::Ignore(IgnoreReason::AutoSubmitted(_))
        ));
        assert!(matches!(
            verdict(&human(&[("PRECEDENCE", "bulk")])),
            Verdict::Ignore(IgnoreReason::Precedence(_))
        ));
        assert!(matches!(
            verdict(&human(&[(" x-auto-response-suppress ", "oof")])),
            Verdict::Ignore(IgnoreReason::AutoResponseSuppress(_))
        ));
        let dsn = human(&[("content-TYPE", "multipart/report; report-type=delivery-status")]);
        assert_eq!(verdict(&dsn), Verdict::Bounce);
        let list = human(&[("precedence", "list"), ("LIST-ID", "<ops.lists.example.org>")]);
        assert_eq!(verdict(&list), Verdict::Accept { from_list: true });
    }

    #[test]
    fn our_notifications_say_they_are_automatic_and_ours() {
        let sent = outgoing_headers(&policy());
        assert_eq!(
            sent,
            vec![
                ("Auto-Submitted", "auto-generated".to_owned()),
                (LOOP_HEADER, "guichet-prod".to_owned()),
                ("X-Auto-Response-Suppress", "All".to_owned()),
            ]
        );
        assert!(!sent.iter().any(|(name, _)| name.eq_ignore_ascii_case("Precedence")));
        let received: Vec<(String, String)> = sent.into_iter().map(|(name, value)| (name.to_owned(), value)).collect();
        assert_eq!(verdict(&received), ignored(IgnoreReason::OwnLoop));
        let elsewhere = classify(
            &received,
            Some("helpdesk@guichet.example.org"),
            &SafetyPolicy::new("other"),
        );
        assert_eq!(elsewhere, ignored(IgnoreReason::OtherHelpdesk("guichet-prod".into())));
    }

    #[test]
    fn reasons_read_well_in_logs() {
        assert_eq!(
            IgnoreReason::AutoSubmitted("auto-replied".into()).to_string(),
            "automatic message (Auto-Submitted: auto-replied)"
        );
        assert_eq!(
            IgnoreReason::OtherHelpdesk("guichet-test".into()).to_string(),
            "notification from another Guichet instance (guichet-test)"
        );
        assert_eq!(IgnoreReason::OwnLoop.to_string(), "our own notification came back");
        assert_eq!(
            IgnoreReason::AutoReply("X-Autoreply").to_string(),
            "auto-reply (header X-Autoreply)"
        );
    }

    #[test]
    fn quoted_values_are_safe_in_logs() {
        let nasty = format!("auto-replied\n{}", "x".repeat(200));
        let Verdict::Ignore(IgnoreReason::AutoSubmitted(value)) =
            verdict(&human(&[("Auto-Submitted", nasty.as_str())]))
        else {
            panic!("automatic");
        };
        assert!(!value.chars().any(char::is_control));
        assert_eq!(value.chars().count(), QUOTED_MAX_CHARS);
    }
}
