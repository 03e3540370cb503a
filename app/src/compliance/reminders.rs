//! When a provider is reminded that an evidence item expires: 30 days and 7 days
//! before, and on the day. The job runner asks this rule each day with what has been
//! sent; the stored sends make each reminder go once, on one server or several.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reminder {
    ThirtyDays,
    SevenDays,
    OnExpiry,
}

impl Reminder {
    /// In the order they fall due.
    pub const ALL: [Reminder; 3] = [
        Reminder::ThirtyDays,
        Reminder::SevenDays,
        Reminder::OnExpiry,
    ];

    pub fn days_before(self) -> i64 {
        match self {
            Reminder::ThirtyDays => 30,
            Reminder::SevenDays => 7,
            Reminder::OnExpiry => 0,
        }
    }

    /// The day the reminder falls due for an item expiring on `expires_on`.
    pub fn due_on(self, expires_on: Date) -> Date {
        expires_on - Duration::days(self.days_before())
    }

    /// The value stored with a sent reminder.
    pub fn code(self) -> &'static str {
        match self {
            Reminder::ThirtyDays => "30_days",
            Reminder::SevenDays => "7_days",
            Reminder::OnExpiry => "on_expiry",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Reminder::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Where an item stands for reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiring<'a> {
    pub expires_on: Date,
    /// Reminders already sent (or overtaken) for this item.
    pub sent: &'a [Reminder],
    /// A replacement has been given: the provider has acted, so nothing more is sent.
    pub replaced: bool,
}

/// The reminder to send `today`, if any: the latest whose day has come and that has
/// not gone. After a gap (the service down over a reminder's day) the one sent is the
/// one that is true now: a provider back online five days before expiry gets the
/// seven-day reminder, not a thirty-day one as well; the earlier counts as overtaken.
pub fn due(item: Expiring, today: Date) -> Option<Reminder> {
    if item.replaced {
        return None;
    }
    let latest = Reminder::ALL
        .into_iter()
        .rfind(|r| r.due_on(item.expires_on) <= today)?;
    // Nothing after the day it expires that was not due before: an item found already
    // expired long ago (added late) gets the on-expiry notice once, and only that.
    if item.sent.iter().any(|s| *s >= latest) {
        None
    } else {
        Some(latest)
    }
}

/// Reminders that `sending` overtakes: recorded with it, so they never go late.
pub fn overtaken(sending: Reminder, sent: &[Reminder]) -> Vec<Reminder> {
    Reminder::ALL
        .into_iter()
        .filter(|r| *r < sending && !sent.contains(r))
        .collect()
}

/// Whole days from `today` to `expires_on` (negative once past).
pub fn days_left(expires_on: Date, today: Date) -> i64 {
    (expires_on - today).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const EXPIRES: Date = date!(2027 - 03 - 31);

    fn item(sent: &[Reminder]) -> Expiring<'_> {
        Expiring {
            expires_on: EXPIRES,
            sent,
            replaced: false,
        }
    }

    #[test]
    fn reminders_fall_thirty_and_seven_days_before_and_on_the_day() {
        assert_eq!(Reminder::ThirtyDays.due_on(EXPIRES), date!(2027 - 03 - 01));
        assert_eq!(Reminder::SevenDays.due_on(EXPIRES), date!(2027 - 03 - 24));
        assert_eq!(Reminder::OnExpiry.due_on(EXPIRES), EXPIRES);
    }

    #[test]
    fn nothing_is_due_before_the_thirty_day_point() {
        assert_eq!(due(item(&[]), date!(2027 - 02 - 28)), None);
    }

    #[test]
    fn each_reminder_is_due_once_on_its_day_and_not_again() {
        assert_eq!(
            due(item(&[]), date!(2027 - 03 - 01)),
            Some(Reminder::ThirtyDays)
        );
        let sent = [Reminder::ThirtyDays];
        assert_eq!(due(item(&sent), date!(2027 - 03 - 01)), None);
        assert_eq!(due(item(&sent), date!(2027 - 03 - 23)), None);
        assert_eq!(
            due(item(&sent), date!(2027 - 03 - 24)),
            Some(Reminder::SevenDays)
        );
        let sent = [Reminder::ThirtyDays, Reminder::SevenDays];
        assert_eq!(due(item(&sent), EXPIRES), Some(Reminder::OnExpiry));
        let all = Reminder::ALL;
        assert_eq!(due(item(&all), EXPIRES + Duration::days(40)), None);
    }

    #[test]
    fn a_reminder_missed_while_the_service_was_down_goes_when_it_is_back() {
        // Down over 1 March, back on the 3rd: the thirty-day reminder goes then.
        assert_eq!(
            due(item(&[]), date!(2027 - 03 - 03)),
            Some(Reminder::ThirtyDays)
        );
    }

    #[test]
    fn after_a_long_gap_only_the_reminder_true_now_goes_and_the_earlier_is_overtaken() {
        let today = date!(2027 - 03 - 26);
        assert_eq!(due(item(&[]), today), Some(Reminder::SevenDays));
        assert_eq!(
            overtaken(Reminder::SevenDays, &[]),
            vec![Reminder::ThirtyDays]
        );
        assert_eq!(
            overtaken(Reminder::OnExpiry, &[Reminder::ThirtyDays]),
            vec![Reminder::SevenDays]
        );
    }

    #[test]
    fn evidence_renewed_before_a_reminder_cancels_it() {
        let renewed = Expiring {
            expires_on: EXPIRES,
            sent: &[Reminder::ThirtyDays],
            replaced: true,
        };
        assert_eq!(due(renewed, date!(2027 - 03 - 24)), None);
        assert_eq!(due(renewed, EXPIRES), None);
    }

    #[test]
    fn reminders_are_stored_by_code_and_read_back() {
        for r in Reminder::ALL {
            assert_eq!(Reminder::parse(r.code()), Some(r));
        }
        assert_eq!(Reminder::parse("tomorrow"), None);
        assert_eq!(days_left(EXPIRES, date!(2027 - 03 - 24)), 7);
        assert_eq!(days_left(EXPIRES, date!(2027 - 04 - 01)), -1);
    }
}
