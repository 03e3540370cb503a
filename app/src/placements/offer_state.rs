//! What an invited provider may do with its answer to a request, and when. Before
//! the deadline it may offer, revise (each revision is a new version; the latest
//! counts and earlier ones are kept), withdraw, or decline with a reason, and change
//! its mind between these. At the deadline everything stops, by the server's clock;
//! a cancelled request takes nothing more.

use super::deadline::is_open;

/// Where the provider's answer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    None,
    Offered {
        version: u32,
    },
    Withdrawn {
        version: u32,
    },
    /// Declined, keeping the last version number an earlier offer had.
    Declined {
        version: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Send an offer, or a new version of one.
    Offer,
    Withdraw,
    Decline,
}

/// What the repository records when the action is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Submitted { version: u32 },
    Revised { version: u32 },
    Withdrawn { version: u32 },
    Declined,
}

impl Outcome {
    /// The audit log's name for it.
    pub fn event(self) -> &'static str {
        match self {
            Outcome::Submitted { .. } => "offer.submitted",
            Outcome::Revised { .. } => "offer.revised",
            Outcome::Withdrawn { .. } => "offer.withdrawn",
            Outcome::Declined => "offer.declined",
        }
    }
}

/// Whether the request still takes answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestWindow {
    pub deadline: i64,
    pub cancelled: bool,
}

pub const LATE: &str =
    "The deadline for this request has passed, so offers can no longer be sent or changed";
pub const CANCELLED: &str = "This request has been cancelled, so it takes no more offers";

pub fn apply(
    window: RequestWindow,
    now: i64,
    answer: Answer,
    action: Action,
) -> Result<Outcome, &'static str> {
    if window.cancelled {
        return Err(CANCELLED);
    }
    if !is_open(now, window.deadline) {
        return Err(LATE);
    }
    let last_version = match answer {
        Answer::Offered { version }
        | Answer::Withdrawn { version }
        | Answer::Declined { version } => version,
        Answer::None => 0,
    };
    match (action, answer) {
        (Action::Offer, Answer::Offered { version }) => Ok(Outcome::Revised {
            version: version + 1,
        }),
        (Action::Offer, _) => Ok(Outcome::Submitted {
            version: last_version + 1,
        }),
        (Action::Withdraw, Answer::Offered { version }) => Ok(Outcome::Withdrawn { version }),
        (Action::Withdraw, _) => Err("There is no offer to withdraw"),
        (Action::Decline, Answer::Declined { .. }) => Err("You have already declined this request"),
        (Action::Decline, Answer::Offered { .. }) => {
            Err("Withdraw your offer before declining the request")
        }
        (Action::Decline, _) => Ok(Outcome::Declined),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEADLINE: i64 = 1_900_000_000;
    const OPEN: RequestWindow = RequestWindow {
        deadline: DEADLINE,
        cancelled: false,
    };

    #[test]
    fn a_first_offer_is_version_one_and_a_revision_the_next() {
        assert_eq!(
            apply(OPEN, DEADLINE - 60, Answer::None, Action::Offer),
            Ok(Outcome::Submitted { version: 1 })
        );
        assert_eq!(
            apply(
                OPEN,
                DEADLINE - 1,
                Answer::Offered { version: 3 },
                Action::Offer
            ),
            Ok(Outcome::Revised { version: 4 })
        );
    }

    #[test]
    fn an_offer_after_withdrawing_keeps_counting_versions() {
        assert_eq!(
            apply(
                OPEN,
                DEADLINE - 1,
                Answer::Withdrawn { version: 2 },
                Action::Offer
            ),
            Ok(Outcome::Submitted { version: 3 })
        );
    }

    #[test]
    fn late_offer_is_refused() {
        for answer in [
            Answer::None,
            Answer::Offered { version: 1 },
            Answer::Declined { version: 0 },
        ] {
            for action in [Action::Offer, Action::Withdraw, Action::Decline] {
                assert_eq!(apply(OPEN, DEADLINE, answer, action), Err(LATE));
                assert_eq!(apply(OPEN, DEADLINE + 3600, answer, action), Err(LATE));
            }
        }
    }

    #[test]
    fn a_cancelled_request_takes_nothing() {
        let cancelled = RequestWindow {
            cancelled: true,
            ..OPEN
        };
        assert_eq!(
            apply(cancelled, 0, Answer::None, Action::Offer),
            Err(CANCELLED)
        );
    }

    #[test]
    fn only_a_standing_offer_can_be_withdrawn() {
        assert_eq!(
            apply(OPEN, 0, Answer::Offered { version: 2 }, Action::Withdraw),
            Ok(Outcome::Withdrawn { version: 2 })
        );
        assert!(apply(OPEN, 0, Answer::Withdrawn { version: 2 }, Action::Withdraw).is_err());
        assert!(apply(OPEN, 0, Answer::None, Action::Withdraw).is_err());
    }

    #[test]
    fn a_provider_that_declined_may_still_offer_before_the_deadline() {
        assert_eq!(
            apply(OPEN, 0, Answer::None, Action::Decline),
            Ok(Outcome::Declined)
        );
        assert_eq!(
            apply(OPEN, 0, Answer::Declined { version: 2 }, Action::Offer),
            Ok(Outcome::Submitted { version: 3 })
        );
        assert!(apply(OPEN, 0, Answer::Offered { version: 1 }, Action::Decline).is_err());
        assert!(apply(OPEN, 0, Answer::Declined { version: 0 }, Action::Decline).is_err());
    }
}
