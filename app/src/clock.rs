//! The one source of "now". Deadlines, sealed offers, evidence expiry, sessions and
//! tokens all read it, so a test moves time by advancing its clock, never by editing
//! stored timestamps. Times are whole seconds since the Unix epoch, as stored.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Clock(Arc<Source>);

#[derive(Debug)]
enum Source {
    System,
    Manual(AtomicI64),
}

impl Clock {
    /// The real time, for production.
    pub fn system() -> Self {
        Clock(Arc::new(Source::System))
    }

    /// A clock that stands still at `start` until moved, for tests.
    pub fn manual(start: i64) -> Self {
        Clock(Arc::new(Source::Manual(AtomicI64::new(start))))
    }

    /// A manual clock that starts at the real time.
    pub fn manual_from_now() -> Self {
        Self::manual(system_now())
    }

    pub fn now(&self) -> i64 {
        match &*self.0 {
            Source::System => system_now(),
            Source::Manual(at) => at.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock on; every holder of a clone sees the new time.
    ///
    /// # Panics
    /// On the system clock: only tests move time, and a test that meant to and could
    /// not must fail loudly.
    pub fn advance(&self, seconds: i64) {
        match &*self.0 {
            Source::System => panic!("the system clock cannot be moved"),
            Source::Manual(at) => {
                at.fetch_add(seconds, Ordering::SeqCst);
            }
        }
    }
}

fn system_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_for_every_clone() {
        let clock = Clock::manual(1_000);
        let seen_by_the_app = clock.clone();
        assert_eq!(seen_by_the_app.now(), 1_000);
        clock.advance(90);
        assert_eq!(seen_by_the_app.now(), 1_090);
    }

    #[test]
    fn the_system_clock_is_close_to_real_time() {
        let now = Clock::system().now();
        // 2026-01-01; a clock reading before that is not the real one.
        assert!(now > 1_767_225_600);
    }
}
