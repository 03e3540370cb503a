//! Reading reviews: the lead council's queue with its clocks, and one application as
//! the evaluator sees it.

use super::{clock, criteria, key, lead_only};
use crate::applications::admission::{assess, Evaluation, Outcome, Standing};
use crate::applications::model::Snapshot;
use crate::applications::repo as applications_repo;
use crate::applications::ApplicationStatus;
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::calendar::{add_working_days, uk_date, WARN_AT_DAYS_LEFT};
use crate::council_settings::service::clock_settings;
use crate::error::{AppError, AppResult};
use crate::ids::ApplicationId;
use crate::reviews::clock_view::{clock_view_due, ClockState};
use crate::reviews::model::{
    ClarificationView, CriterionView, LotChoice, OutcomeView, ReviewPage, ReviewQueue,
    ReviewSummary,
};
use crate::reviews::repo;
use crate::service::Ctx;
use crate::systems::details::{iso_date, long_date, long_date_of};
use crate::systems::model::Lot;
use crate::systems::SystemType;
use serde::{Deserialize, Serialize};

fn time_label(unix: i64) -> String {
    long_date(uk_date(unix))
}

/// Applications shown per page of the queue.
pub const QUEUE_PAGE: u32 = 50;

/// How many await a decision, are past their date and are due within the warning
/// period: (total, overdue, due soon). For the queue and the dashboard.
pub async fn counts(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<(usize, usize, usize)> {
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    let (holidays, _) = clock_settings(&mut conn, me.organisation_id).await?;
    counts_with(&mut conn, me, today, &holidays).await
}

async fn counts_with(
    conn: &mut sqlx::AnyConnection,
    me: &CurrentUser,
    today: time::Date,
    holidays: &crate::calendar::Holidays,
) -> AppResult<(usize, usize, usize)> {
    let soon = add_working_days(today, WARN_AT_DAYS_LEFT, holidays);
    let (total, overdue, due_soon) = repo::queue_counts(
        conn,
        me.organisation_id,
        &today.to_string(),
        &soon.to_string(),
    )
    .await?;
    let size = |n: i64| usize::try_from(n).unwrap_or(0);
    Ok((size(total), size(overdue), size(due_soon)))
}

/// One page (from 1) of the queue, the soonest due first. One connection and one read
/// of the council's calendar serve the counts and the rows.
pub async fn queue(ctx: &mut Ctx, me: &CurrentUser, page: u32) -> AppResult<ReviewQueue> {
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    let (holidays, period) = clock_settings(&mut conn, me.organisation_id).await?;
    let (total, overdue, due_soon) = counts_with(&mut conn, me, today, &holidays).await?;
    let pages = u32::try_from(total.div_ceil(QUEUE_PAGE as usize))
        .unwrap_or(1)
        .max(1);
    let page = page.clamp(1, pages);
    let offset = i64::from((page - 1) * QUEUE_PAGE);
    let mut reviews = Vec::new();
    for row in repo::queue(&mut conn, me.organisation_id, i64::from(QUEUE_PAGE), offset).await? {
        let limit = clock(&row, period)?.limit();
        let due = iso_date(&row.decision_due).map_err(|_| AppError::Internal)?;
        reviews.push(ReviewSummary {
            clock: clock_view_due(due, limit, today, &holidays),
            id: row.id,
            provider: row.provider,
            system_id: row.system_id,
            system_reference: row.system_reference,
            system_title: row.system_title,
            submitted_label: long_date_of(&row.submitted_on),
        });
    }
    Ok(ReviewQueue {
        reviews,
        total,
        overdue,
        due_soon,
        page,
        pages,
    })
}

/// The decision as stored: the outcome and the criteria's titles.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredOutcome {
    pub outcome: Outcome,
    pub titles: Vec<(String, String)>,
}

fn lot_label(lots: &[Lot], id: i64) -> String {
    lots.iter()
        .find(|l| l.id.get() == id)
        .map(|l| l.label())
        .unwrap_or_else(|| format!("Lot {id}"))
}

