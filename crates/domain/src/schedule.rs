//! When background work runs: the slots of a periodic job, and when failed
//! work is tried again or given up (parked) for an operator to look at.

use chrono::{DateTime, Duration, Utc};

/// The first slot of a job that runs every `interval` from `due`, strictly
/// after `now`. Slots stay on the job's grid (`due + k × interval`), so a
/// late run does not push every later run back.
pub fn next_slot(due: DateTime<Utc>, interval: Duration, now: DateTime<Utc>) -> DateTime<Utc> {
    if interval <= Duration::zero() {
        return now;
    }
    if due > now {
        return due;
    }
    let behind = (now - due).num_microseconds().unwrap_or(i64::MAX);
    let step = interval.num_microseconds().unwrap_or(i64::MAX).max(1);
    let slots = behind / step + 1;
    due + Duration::microseconds(slots.saturating_mul(step))
}

/// How failed work is retried: after `first_delay`, doubling up to
/// `max_delay`, until `max_attempts` attempts have failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts before giving up; at least 1.
    pub max_attempts: u32,
    /// The wait after the first failure.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Five attempts, 1 s, 2 s, 4 s, 8 s apart: a passing fault (a
    /// deadlock, a restarted peer) heals, a lasting one is parked within
    /// half a minute instead of holding back what follows.
    fn default() -> Self {
        Self {
            max_attempts: 5,
            first_delay: Duration::seconds(1),
            max_delay: Duration::minutes(5),
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again at this moment.
    RetryAt(DateTime<Utc>),
    /// Stop trying: set the work aside with its error.
    Park,
}

impl RetryPolicy {
    /// The wait after `failures` failed attempts (1 for the first).
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(30);
        self.first_delay
            .checked_mul(2i32.saturating_pow(doublings))
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// The decision once `failures` attempts have failed, the last at `now`.
    pub fn after_failure(&self, failures: u32, now: DateTime<Utc>) -> AfterFailure {
        if failures >= self.max_attempts.max(1) {
            AfterFailure::Park
        } else {
            AfterFailure::RetryAt(now + self.delay(failures))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn slots_stay_on_the_grid() {
        let due = at("2026-12-01T10:00:00Z");
        let hour = Duration::hours(1);
        assert_eq!(next_slot(due, hour, at("2026-12-01T09:00:00Z")), due, "not yet due");
        assert_eq!(next_slot(due, hour, due), at("2026-12-01T11:00:00Z"), "due now");
        assert_eq!(
            next_slot(due, hour, at("2026-12-01T13:30:00Z")),
            at("2026-12-01T14:00:00Z"),
            "missed slots are skipped, not run one by one"
        );
    }

    #[test]
    fn retries_back_off_then_park() {
        let policy = RetryPolicy {
            max_attempts: 4,
            first_delay: Duration::seconds(10),
            max_delay: Duration::seconds(25),
        };
        let now = at("2026-12-01T10:00:00Z");
        assert_eq!(
            policy.after_failure(1, now),
            AfterFailure::RetryAt(now + Duration::seconds(10))
        );
        assert_eq!(
            policy.after_failure(2, now),
            AfterFailure::RetryAt(now + Duration::seconds(20))
        );
        assert_eq!(
            policy.after_failure(3, now),
            AfterFailure::RetryAt(now + Duration::seconds(25)),
            "capped"
        );
        assert_eq!(policy.after_failure(4, now), AfterFailure::Park);
        assert_eq!(policy.delay(1_000), Duration::seconds(25), "no overflow");
        let slow = RetryPolicy {
            max_attempts: 40,
            first_delay: Duration::days(3),
            max_delay: Duration::days(30),
        };
        assert_eq!(slow.delay(39), Duration::days(30), "a long first delay saturates");
    }
}
