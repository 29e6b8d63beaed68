//! How repeated failed sign-ins slow down guessing: failures are counted
//! per account and per client address in fixed windows, and a key with
//! too many failures in its window is refused until the window ends.

use chrono::{DateTime, Duration, Utc};

/// A limit on failures under one kind of key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// The kind of key, as its prefix: `account` or `address`.
    pub kind: &'static str,
    /// Failures allowed in a window before sign-in is refused.
    pub limit: i64,
    /// How long a window lasts from its first failure.
    pub window: Duration,
}

/// Per account: five failures in a quarter of an hour. Small, because one
/// account is one person guessing.
pub const PER_ACCOUNT: Throttle = Throttle {
    kind: "account",
    limit: 5,
    window: Duration::minutes(15),
};

/// Per client address: fifty failures in a quarter of an hour. Larger,
/// because a site's whole staff may sign in through one address.
pub const PER_ADDRESS: Throttle = Throttle {
    kind: "address",
    limit: 50,
    window: Duration::minutes(15),
};

impl Throttle {
    /// The key failures of `value` (an address, an account's e-mail) are
    /// counted under.
    pub fn key(&self, value: &str) -> String {
        format!("{}:{}", self.kind, value.trim().to_lowercase())
    }

    /// When a window that began at `window_start` began too long ago to
    /// count at `now`: windows that began before this start again.
    pub fn window_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window
    }

    /// Until when sign-in is refused, at `now`, with `failures` counted in
    /// the window that began at `window_start`; `None` if it is not.
    pub fn refused_until(
        &self,
        failures: i64,
        window_start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let end = window_start + self.window;
        (failures >= self.limit && now < end).then_some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_key_is_refused_from_its_limit_to_its_windows_end() {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let during = start + Duration::minutes(5);
        assert_eq!(PER_ACCOUNT.refused_until(4, start, during), None, "under the limit");
        let end = start + Duration::minutes(15);
        assert_eq!(PER_ACCOUNT.refused_until(5, start, during), Some(end));
        assert_eq!(PER_ACCOUNT.refused_until(9, start, end), None, "the window is over");
        assert_eq!(
            PER_ADDRESS.refused_until(5, start, during),
            None,
            "addresses allow more"
        );
    }

    #[test]
    fn keys_name_their_kind_and_ignore_case() {
        assert_eq!(PER_ACCOUNT.key(" Rita@Example.org "), "account:rita@example.org");
        assert_eq!(PER_ADDRESS.key("192.0.2.7"), "address:192.0.2.7");
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        assert_eq!(PER_ACCOUNT.window_since(now), now - Duration::minutes(15));
    }
}
