//! The rota as an iCalendar feed (RFC 5545), for a site or a person.
//!
//! One `VEVENT` per shift and site, from the handover that opens the week
//! to the next one, in UTC (so no `VTIMEZONE` is needed). Its `UID` is made
//! of the week and the site, so a calendar updates the event when the
//! site's role that week changes; `SUMMARY` says the role and the site.
//! Text is escaped (`\\`, `\;`, `\,`, `\n`), lines end with CRLF and are
//! folded at 75 octets, never inside a character.

use chrono::{DateTime, Utc};

use super::model::{Handover, Role, Rota, Week};
use crate::ids::SiteId;

/// One event of a feed: a site's part in one week's shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedEvent {
    /// The week.
    pub week: Week,
    /// The site.
    pub site: SiteId,
    /// Its role.
    pub role: Role,
}

/// The events of `site`'s shifts, in order: a site's feed.
pub fn site_events(rota: &Rota, site: SiteId) -> Vec<FeedEvent> {
    rota.shifts_of(site)
        .map(|(shift, role)| FeedEvent {
            week: shift.week_start,
            site,
            role,
        })
        .collect()
}

/// The events of several sites' shifts, in order: a person's feed, for
/// the sites whose shift contact they are.
pub fn sites_events(rota: &Rota, sites: &[SiteId]) -> Vec<FeedEvent> {
    let mut events: Vec<FeedEvent> = sites.iter().flat_map(|&site| site_events(rota, site)).collect();
    events.sort_by_key(|event| (event.week, event.role, event.site));
    events.dedup();
    events
}

/// What a feed says about itself.
#[derive(Debug, Clone, Copy)]
pub struct Feed<'a> {
    /// The calendar's name (`X-WR-CALNAME`), such as the site's name.
    pub name: &'a str,
    /// The domain that makes UIDs unique, such as the helpdesk's host.
    pub domain: &'a str,
    /// When shifts hand over.
    pub handover: Handover,
    /// When the feed is produced (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
}

/// The iCalendar text of `events`, naming sites with `name`.
pub fn render(feed: &Feed<'_>, events: &[FeedEvent], name: impl Fn(SiteId) -> String) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Guichet//First-level support rota//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape(feed.name)),
    ];
    let stamp = utc(feed.stamp);
    for event in events {
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:rota-{}-site-{}@{}", event.week, event.site, feed.domain),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{}", utc(feed.handover.starts(event.week))),
            format!("DTEND:{}", utc(feed.handover.ends(event.week))),
            format!("SUMMARY:{}", escape(&summary(event.role, &name(event.site)))),
            "TRANSP:TRANSPARENT".to_owned(),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|line| fold(line)).collect()
}

/// The event's title.
pub fn summary(role: Role, site: &str) -> String {
    format!("First-level support: {role} ({site})")
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT escaping (RFC 5545, 3.3.11).
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A content line folded at 75 octets (RFC 5545, 3.1), each line ended
/// by CRLF; a continuation starts with a space, counted in its 75.
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            folded.push_str("\r\n ");
            width = 1;
        }
        folded.push(c);
        width += c.len_utf8();
    }
    folded.push_str("\r\n");
    folded
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::rota::model::two_week_rota;

    fn rota() -> Rota {
        two_week_rota(NaiveDate::from_ymd_opt(2026, 3, 23).unwrap())
    }

    fn feed(name: &str) -> Feed<'_> {
        Feed {
            name,
            domain: "guichet.example.org",
            handover: Handover::monday_morning(chrono_tz::Europe::Paris),
            stamp: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap(),
        }
    }

    fn name(site: SiteId) -> String {
        format!("SITE-{site}")
    }

    #[test]
    fn a_site_feed_has_an_event_per_shift_from_handover_to_handover() {
        let text = render(&feed("SITE-1"), &site_events(&rota(), SiteId(1)), name);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{text}");
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"), "{text}");
        assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), 2);
        assert_eq!(text.matches("END:VEVENT\r\n").count(), 2);
        assert!(text.contains("SUMMARY:First-level support: primary (SITE-1)\r\n"));
        assert!(text.contains("SUMMARY:First-level support: backup (SITE-1)\r\n"));
        // Winter time on 23 March, summer time from 29 March 2026.
        assert!(
            text.contains("DTSTART:20260323T080000Z\r\nDTEND:20260330T070000Z\r\n"),
            "{text}"
        );
        assert!(text.contains("UID:rota-2026-03-30-site-1@guichet.example.org\r\n"));
        assert!(text.contains("DTSTAMP:20260301T120000Z\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    }

    #[test]
    fn uids_are_stable_per_week_and_site() {
        let first = render(&feed("all"), &sites_events(&rota(), &[SiteId(1), SiteId(2)]), name);
        let uids: Vec<&str> = first.lines().filter(|l| l.starts_with("UID:")).collect();
        assert_eq!(uids.len(), 3);
        let again = render(&feed("all"), &sites_events(&rota(), &[SiteId(2), SiteId(1)]), name);
        assert_eq!(again, first);
    }

    #[test]
    fn long_lines_are_folded_at_75_octets_and_text_is_escaped() {
        let long = "Très long nom de site, avec des virgules; et des accents éàü".repeat(3);
        let text = render(&feed(&long), &[], name);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} has {} octets", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("X-WR-CALNAME:Très long nom de site\\, avec des virgules\\; et"),
            "{unfolded}"
        );
    }
}
