//! What an evaluator does with an application, and the provider's answer to a
//! clarification. The clock keeps running throughout: asking a question does not stop it.

use super::queries::StoredOutcome;
use super::{clock, criteria, key, lead_only};
use crate::applications::admission::{
    validate, CriterionId, Decision, DecisionProblem, Evaluation,
};
use crate::applications::marking::Mark;
use crate::applications::model::Snapshot;
use crate::applications::repo as applications_repo;
use crate::applications::ApplicationStatus;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::{ApplicationId, LotId};
use crate::jobs::Job;
use crate::mail::message::Mail;
use crate::reviews::repo;
use crate::service::Ctx;
use serde_json::json;
use std::collections::BTreeMap;

/// The application, locked, when `me` may act on it: an evaluator of the lead council,
/// while it awaits its decision.
async fn locked_for_review(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
) -> AppResult<applications_repo::ApplicationRow> {
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    lead_only(tx, me, id).await?;
    if !me.can(Permission::EvaluateApplications) {
        return Err(AppError::Forbidden);
    }
    let row = applications_repo::lock(tx, id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.status != ApplicationStatus::Submitted {
        return Err(AppError::invalid(
            "",
            "This application has already been decided",
        ));
    }
    Ok(row)
}

fn snapshot(row: &applications_repo::ApplicationRow) -> Snapshot {
    row.snapshot
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

async fn audit(
    ctx: &mut Ctx,
    me: &CurrentUser,
    action: Action,
    id: ApplicationId,
    after: serde_json::Value,
) -> AppResult<()> {
    ctx.audit(AuditEvent::by(Actor::user(me), action, Subject::Application(id)).after(after))
        .await
}

/// Accepts or rejects (with a reason) an answer or evidence item that waits for a person.
pub async fn evaluate(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    criterion: &str,
    verdict: &str,
    reason: &str,
) -> AppResult<()> {
    let row = locked_for_review(ctx, me, id).await?;
    let snapshot = snapshot(&row);
    let found = snapshot
        .criteria
        .iter()
        .find(|c| key(c.criterion) == criterion)
        .ok_or(AppError::NotFound)?;
    if found.mark != Mark::NeedsEvaluator {
        return Err(AppError::invalid(
            "",
            "That answer is marked automatically against the published passing answers",
        ));
    }
    let field = format!("reason-{criterion}");
    let evaluation = match verdict {
        "accept" => Evaluation::Accepted,
        "reject" => Evaluation::rejected(reason)
            .map_err(|m| AppError::Invalid(FormErrors::one(&field, m).keep(&field, reason)))?,
        _ => {
            return Err(AppError::invalid(
                &format!("verdict-{criterion}"),
                "Select accept or reject",
            ))
        }
    };
    let json = serde_json::to_string(&evaluation).map_err(|_| AppError::Internal)?;
    let now = ctx.now;
    repo::save_evaluation(ctx.work.tx().await?, id, criterion, &json, me.user_id, now).await?;
    audit(
        ctx,
        me,
        Action::ApplicationEvaluated,
        id,
        json!({ "criterion": criterion, "title": found.title, "evaluation": evaluation }),
    )
    .await
}

/// Extends a Regulation 34 application's decision period, once, with the reason.
pub async fn extend(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    days: &str,
    reason: &str,
) -> AppResult<()> {
    locked_for_review(ctx, me, id).await?;
    let head = repo::head(ctx.work.tx().await?, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if head.system_type != crate::systems::SystemType::Reg34Dps.as_str() {
        return Err(AppError::invalid(
            "",
            "Only a Regulation 34 DPS's decision period can be extended",
        ));
    }
    let keep = |errors: FormErrors| {
        AppError::Invalid(
            errors
                .keep("extend_to", days)
                .keep("extension_reason", reason),
        )
    };
    let to: u32 = days.trim().parse().map_err(|_| {
        keep(FormErrors::one(
            "extend_to",
            "Enter the number of working days, like 15",
        ))
    })?;
    let (holidays, period) =
        crate::council_settings::service::clock_settings(ctx.work.tx().await?, me.organisation_id)
            .await?;
    let extended = clock(&head, period)?.extend(to, reason).map_err(|e| {
        let field = if matches!(e, crate::calendar::CalendarError::ReasonMissing) {
            "extension_reason"
        } else {
            "extend_to"
        };
        keep(FormErrors::one(field, e.to_string()))
    })?;
    let due = extended.due_on(&holidays);
    repo::extend(
        ctx.work.tx().await?,
        id,
        to,
        reason.trim(),
        &due.to_string(),
    )
    .await?;
    audit(
        ctx,
        me,
        Action::DecisionPeriodExtended,
        id,
        json!({ "working_days": to, "reason": reason.trim(), "decision_due": due.to_string() }),
    )
    .await
}

/// Asks the provider a question; it is emailed and answered in the portal.
pub async fn ask(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    question: &str,
) -> AppResult<()> {
    locked_for_review(ctx, me, id).await?;
    let question = question.trim();
    if question.is_empty() {
        return Err(AppError::invalid(
            "question",
            "Enter the question for the provider",
        ));
    }
    if question.chars().count() > 2000 {
        return Err(AppError::Invalid(
            FormErrors::one("question", "Question must be 2000 characters or fewer")
                .keep("question", question),
        ));
    }
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let clarification = repo::ask(tx, id, question, me.user_id, now).await?;
    let head = repo::head(tx, id).await?.ok_or(AppError::NotFound)?;
    if let Some((user_id, organisation)) = repo::submitter(tx, id).await? {
        ctx.enqueue(&Job::email(
            Mail::ClarificationAsked {
                user_id,
                application_id: id.get(),
                council: me.organisation_name.clone(),
                system: head.system_title.clone(),
                question: question.to_string(),
            },
            Some(organisation),
        ))
        .await?;
    }
    audit(
        ctx,
        me,
        Action::ClarificationAsked,
        id,
        json!({ "clarification": clarification, "question": question }),
    )
    .await
}

/// The provider answers a clarification question of its own submitted application.
pub async fn answer(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    clarification: i64,
    answer: &str,
) -> AppResult<()> {
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let row = applications_repo::lock(tx, id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.organisation_id != me.organisation_id {
        return Err(AppError::NotFound);
    }
    if row.status != ApplicationStatus::Submitted {
        return Err(AppError::invalid(
            "",
            "This application has already been decided",
        ));
    }
    let field = format!("answer-{clarification}");
    let answer = answer.trim();
    if answer.is_empty() {
        return Err(AppError::invalid(&field, "Enter your answer"));
    }
    if answer.chars().count() > 5000 {
        return Err(AppError::Invalid(
            FormErrors::one(&field, "Answer must be 5000 characters or fewer").keep(&field, answer),
        ));
    }
    if !repo::answer(tx, id, clarification, answer, me.user_id, now).await? {
        return Err(AppError::invalid(
            &field,
            "This question has already been answered",
        ));
    }
    audit(
        ctx,
        me,
        Action::ClarificationAnswered,
        id,
        json!({ "clarification": clarification, "answer": answer }),
    )
    .await
}

/// Records the decision: admit to some or all applied lots, or reject, with a reason
/// for each failed criterion. The admission rule refuses a rejection when nothing
/// failed, and an admission that leaves out a lot whose criteria are met.
pub async fn decide(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    decision: &str,
    lots: &[LotId],
    reasons: &BTreeMap<String, String>,
) -> AppResult<()> {
    let row = locked_for_review(ctx, me, id).await?;
    let snapshot = snapshot(&row);
    let tx = ctx.work.tx().await?;
    let criteria = criteria(tx, id, &snapshot.criteria).await?;
    let applied: Vec<i64> = row.lots.iter().map(|l| l.get()).collect();
    let given: Vec<(CriterionId, String)> = criteria
        .iter()
        .filter_map(|c| {
            reasons
                .get(&key(c.criterion))
                .filter(|r| !r.trim().is_empty())
                .map(|r| (c.criterion, r.clone()))
        })
        .collect();
    let kept = |mut errors: FormErrors| {
        errors = errors
            .keep("decision", decision)
            .keep_ticked("lots", lots.iter().map(|l| l.get()));
        for (k, v) in reasons {
            errors = errors.keep(&format!("decision-reason-{k}"), v);
        }
        AppError::Invalid(errors)
    };
    let proposed = match decision {
        "admit" => Decision::Admit {
            lots: lots.iter().map(|l| l.get()).collect(),
            reasons: given,
        },
        "reject" => Decision::Reject { reasons: given },
        _ => return Err(kept(FormErrors::one("decision", "Select admit or reject"))),
    };
    let outcome = validate(&proposed, &criteria, &applied).map_err(|problems| {
        let mut errors = FormErrors::new();
        for problem in problems {
            let field = match &problem {
                DecisionProblem::ReasonMissing { criterion, .. } => {
                    format!("decision-reason-{}", key(*criterion))
                }
                DecisionProblem::NoLotChosen
                | DecisionProblem::LotFailed { .. }
                | DecisionProblem::LotNotApplied { .. }
                | DecisionProblem::LotMeetsCriteria { .. } => "lots".to_string(),
                _ => "decision".to_string(),
            };
            let message = problem.to_string();
            if !errors
                .errors
                .iter()
                .any(|e| e.field == field && e.message == message)
            {
                errors.add(&field, message);
            }
        }
        kept(errors)
    })?;
    let titles = criteria
        .iter()
        .map(|c| (key(c.criterion), c.title.clone()))
        .collect();
    let stored = StoredOutcome {
        outcome: outcome.clone(),
        titles,
    };
    let json = serde_json::to_string(&stored).map_err(|_| AppError::Internal)?;
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    repo::decide(tx, id, !outcome.admitted.is_empty(), &json, me.user_id, now).await?;
    for lot in &outcome.admitted {
        repo::admit(tx, row.system_id, LotId(*lot), row.organisation_id, id, now).await?;
    }
    if !outcome.admitted.is_empty() {
        crate::compliance::repo::accept_from_application(
            tx,
            row.system_id,
            row.organisation_id,
            id,
            me.user_id,
            now,
        )
        .await?;
    }
    let head = repo::head(tx, id).await?.ok_or(AppError::NotFound)?;
    let system_lots = crate::systems::repo::lots(tx, row.system_id).await?;
    let label = |lot: &i64| {
        system_lots
            .iter()
            .find(|l| l.id.get() == *lot)
            .map(|l| l.label())
            .unwrap_or_default()
    };
    if let Some((user_id, organisation)) = repo::submitter(tx, id).await? {
        ctx.enqueue(&Job::email(
            Mail::ApplicationDecided {
                user_id,
                application_id: id.get(),
                council: me.organisation_name.clone(),
                system: head.system_title.clone(),
                admitted: outcome.admitted.iter().map(label).collect(),
                refused: outcome.refused.iter().map(label).collect(),
            },
            Some(organisation),
        ))
        .await?;
    }
    audit(
        ctx,
        me,
        Action::ApplicationDecided,
        id,
        json!({ "admitted": outcome.admitted, "refused": outcome.refused, "reasons": outcome.reasons.iter().map(|(c, r)| json!({ "criterion": key(*c), "reason": r })).collect::<Vec<_>>() }),
    )
    .await
}
