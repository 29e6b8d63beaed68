//! The ticket tag in subjects (`[Guichet #100234]`) and the ticket's own
//! address (`helpdesk+100234@ngi.example`): how they are written, and how
//! they are found again in what comes back.
//!
//! Mail clients and lists mangle subjects: they prepend reply and forward
//! prefixes in the reader's language (`Re:`, `AW:`, `TR :`, `Re[2]:`), list
//! tags (`[ops-list]`), change case and re-wrap long lines. Reading is
//! therefore tolerant, writing is always the one form.
//!
//! The tag is read as `[`, the prefix's words, `#`, the number's digits and
//! `]`, in that order, with any whitespace (line breaks included) or none
//! around each part, the prefix compared without regard to case.
//!
//! A reply prefix is one of the words of [`REPLY_WORDS`] (any case), then an
//! optional `.`, an optional count in brackets or parentheses (`[2]`, `(3)`),
//! optional whitespace (French typography puts a space before the colon) and
//! a colon (`:` or the full-width `：`). Italian Outlook's one-letter `R:` and
//! `I:` are not among them: a single letter too often begins a real subject
//! ("R: package fails to build").

use std::ops::Range;

use crate::ids::TicketNumber;

/// The reply and forward words of mail clients, lower-case: English `re`,
/// `fw`, `fwd`; German `aw`, `wg`; Dutch `antw`, `doorst`; French `tr`,
/// `réf`, `ref`; Nordic `sv`, `vs`, `vb`, `vl`, `fs`; Spanish `rv`; Italian
/// `rif`; Portuguese `res`, `enc`.
pub const REPLY_WORDS: &[&str] = &[
    "re", "fw", "fwd", "aw", "wg", "antw", "doorst", "tr", "réf", "ref", "sv", "vs", "vb", "vl", "fs", "rv", "rif",
    "res", "enc",
];

/// The tag that outgoing mail carries in its subject: `[Guichet #100234]`
/// for the prefix `Guichet` (a deployment setting).
pub fn tag(prefix: &str, number: TicketNumber) -> String {
    format!("[{} #{number}]", prefix.trim())
}

/// The number of the first tag with this prefix, anywhere in a (decoded)
/// subject, that names a valid ticket number; tags with invalid numbers
/// are passed over.
pub fn find_tag(subject: &str, prefix: &str) -> Option<TicketNumber> {
    subject.match_indices('[').find_map(|(start, _)| {
        let (digits, _) = tag_at(&subject[start..], prefix)?;
        valid_number(digits)
    })
}

/// The subject without the reply and forward prefixes in front of it
/// (`Re: AW: Fwd: TR : Re[2]:`), however many, and without surrounding
/// whitespace.
pub fn strip_reply_prefixes(subject: &str) -> &str {
    let mut rest = subject.trim_start();
    while let Some(after) = after_reply_prefix(rest) {
        rest = after.trim_start();
    }
    rest.trim_end()
}

/// What the threading rule compares: the subject without any of our tags
/// (whatever their number), without the reply prefixes and bracketed list
/// tags (`[ops]`) in front of it, its whitespace collapsed to single spaces,
/// in lower case.
pub fn normalise_subject(subject: &str, prefix: &str) -> String {
    let untagged = without_tags(subject, prefix);
    let bare = without_leading_noise(&untagged);
    bare.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether `subject` carries a reply or forward prefix, after any bracketed
/// list tags in front of it (`[ops] Re: …`, `Re: [ops] …`).
pub fn has_reply_prefix(subject: &str) -> bool {
    let mut rest = subject.trim_start();
    loop {
        if after_reply_prefix(rest).is_some() {
            return true;
        }
        match after_list_tag(rest) {
            Some(after) => rest = after.trim_start(),
            None => return false,
        }
    }
}

/// The ticket's own address: `helpdesk+100234@ngi.example` for the base
/// address `helpdesk@ngi.example`.
pub fn ticket_address(base: &str, number: TicketNumber) -> String {
    let base = base.trim();
    match base.rsplit_once('@') {
        Some((local, domain)) => format!("{local}+{number}@{domain}"),
        None => format!("{base}+{number}"),
    }
}

/// The ticket number of a ticket address made from `base` by
/// [`ticket_address`], compared without regard to case; `None` for any
/// other address, or if the number is not a valid ticket number.
pub fn plus_address_number(address: &str, base: &str) -> Option<TicketNumber> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, domain) = address.rsplit_once('@')?;
    let (base_local, base_domain) = base.trim().rsplit_once('@')?;
    if domain.to_lowercase() != base_domain.to_lowercase() {
        return None;
    }
    let digits = strip_ignoring_case(local, base_local)?.strip_prefix('+')?;
    valid_number(digits)
}

