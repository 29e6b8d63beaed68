//! The current time, as Guichet stores it.

use chrono::{DateTime, SubsecRound, Utc};

/// Now, truncated to microseconds: the precision both databases keep, so a
/// value read back equals the value written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    #[test]
    fn now_has_whole_microseconds() {
        assert_eq!(super::now().timestamp_subsec_nanos() % 1_000, 0);
    }
}
