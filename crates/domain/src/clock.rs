//! Time as an input. Use cases never read the system clock: they ask the
//! [`Clock`] they are given, the [`SystemClock`] in production and a
//! [`ManualClock`] in tests and in `guichet worker --once --now`.

use std::sync::Mutex;

use chrono::{DateTime, Duration, SubsecRound, Utc};

/// Where a use case gets the current time from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now, with whole microseconds (see [`stored_precision`]).
    fn now(&self) -> DateTime<Utc>;
}

/// A moment cut to microseconds: the precision both databases keep, so a
/// value read back equals the value written.
pub fn stored_precision(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        stored_precision(Utc::now())
    }
}

/// A clock that says what it is told: it stands still until set or advanced.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock standing at `at`.
    pub fn at(at: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(stored_precision(at)),
        }
    }

    /// Moves the clock to `at`, forwards or backwards.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.lock() = stored_precision(at);
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.lock();
        *now = stored_precision(*now + by);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, DateTime<Utc>> {
        // A panic elsewhere while holding the lock leaves a valid time behind.
        self.now.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.lock()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_has_whole_microseconds() {
        assert_eq!(SystemClock.now().timestamp_subsec_nanos() % 1_000, 0);
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = DateTime::parse_from_rfc3339("2026-12-01T08:00:00.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = ManualClock::at(start);
        assert_eq!(clock.now(), stored_precision(start));
        assert_eq!(clock.now().timestamp_subsec_nanos(), 123_456_000);
        clock.advance(Duration::hours(2));
        assert_eq!(clock.now(), stored_precision(start) + Duration::hours(2));
        clock.set(start - Duration::days(1));
        assert_eq!(clock.now(), stored_precision(start - Duration::days(1)));
    }
}