/// The number that `digits` spell, if it is a valid ticket number.
fn valid_number(digits: &str) -> Option<TicketNumber> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = TicketNumber(digits.parse().ok()?);
    number.ticket_id().map(|_| number)
}

/// Our tag at the very start of `s`: its digits and what follows its `]`.
fn tag_at<'a>(s: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let mut rest = s.strip_prefix('[')?;
    for word in prefix.split_whitespace() {
        rest = strip_ignoring_case(rest.trim_start(), word)?;
    }
    rest = rest.trim_start().strip_prefix('#')?.trim_start();
    let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let (digits, after) = rest.split_at(digits_end);
    let after = after.trim_start().strip_prefix(']')?;
    (!digits.is_empty()).then_some((digits, after))
}

/// Where the first of our tags is in `s`, whatever its number.
fn tag_span(s: &str, prefix: &str) -> Option<Range<usize>> {
    s.match_indices('[').find_map(|(start, _)| {
        let (_, after) = tag_at(&s[start..], prefix)?;
        Some(start..s.len() - after.len())
    })
}

/// `subject` without our tags (a new ticket made from a mail that named
/// another carries only its own), its spaces collapsed.
pub fn strip_tags(subject: &str, prefix: &str) -> String {
    without_tags(subject, prefix)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `s` with every one of our tags replaced by a space, until none is left
/// (removing one may join the pieces of another around it).
fn without_tags(s: &str, prefix: &str) -> String {
    let mut text = s.to_owned();
    while let Some(span) = tag_span(&text, prefix) {
        text.replace_range(span, " ");
    }
    text
}

/// `s` without the reply prefixes and bracketed list tags in front of it,
/// in any order and number.
fn without_leading_noise(s: &str) -> &str {
    let mut rest = strip_reply_prefixes(s);
    while let Some(after) = after_list_tag(rest) {
        rest = strip_reply_prefixes(after);
    }
    rest
}

/// What follows a bracketed tag (`[ops-list]`) at the start of `s`.
fn after_list_tag(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('[')?;
    let end = inner.find(['[', ']'])?;
    inner[end..].strip_prefix(']')
}

/// What follows one reply prefix at the start of `s`.
fn after_reply_prefix(s: &str) -> Option<&str> {
    let word_end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    let (word, rest) = s.split_at(word_end);
    if !REPLY_WORDS.contains(&word.to_lowercase().as_str()) {
        return None;
    }
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    skip_count(rest).trim_start().strip_prefix([':', '：'])
}

/// `s` without a reply count (`[2]`, `(3)`) at its start.
fn skip_count(s: &str) -> &str {
    [('[', ']'), ('(', ')')]
        .into_iter()
        .find_map(|(open, close)| {
            let (digits, after) = s.strip_prefix(open)?.split_once(close)?;
            let is_count = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            is_count.then_some(after)
        })
        .unwrap_or(s)
}

/// What follows `word` at the start of `s`, compared without regard to case.
fn strip_ignoring_case<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let mut chars = s.chars();
    for expected in word.chars() {
        let found = chars.next()?;
        if !found.to_lowercase().eq(expected.to_lowercase()) {
            return None;
        }
    }
    Some(chars.as_str())
}

#[cfg(test)]
pub(crate) mod tests {
    use proptest::prelude::*;

    use super::*;

