//! Submitting: the provider declares the application true, the answers are frozen as
//! they were declared, and the council's decision clock starts.

use super::{audit, locked_draft};
use crate::accounts::repo as accounts_repo;
use crate::applications::decision_period::decision_clock;
use crate::applications::questions::Answer;
use crate::applications::repo::{self, Submission};
use crate::audit::Action;
use crate::auth::roles::Role;
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::council_settings::service::clock_settings;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::{ApplicationId, EvidenceItemId};
use crate::jobs::Job;
use crate::mail::message::Mail;
use crate::service::Ctx;
use crate::systems::details::long_date;
use crate::systems::model::SystemView;
use serde_json::json;

pub async fn submit(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    declared: bool,
) -> AppResult<String> {
    let loaded = locked_draft(ctx, me, id).await?;
    if !loaded.accepting {
        return Err(AppError::invalid(
            "",
            "This system is not taking applications at the moment: your draft is saved for when it opens again",
        ));
    }
    let draft = loaded.draft();
    let mut errors = FormErrors::new();
    for blocker in draft.blockers() {
        errors.add("", blocker.message);
    }
    if !declared {
        errors.add(
            "declaration",
            "Confirm that the information you have given is true and complete",
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let snapshot = serde_json::to_string(&draft.snapshot()).map_err(|_| AppError::Internal)?;
    let mut items: Vec<EvidenceItemId> = loaded.attachments.values().copied().collect();
    items.extend(loaded.answers.values().filter_map(|a| match a {
        Answer::Evidence(item) => Some(EvidenceItemId(*item)),
        _ => None,
    }));
    items.sort();
    items.dedup();
    let submitted_on = uk_date(ctx.now);
    // Counted with the lead council's calendar and period.
    let (holidays, period) =
        clock_settings(ctx.work.tx().await?, loaded.system.lead_council.id).await?;
    let clock = decision_clock(loaded.system.system_type, submitted_on, period);
    let due = clock.due_on(&holidays);
    let now = ctx.now;
    let submission = Submission {
        declared_by: me.user_id,
        submitted_on: submitted_on.to_string(),
        decision_due: due.to_string(),
        snapshot: &snapshot,
        items: &items,
    };
    repo::submit(ctx.work.tx().await?, id, &submission, now).await?;
    let lots: Vec<i64> = loaded.row.lots.iter().map(|l| l.get()).collect();
    audit(
        ctx,
        me,
        Action::ApplicationSubmitted,
        id,
        json!({ "system": loaded.system.id.get(), "lots": lots, "evidence": items.iter().map(|i| i.get()).collect::<Vec<_>>(),
                "decision_due": due.to_string(), "working_days": clock.limit() }),
    )
    .await?;
    notify(ctx, me, id, &loaded.system, &long_date(due)).await?;
    Ok(due.to_string())
}

/// The provider's receipt and a notice to each of the lead council's evaluators, in
/// the same transaction as the submission: both are sent if, and only if, it stands.
async fn notify(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    system: &SystemView,
    decide_by: &str,
) -> AppResult<()> {
    ctx.enqueue(&Job::email(
        Mail::ApplicationReceived {
            user_id: me.user_id,
            application_id: id.get(),
            council: system.lead_council.name.clone(),
            system: system.title.clone(),
            decide_by: decide_by.to_string(),
        },
        Some(me.organisation_id),
    ))
    .await?;
    let council = system.lead_council.id;
    let evaluators =
        accounts_repo::members_with_role(ctx.work.tx().await?, council, Role::Evaluator).await?;
    for user_id in evaluators {
        ctx.enqueue(&Job::email(
            Mail::ApplicationToReview {
                user_id,
                application_id: id.get(),
                provider: me.organisation_name.clone(),
                system: system.title.clone(),
                decide_by: decide_by.to_string(),
            },
            Some(council),
        ))
        .await?;
    }
    Ok(())
}
