//! The first-level support rota: generating a year, showing it, swapping
//! shifts between sites, the sites' blackouts and shift contacts, who is
//! on duty now (for routing notifications), the handover digest, and the
//! calendar feeds.
//!
//! The rules are the domain's (`guichet_domain::rota`); this module reads
//! what they need, checks who may act, and commits each change with the
//! rota's own history and its events (`rota.changed`,
//! `rota.swap.proposed`, `rota.swap.decided`), which tell both sites.

mod access;
pub mod contacts;
pub mod digest;
pub mod duty;
pub mod feeds;
pub mod generate;
mod load;
pub mod read;
pub mod swaps;

use chrono::{NaiveTime, Weekday};

pub use access::may_act_for;
pub use contacts::{
    ContactBody, ContactView, set_blackouts, set_shift_contacts, site_blackouts, site_members, site_shift_contacts,
};
pub use digest::{DIGEST_REASON, DigestOutcome, next_handover, send_handover_digest};
pub use duty::{ShiftTeam, on_duty_at};
pub use feeds::{FeedView, NewFeed, create_feed, feed_calendar, feed_path, list_feeds, revoke_feed};
pub use generate::{GenerateBody, Generated, generate_year};
pub use guichet_domain::rota::{Role as ShiftRole, RotaRow, Shift, SwapProposal, SwapState, Week};
pub use guichet_store::{FeedOwner, RotaEntry, ShiftContact, StoredFeed, StoredSwap};
pub use read::{
    DutyPerson, OnShiftView, ShiftView, SiteRef, SiteShift, WeekRow, on_shift_view, rota_history, site_next_shifts,
    week_in_force, year_csv, year_rows,
};
pub use swaps::{
    Decision, OverrideBody, SwapBody, SwapView, check_swap, decide_swap, list_swaps, override_week, propose_swap,
};

/// When shifts hand over, before the zone: a weekday and a wall-clock
/// time, Monday 09:00 unless the deployment says otherwise. The zone is
/// that of the deployment's working-hours calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandoverTime {
    /// The day shifts start.
    pub weekday: Weekday,
    /// The time shifts start, that day.
    pub time: NaiveTime,
}

impl Default for HandoverTime {
    fn default() -> Self {
        Self {
            weekday: Weekday::Mon,
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl HandoverTime {
    /// Parses `mon 09:00` (an English weekday, full or abbreviated, and a
    /// 24-hour time), as the `--rota-handover` flag takes it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.split_whitespace();
        let (Some(day), Some(time), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!(
                "{text:?}: expected a weekday and a time, such as \"mon 09:00\""
            ));
        };
        let weekday: Weekday = day
            .parse()
            .map_err(|_| format!("{day:?} is not a weekday (mon, tue, … sun)"))?;
        let time =
            NaiveTime::parse_from_str(time, "%H:%M").map_err(|_| format!("{time:?} is not a time such as 09:00"))?;
        Ok(Self { weekday, time })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handover_is_parsed_from_a_weekday_and_a_time() {
        assert_eq!(HandoverTime::parse("mon 09:00").unwrap(), HandoverTime::default());
        let thursday = HandoverTime::parse("Thursday 14:30").unwrap();
        assert_eq!(thursday.weekday, Weekday::Thu);
        assert_eq!(thursday.time, NaiveTime::from_hms_opt(14, 30, 0).unwrap());
        assert!(HandoverTime::parse("mon").unwrap_err().contains("expected"));
        assert!(HandoverTime::parse("noday 09:00").unwrap_err().contains("weekday"));
        assert!(HandoverTime::parse("mon 25:00").unwrap_err().contains("time"));
    }
}