    const PREFIX: &str = "Guichet";
    const NUMBER: TicketNumber = TicketNumber(100_234);

    /// Reply and forward prefixes as clients write them, and list tags.
    pub(crate) const CLIENT_PREFIXES: &[&str] = &[
        "Re: ",
        "RE: ",
        "RE : ",
        "re:",
        "Re:Re: ",
        "AW: ",
        "Aw : ",
        "WG: ",
        "TR: ",
        "TR : ",
        "Fwd: ",
        "FWD:",
        "Fw: ",
        "SV: ",
        "VS: ",
        "Sv:",
        "VB: ",
        "Antw: ",
        "ANTW: ",
        "Réf. : ",
        "RÉF: ",
        "Ref.: ",
        "RV: ",
        "Rif: ",
        "Re[2]: ",
        "RE[12]:",
        "Re(3): ",
        "Re\u{a0}: ",
        "Re\u{202f}: ",
        "[ops-list] ",
        "[EXTERNAL] ",
    ];

    /// Any sequence of reply prefixes and list tags, as clients and lists
    /// pile them up (list tags are only skipped by [`normalise_subject`]).
    pub(crate) fn client_prefixes() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(CLIENT_PREFIXES), 0..5).prop_map(|parts| parts.concat())
    }

    /// Only the reply prefixes, which [`strip_reply_prefixes`] removes.
    fn reply_prefixes() -> impl Strategy<Value = String> {
        let forms: Vec<&str> = CLIENT_PREFIXES
            .iter()
            .copied()
            .filter(|p| !p.starts_with('['))
            .collect();
        prop::collection::vec(prop::sample::select(forms), 0..5).prop_map(|parts| parts.concat())
    }

    /// Whitespace that re-wrapping or a careless hand may put inside a tag.
    pub(crate) fn tag_gap() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["", " ", "  ", "\t", "\r\n ", "\r\n\t", "\n ", " \r\n  "]).prop_map(str::to_owned)
    }

    /// Deployment prefixes: one or two words.
    pub(crate) fn deployment_prefix() -> impl Strategy<Value = String> {
        "[A-Za-z][A-Za-z0-9-]{0,9}( [A-Za-z][A-Za-z0-9]{0,5})?"
    }

    /// Valid ticket numbers.
    pub(crate) fn valid_number() -> impl Strategy<Value = TicketNumber> {
        (100_001i64..10_000_000_000).prop_map(TicketNumber)
    }

    /// Our tag for `number`, written with `gaps` around its parts and the
    /// prefix's case changed where `upper` says so.
    fn mangled_tag(prefix: &str, number: TicketNumber, gaps: &[String], upper: &[bool]) -> String {
        let cased: String = prefix
            .chars()
            .zip(upper.iter().cycle())
            .map(|(c, &up)| {
                if up {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        format!("[{}{cased}{}#{}{number}{}]", gaps[0], gaps[1], gaps[2], gaps[3])
    }

    #[test]
    fn reply_prefixes_are_seen_behind_list_tags() {
        assert!(has_reply_prefix("Re: dCache down"));
        assert!(has_reply_prefix("[ops-list] AW: dCache down"));
        assert!(has_reply_prefix("  TR : [ops] dCache down"));
        assert!(!has_reply_prefix("[ops-list] dCache down"));
        assert!(!has_reply_prefix("Reboot of the CE"));
        assert!(!has_reply_prefix(""));
    }

    #[test]
    fn the_tag_names_prefix_and_number() {
        assert_eq!(tag(PREFIX, NUMBER), "[Guichet #100234]");
        assert_eq!(tag(" NGI Desk ", NUMBER), "[NGI Desk #100234]");
    }

    #[test]
    fn the_tag_is_found_however_clients_mangle_it() {
        for subject in [
            "[Guichet #100234] SRM down",
            "Re: [Guichet #100234] SRM down",
            "RE : AW: [guichet #100234] SRM down",
            "[GUICHET #100234]",
            "Re: [Guichet\r\n #100234] SRM down",
            "[Guichet#100234] SRM down",
            "[ Guichet # 100234 ] SRM down",
            "TR: Fwd: Fw: WG: SV: VS: Antw: Réf. : RV: Re[2]: Re: Re: [Guichet #100234]",
            "[ops-list] Re: [Guichet #100234] SRM down",
            "SRM down [Guichet #100234]",
            "Re: SRM down ([Guichet #100234])",
        ] {
            assert_eq!(find_tag(subject, PREFIX), Some(NUMBER), "{subject:?}");
        }
    }

    #[test]
    fn only_valid_tags_with_our_prefix_count() {
        for subject in [
            "SRM down",
            "[Guichet #100000] the base is no ticket",
            "[Guichet #12]",
            "[Guichet #-100234]",
            "[Guichet 100234] needs its #",
            "[Guichet #100234 unclosed",
            "[Guichet #]",
            "[GGUS #100234]",
            "[Guichetx #100234]",
            "[XGuichet #100234]",
            "[Guichet Desk #100234]",
            "[Guichet #99999999999999999999999]",
            "Re: #100234",
        ] {
            assert_eq!(find_tag(subject, PREFIX), None, "{subject:?}");
        }
    }

    #[test]
    fn the_first_valid_tag_wins() {
        let subject = "[Guichet #12] [Guichet #100234] [Guichet #100777]";
        assert_eq!(find_tag(subject, PREFIX), Some(NUMBER));
        assert_eq!(find_tag("[NGI Desk  #100234]", "NGI Desk"), Some(NUMBER));
        assert_eq!(find_tag("[#100234]", ""), Some(NUMBER), "an empty prefix still tags");
    }

    #[test]
    fn reply_prefixes_of_every_language_are_stripped() {
        for subject in [
            "Re: SRM down",
            "RE : SRM down",
            "Re: Re: SRM down",
            "re:SRM down",
            "AW: WG: SRM down",
            "TR : Fwd : SRM down",
            "Fw: SRM down",
            "SV: VS: VB: VL: FS: SRM down",
            "Antw: Doorst: SRM down",
            "Réf. : Ref.: RÉF: SRM down",
            "RV: Rif: SRM down",
            "Res: Enc: SRM down",
            "Re[3]: Re(2): SRM down",
            "Re\u{a0}: Re\u{202f}: SRM down",
            "Re：SRM down",
            "  Re:   SRM down  ",
        ] {
            assert_eq!(strip_reply_prefixes(subject), "SRM down", "{subject:?}");
        }
    }

    #[test]
    fn words_that_only_look_like_prefixes_stay() {
        for subject in [
            "Re-install fails",
            "Rebuild: worker nodes",
            "R: package fails to build",
            "Re [x]: odd",
            "Re[a]: odd",
            "Fwd? no",
            "SRM down. Re: earlier mail",
            "[ops] Re: list tags are not reply prefixes",
        ] {
            assert_eq!(strip_reply_prefixes(subject), subject, "{subject:?}");
        }
        assert_eq!(strip_reply_prefixes("Re: "), "");
    }

    #[test]
    fn normalised_subjects_keep_only_the_words_of_the_problem() {
        for subject in [
            "SRM down",
            "Re: [Guichet #100234] SRM down",
            "[ops-list] RE : [GUICHET\r\n #100234]   SRM\tDOWN ",
            "Re: [ops] [Guichet #12] Re: SRM down",
            "SRM down [Guichet #100234]",
            "[Guichet[Guichet #100001] #100002] SRM down",
        ] {
            assert_eq!(normalise_subject(subject, PREFIX), "srm down", "{subject:?}");
        }
        assert_eq!(normalise_subject("Re: [Guichet #100234]", PREFIX), "");
        assert_eq!(normalise_subject("[GGUS #1234] SRM", PREFIX), "srm");
        assert_eq!(normalise_subject("SRM [ops] down", PREFIX), "srm [ops] down");
    }

    #[test]
    fn ticket_addresses_carry_the_number_after_a_plus() {
        assert_eq!(
            ticket_address("helpdesk@ngi.example", NUMBER),
            "helpdesk+100234@ngi.example"
        );
        assert_eq!(ticket_address("helpdesk", NUMBER), "helpdesk+100234");
    }

    #[test]
    fn ticket_addresses_are_read_back_for_our_base_only() {
        let base = "helpdesk@ngi.example";
        for address in [
            "helpdesk+100234@ngi.example",
            "HelpDesk+100234@NGI.Example",
            " <helpdesk+100234@ngi.example> ",
        ] {
            assert_eq!(plus_address_number(address, base), Some(NUMBER), "{address:?}");
        }
        for address in [
            "helpdesk@ngi.example",
            "helpdesk+@ngi.example",
            "helpdesk+12@ngi.example",
            "helpdesk+100000@ngi.example",
            "helpdesk+100234x@ngi.example",
            "helpdesk+-100234@ngi.example",
            "helpdesk+100234@other.example",
            "support+100234@ngi.example",
            "xhelpdesk+100234@ngi.example",
            "helpdeskx+100234@ngi.example",
            "helpdesk+100234",
        ] {
            assert_eq!(plus_address_number(address, base), None, "{address:?}");
        }
        assert_eq!(plus_address_number("helpdesk+100234@ngi.example", "helpdesk"), None);
    }

    proptest! {
        #[test]
        fn a_tag_is_found_again_through_prefixes_and_wrapping(
            prefix in deployment_prefix(),
            number in valid_number(),
            before in client_prefixes(),
            gaps in prop::collection::vec(tag_gap(), 4),
            upper in prop::collection::vec(any::<bool>(), 1..8),
            after in "[a-zA-Z0-9 .:,-]{0,30}",
        ) {
            prop_assert_eq!(find_tag(&format!("{before}{}{after}", tag(&prefix, number)), &prefix), Some(number));
            let subject = format!("{before}{}{after}", mangled_tag(&prefix, number, &gaps, &upper));
            prop_assert_eq!(find_tag(&subject, &prefix), Some(number), "{:?}", subject);
        }

        #[test]
        fn stripping_prefixes_leaves_the_subject(prefixes in reply_prefixes(), rest in "[A-Za-z0-9][A-Za-z0-9 ,-]{0,30}") {
            let subject = format!("{prefixes}{rest}");
            prop_assert_eq!(strip_reply_prefixes(&subject), strip_reply_prefixes(&rest));
        }

        #[test]
        fn normalising_is_idempotent(subject in "\\PC{0,60}", prefix in deployment_prefix()) {
            let once = normalise_subject(&subject, &prefix);
            prop_assert_eq!(normalise_subject(&once, &prefix), once.clone());
        }

        #[test]
        fn normalising_is_idempotent_on_mail_like_subjects(
            before in client_prefixes(),
            number in valid_number(),
            rest in "[A-Za-z \\[\\]#:]{0,40}",
        ) {
            let subject = format!("{before}{} {rest}", tag(PREFIX, number));
            let once = normalise_subject(&subject, PREFIX);
            prop_assert_eq!(normalise_subject(&once, PREFIX), once.clone());
        }

        #[test]
        fn normalising_ignores_prefixes_and_our_tag(
            subject in "\\PC{0,60}",
            prefix in deployment_prefix(),
            before in client_prefixes(),
            between in client_prefixes(),
            number in valid_number(),
        ) {
            let tagged = format!("{before}{} {between}{subject}", tag(&prefix, number));
            prop_assert_eq!(normalise_subject(&tagged, &prefix), normalise_subject(&subject, &prefix));
        }

        #[test]
        fn ticket_addresses_round_trip(number in valid_number(), local in "[a-z][a-z0-9.-]{0,12}", domain in "[a-z]{1,8}\\.[a-z]{2,4}") {
            let base = format!("{local}@{domain}");
            prop_assert_eq!(plus_address_number(&ticket_address(&base, number), &base), Some(number));
            prop_assert_eq!(plus_address_number(&ticket_address(&base, number).to_uppercase(), &base), Some(number));
        }
    }
}
