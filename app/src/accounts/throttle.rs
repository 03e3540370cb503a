//! Sign-in throttling (ASVS 2.2.1): after `MAX_FAILURES` failed attempts for one account,
//! or from one address, within `WINDOW_SECONDS`, attempts are refused for
//! `LOCK_SECONDS`. Pure: the caller supplies the failure times it has recorded.

pub const MAX_FAILURES: usize = 10;
pub const WINDOW_SECONDS: i64 = 15 * 60;
pub const LOCK_SECONDS: i64 = 15 * 60;

/// How far back the caller must look for failures to apply the rule.
pub const LOOKBACK_SECONDS: i64 = WINDOW_SECONDS + LOCK_SECONDS;

/// When the lock ends, if a lock applies at `now`. `failures` are times in seconds, in
/// any order. A lock starts at the failure that completes `MAX_FAILURES` within the
/// window and lasts `LOCK_SECONDS` from then; refused attempts are not failures, so a
/// lock cannot be extended by hammering it.
pub fn locked_until(failures: &[i64], now: i64) -> Option<i64> {
    let mut times: Vec<i64> = failures.iter().copied().filter(|t| *t <= now).collect();
    times.sort_unstable();
    times
        .windows(MAX_FAILURES)
        .filter(|w| w[MAX_FAILURES - 1] - w[0] < WINDOW_SECONDS)
        .map(|w| w[MAX_FAILURES - 1] + LOCK_SECONDS)
        .filter(|until| *until > now)
        .max()
}

/// Whole minutes left, rounded up, for the message.
pub fn minutes_left(until: i64, now: i64) -> i64 {
    ((until - now) + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures_every(seconds: i64, count: usize, start: i64) -> Vec<i64> {
        (0..count as i64).map(|i| start + i * seconds).collect()
    }

    #[test]
    fn nine_failures_do_not_lock() {
        assert_eq!(locked_until(&failures_every(10, 9, 0), 100), None);
    }

    #[test]
    fn tenth_failure_within_fifteen_minutes_locks_for_fifteen_minutes() {
        let failures = failures_every(60, 10, 0); // last failure at 540 s
        assert_eq!(locked_until(&failures, 541), Some(540 + LOCK_SECONDS));
        assert_eq!(
            locked_until(&failures, 540 + LOCK_SECONDS - 1),
            Some(540 + LOCK_SECONDS)
        );
    }

    #[test]
    fn lock_ends_after_fifteen_minutes() {
        let failures = failures_every(60, 10, 0);
        assert_eq!(locked_until(&failures, 540 + LOCK_SECONDS), None);
    }

    #[test]
    fn failures_spread_beyond_the_window_do_not_lock() {
        // Ten failures, one every 100 s: 900 s from first to tenth, not within 15 min.
        assert_eq!(locked_until(&failures_every(100, 10, 0), 1_000), None);
    }

    #[test]
    fn minutes_are_rounded_up() {
        assert_eq!(minutes_left(61, 0), 2);
        assert_eq!(minutes_left(900, 0), 15);
    }
}
