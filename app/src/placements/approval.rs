//! Who may award, by whole-life value, from the council's settings: up to the
//! commissioner's own limit the commissioner; above it an approver within the
//! delegated limit; at or above the cabinet threshold the approver must record the
//! cabinet decision's reference; above every limit it cannot be awarded here. The
//! same routing applies to variations and extensions.

use crate::money::Money;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalLimits {
    pub commissioner: Money,
    pub approver: Money,
    pub cabinet: Money,
}

/// Until a council admin sets its own: a commissioner awards up to £250,000, an
/// approver up to £800,000, and from £500,000 a cabinet decision is needed.
pub const DEFAULT_LIMITS: ApprovalLimits = ApprovalLimits {
    commissioner: Money::pounds(250_000),
    approver: Money::pounds(800_000),
    cabinet: Money::pounds(500_000),
};

impl ApprovalLimits {
    /// The messages a council admin sees next to the fields, or nothing.
    pub fn check(&self) -> Result<(), Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        if self.approver < self.commissioner {
            problems.push((
                "approver_limit",
                "The approver's limit must be at least the commissioner's".to_string(),
            ));
        }
        if self.cabinet.pence() <= 0 {
            problems.push((
                "cabinet_threshold",
                "Enter the value at which a cabinet decision is needed".to_string(),
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Commissioner,
    Approver {
        cabinet_reference: bool,
    },
    /// Above the approver's limit: decided outside the portal.
    BeyondPortal,
}

pub fn route(value: Money, limits: &ApprovalLimits) -> Route {
    let cabinet = value >= limits.cabinet;
    if value <= limits.commissioner && !cabinet {
        Route::Commissioner
    } else if value <= limits.approver {
        Route::Approver {
            cabinet_reference: cabinet,
        }
    } else {
        Route::BeyondPortal
    }
}

pub const CABINET_REFERENCE_MISSING: &str = "Enter the cabinet decision reference";

/// Whether this person may make the decision the route asks for.
pub fn may_decide(
    route: Route,
    is_commissioner: bool,
    is_approver: bool,
    cabinet_reference: Option<&str>,
) -> Result<(), String> {
    match route {
        Route::Commissioner if is_commissioner || is_approver => Ok(()),
        Route::Commissioner => Err("Only a commissioner or an approver can award this".into()),
        Route::Approver { .. } if !is_approver => {
            Err("This value needs an approver's decision".into())
        }
        Route::Approver {
            cabinet_reference: true,
        } if cabinet_reference.is_none_or(|r| r.trim().is_empty()) => {
            Err(CABINET_REFERENCE_MISSING.into())
        }
        Route::Approver { .. } => Ok(()),
        Route::BeyondPortal => Err(
            "This value is above every limit the council has delegated: it cannot be awarded in the portal"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pounds(p: i64) -> Money {
        Money(p * 100)
    }

    fn limits() -> ApprovalLimits {
        ApprovalLimits {
            commissioner: pounds(250_000),
            approver: pounds(800_000),
            cabinet: pounds(500_000),
        }
    }

    #[test]
    fn up_to_the_commissioners_limit_the_commissioner_awards() {
        assert_eq!(route(pounds(250_000), &limits()), Route::Commissioner);
        assert_eq!(
            route(Money(pounds(250_000).pence() + 1), &limits()),
            Route::Approver {
                cabinet_reference: false
            }
        );
    }

    #[test]
    fn at_the_cabinet_threshold_the_approver_records_the_reference() {
        assert_eq!(
            route(Money(pounds(500_000).pence() - 1), &limits()),
            Route::Approver {
                cabinet_reference: false
            }
        );
        assert_eq!(
            route(pounds(500_000), &limits()),
            Route::Approver {
                cabinet_reference: true
            }
        );
    }

    #[test]
    fn above_the_approvers_limit_nobody_awards_in_the_portal() {
        assert_eq!(
            route(pounds(800_000), &limits()),
            Route::Approver {
                cabinet_reference: true
            }
        );
        assert_eq!(
            route(Money(pounds(800_000).pence() + 1), &limits()),
            Route::BeyondPortal
        );
    }

    #[test]
    fn a_cabinet_threshold_below_the_commissioners_limit_still_needs_the_reference() {
        let low = ApprovalLimits {
            cabinet: pounds(100_000),
            ..limits()
        };
        assert_eq!(
            route(pounds(150_000), &low),
            Route::Approver {
                cabinet_reference: true
            }
        );
    }

    #[test]
    fn the_decider_must_hold_the_right_and_the_reference() {
        let cabinet = Route::Approver {
            cabinet_reference: true,
        };
        assert!(may_decide(cabinet, true, false, Some("CAB-2027-14")).is_err());
        assert!(may_decide(cabinet, false, true, None).is_err());
        assert!(may_decide(cabinet, false, true, Some("  ")).is_err());
        assert!(may_decide(cabinet, false, true, Some("CAB-2027-14")).is_ok());
        assert!(may_decide(Route::Commissioner, true, false, None).is_ok());
        assert!(may_decide(Route::BeyondPortal, true, true, Some("CAB-1")).is_err());
    }

    #[test]
    fn the_approvers_limit_cannot_be_below_the_commissioners() {
        let wrong = ApprovalLimits {
            approver: pounds(1_000),
            ..limits()
        };
        let problems = wrong.check().unwrap_err();
        assert_eq!(problems[0].0, "approver_limit");
        assert!(limits().check().is_ok());
    }
}