pub(crate) fn outcome_view(
    json: &str,
    decided_at: Option<i64>,
    lots: &[Lot],
) -> Option<OutcomeView> {
    let stored: StoredOutcome = serde_json::from_str(json).ok()?;
    let title = |k: &str| {
        stored
            .titles
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    Some(OutcomeView {
        admitted: stored
            .outcome
            .admitted
            .iter()
            .map(|l| lot_label(lots, *l))
            .collect(),
        refused: stored
            .outcome
            .refused
            .iter()
            .map(|l| lot_label(lots, *l))
            .collect(),
        reasons: stored
            .outcome
            .reasons
            .iter()
            .map(|(c, r)| (title(&key(*c)), r.clone()))
            .collect(),
        decided_label: decided_at.map(time_label).unwrap_or_default(),
    })
}

pub(crate) async fn clarification_views(
    conn: &mut sqlx::AnyConnection,
    id: ApplicationId,
) -> AppResult<Vec<ClarificationView>> {
    Ok(repo::clarifications(conn, id)
        .await?
        .into_iter()
        .map(|c| ClarificationView {
            id: c.id,
            question: c.question,
            asked_label: time_label(c.asked_at),
            answer: c.answer,
            answered_label: c.answered_at.map(time_label),
        })
        .collect())
}

pub async fn page(ctx: &mut Ctx, me: &CurrentUser, id: ApplicationId) -> AppResult<ReviewPage> {
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    lead_only(&mut conn, me, id).await?;
    let (holidays, period) = clock_settings(&mut conn, me.organisation_id).await?;
    let head = repo::head(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let application = applications_repo::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let snapshot: Snapshot = application
        .snapshot
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let criteria = criteria(&mut conn, id, &snapshot.criteria).await?;
    let lots = crate::systems::repo::lots(&mut conn, head.system_id).await?;
    let applied: Vec<i64> = application.lots.iter().map(|l| l.get()).collect();
    let assessment = assess(&criteria, &applied);
    let lot_choices = lots
        .iter()
        .filter(|l| applied.contains(&l.id.get()))
        .map(|l| LotChoice {
            id: l.id,
            label: l.label(),
            meets: assessment.meeting.contains(&l.id.get()),
            fails: assessment.failing.contains(&l.id.get()),
        })
        .collect();
    let views = criteria
        .iter()
        .map(|c| {
            let k = key(c.criterion);
            let (answer, item_id) = match c.criterion {
                crate::applications::admission::CriterionId::Question(q) => {
                    let row = snapshot.answers.iter().find(|a| a.question_id.get() == q);
                    (
                        row.map(|a| a.answer.clone()).unwrap_or_default(),
                        row.and_then(|a| a.item_id.map(|i| i.get())),
                    )
                }
                crate::applications::admission::CriterionId::EvidenceType(t) => {
                    let row = snapshot
                        .evidence
                        .iter()
                        .find(|e| e.evidence_type_id.get() == t);
                    (
                        row.map(|e| e.item.clone()).unwrap_or_default(),
                        row.and_then(|e| e.item_id.map(|i| i.get())),
                    )
                }
            };
            let standing = c.standing();
            CriterionView {
                key: k,
                title: c.title.clone(),
                lots_label: if c.lots.is_empty() {
                    "All lots".into()
                } else {
                    c.lots
                        .iter()
                        .map(|l| lot_label(&lots, *l))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                answer,
                item_id,
                mark: c.mark,
                evaluation: c.evaluation.clone(),
                standing_label: match (standing, &c.evaluation) {
                    (Standing::Met, _) => "Met".into(),
                    (Standing::NotMet, Some(Evaluation::Rejected { reason })) => {
                        format!("Not met: {reason}")
                    }
                    (Standing::NotMet, _) => "Not met".into(),
                    (Standing::Awaiting, _) => "Awaiting evaluation".into(),
                },
                failed: standing == Standing::NotMet,
            }
        })
        .collect();
    let clock = clock(&head, period)?;
    let due = iso_date(&head.decision_due).map_err(|_| AppError::Internal)?;
    let mut clock_shown = clock_view_due(due, clock.limit(), today, &holidays);
    let decided = application.status != ApplicationStatus::Submitted;
    if decided {
        clock_shown.state = ClockState::Decided;
        clock_shown.label = "Decided".into();
    }
    let extension = match head.extended_to {
        Some(days) => Some((
            u32::try_from(days).unwrap_or(0),
            repo::extension_reason(&mut conn, id)
                .await?
                .unwrap_or_default(),
        )),
        None => None,
    };
    let (outcome_json, decided_at) = repo::outcome(&mut conn, id).await?;
    let clarifications = clarification_views(&mut conn, id).await?;
    let can_act = !decided && me.can(Permission::EvaluateApplications);
    Ok(ReviewPage {
        id,
        provider: head.provider.clone(),
        system_id: head.system_id,
        system_reference: head.system_reference.clone(),
        system_title: head.system_title.clone(),
        status: application.status,
        submitted_label: long_date_of(&head.submitted_on),
        clock: clock_shown,
        can_extend: can_act
            && extension.is_none()
            && head.system_type == SystemType::Reg34Dps.as_str(),
        extension,
        snapshot,
        criteria: views,
        lots: lot_choices,
        clarifications,
        can_act,
        outcome: outcome_json.and_then(|json| outcome_view(&json, decided_at, &lots)),
    })
}
