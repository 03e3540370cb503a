//! Review operations. Reading is for any council user of the lead council; every change
//! is an evaluator's, takes the application's row lock first (two evaluators deciding
//! at once: the second finds it decided) and is written to the audit log.

pub mod act;
pub mod queries;

use super::repo::{self, QueueRow};
use crate::applications::admission::{CriterionId, CriterionOutcome, Evaluation};
use crate::applications::decision_period::decision_clock;
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::calendar::DecisionClock;
use crate::error::{AppError, AppResult};
use crate::ids::ApplicationId;
use crate::systems::details::iso_date;
use crate::systems::SystemType;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// How a criterion is stored and posted: `q7` for question 7, `e5` for evidence type 5.
pub fn key(criterion: CriterionId) -> String {
    match criterion {
        CriterionId::Question(id) => format!("q{id}"),
        CriterionId::EvidenceType(id) => format!("e{id}"),
    }
}

/// Checks that `me` is a user of the council leading the application's system, and that
/// it has been submitted; anyone else is told it does not exist.
pub(crate) async fn lead_only(
    conn: &mut AnyConnection,
    me: &CurrentUser,
    id: ApplicationId,
) -> AppResult<()> {
    let lead = repo::lead_council(conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if lead != me.organisation_id || !me.can(Permission::ViewSystems) {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The application's decision clock, with the council's period for systems that are
/// not a Regulation 34 DPS.
pub(crate) fn clock(row: &QueueRow, council_days: u32) -> AppResult<DecisionClock> {
    let submitted = iso_date(&row.submitted_on).map_err(|_| AppError::Internal)?;
    let system_type = SystemType::parse(&row.system_type).ok_or(AppError::Internal)?;
    let mut clock = decision_clock(system_type, submitted, council_days);
    clock.extended_to = row.extended_to.and_then(|d| u32::try_from(d).ok());
    Ok(clock)
}

/// The criteria as submitted, with the evaluations recorded since.
pub(crate) async fn criteria(
    conn: &mut AnyConnection,
    id: ApplicationId,
    submitted: &[CriterionOutcome],
) -> AppResult<Vec<CriterionOutcome>> {
    let evaluations: HashMap<String, Evaluation> = repo::evaluations(conn, id)
        .await?
        .into_iter()
        .filter_map(|(k, json)| serde_json::from_str(&json).ok().map(|e| (k, e)))
        .collect();
    Ok(submitted
        .iter()
        .map(|c| CriterionOutcome {
            evaluation: evaluations.get(&key(c.criterion)).cloned(),
            ..c.clone()
        })
        .collect())
}
