//! A placement's status as the days pass: in standstill until the contract may be
//! entered, then active, then ended from the day after its last day. The daily sweep
//! moves stored statuses on with this, so that lists filtered by status tell what is
//! true today, and the provider is told when its contract is entered.

use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementStatus {
    /// Awarded; the contract may not be entered before its standstill ends.
    Standstill,
    Active,
    Ended,
}

impl PlacementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlacementStatus::Standstill => "standstill",
            PlacementStatus::Active => "active",
            PlacementStatus::Ended => "ended",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "standstill" => Some(PlacementStatus::Standstill),
            "active" => Some(PlacementStatus::Active),
            "ended" => Some(PlacementStatus::Ended),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PlacementStatus::Standstill => "In standstill",
            PlacementStatus::Active => "Active",
            PlacementStatus::Ended => "Ended",
        }
    }
}

/// The status a placement has on `today`. An ended placement stays ended unless its
/// end date is moved past today (an extension), which makes it active again.
pub fn status_on(
    stored: PlacementStatus,
    contract_from: Date,
    end: Date,
    today: Date,
) -> PlacementStatus {
    if today > end {
        PlacementStatus::Ended
    } else if today < contract_from {
        // Only a standstill holds a contract back; an extension never starts one.
        match stored {
            PlacementStatus::Standstill => PlacementStatus::Standstill,
            _ => PlacementStatus::Active,
        }
    } else {
        PlacementStatus::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use PlacementStatus::*;

    const FROM: Date = date!(2027 - 03 - 10);
    const END: Date = date!(2027 - 09 - 30);

    #[test]
    fn a_standstill_holds_until_the_day_the_contract_may_be_entered() {
        assert_eq!(
            status_on(Standstill, FROM, END, date!(2027 - 03 - 09)),
            Standstill
        );
        assert_eq!(status_on(Standstill, FROM, END, FROM), Active);
    }

    #[test]
    fn a_placement_ends_the_day_after_its_last_day() {
        assert_eq!(status_on(Active, FROM, END, END), Active);
        assert_eq!(status_on(Active, FROM, END, date!(2027 - 10 - 01)), Ended);
        // A standstill that outlasts a very short placement ends it too.
        assert_eq!(
            status_on(
                Standstill,
                FROM,
                date!(2027 - 03 - 05),
                date!(2027 - 03 - 06)
            ),
            Ended
        );
    }

    #[test]
    fn an_extension_past_today_makes_an_ended_placement_active_again() {
        assert_eq!(
            status_on(Ended, FROM, date!(2028 - 03 - 31), date!(2027 - 10 - 05)),
            Active
        );
    }

    #[test]
    fn statuses_read_back_what_they_store() {
        for status in [Standstill, Active, Ended] {
            assert_eq!(PlacementStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(PlacementStatus::parse("open"), None);
    }
}
