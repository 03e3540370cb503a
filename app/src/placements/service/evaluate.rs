//! Evaluating opened offers: an evaluator marks each quality answer 0–5 with a
//! comment, excludes non-compliant offers with a reason, and records how a tie was
//! broken. All of it only after the deadline and before award.

use super::access::councils_own;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::{OrganisationId, RequestId};
use crate::money::Money;
use crate::placements::deadline::is_open;
use crate::placements::model::{comment_field, mark_field};
use crate::placements::repo::marks;
use crate::placements::repo::opened::{self, Standing};
use crate::placements::repo::requests::{self, RequestRow};
use crate::placements::scoring::{rank, Mark, Ranked, Scorable, ScoringError};
use crate::service::Ctx;
use crate::systems::weights::AwardWeights;
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The opened offers of a request (their value, not their content) with their marks
/// and, when every compliant offer is fully marked, the ranking.
pub struct Evaluation {
    pub offers: Vec<Standing>,
    pub marks: HashMap<(OrganisationId, usize), u8>,
    pub ranking: Result<Vec<Ranked<OrganisationId>>, ScoringError<OrganisationId>>,
}

impl Evaluation {
    pub fn ranked(&self, provider: OrganisationId) -> Option<&Ranked<OrganisationId>> {
        self.ranking
            .as_ref()
            .ok()?
            .iter()
            .find(|r| r.key == provider)
    }
}

pub fn weights(request: &RequestRow) -> AwardWeights {
    AwardWeights {
        quality: u8::try_from(request.quality_weight).unwrap_or(0),
        price: u8::try_from(request.price_weight).unwrap_or(0),
    }
}

pub async fn evaluation(
    conn: &mut AnyConnection,
    request: &RequestRow,
    now: i64,
) -> AppResult<Evaluation> {
    let offers = opened::standings(&mut *conn, request.id, now).await?;
    let marks: HashMap<(OrganisationId, usize), u8> = marks::all(conn, request.id)
        .await?
        .into_iter()
        .map(|(org, q, mark)| ((org, q), mark))
        .collect();
    let questions = request.questions.len();
    let scorable: Vec<Scorable<OrganisationId>> = offers
        .iter()
        .map(|o| {
            let given: Option<Vec<Mark>> = (0..questions)
                .map(|q| {
                    marks
                        .get(&(o.organisation_id, q))
                        .and_then(|m| Mark::new(*m))
                })
                .collect();
            Scorable {
                key: o.organisation_id,
                price: Some(Money(o.value_pence)),
                marks: given,
                excluded: o.excluded_reason.is_some(),
            }
        })
        .collect();
    let ranking = rank(&scorable, weights(request));
    Ok(Evaluation {
        offers,
        marks,
        ranking,
    })
}

/// The request, checked to be the council's, past its deadline and not yet decided.
async fn evaluable(
    conn: &mut AnyConnection,
    me: &CurrentUser,
    id: RequestId,
    now: i64,
    field: &str,
) -> AppResult<RequestRow> {
    let request = councils_own(conn, me, id).await?;
    if is_open(now, request.deadline) {
        return Err(AppError::invalid(
            field,
            "Offers can be evaluated only after the deadline",
        ));
    }
    if request.status != "open" {
        return Err(AppError::invalid(field, "This request has been decided"));
    }
    Ok(request)
}

/// Marks every quality answer of one opened offer: a mark 0–5 and a comment each.
pub async fn mark(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    provider: OrganisationId,
    given: &[String],
    comments: &[String],
) -> AppResult<()> {
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    let request = evaluable(&mut *conn, me, id, now, &mark_field(provider, 0)).await?;
    if opened::offer(&mut *conn, id, provider, now)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let mut errors = FormErrors::new();
    let mut parsed = Vec::new();
    for question in 0..request.questions.len() {
        let mark = given.get(question).map(String::as_str).unwrap_or("");
        let comment = comments
            .get(question)
            .map(String::as_str)
            .unwrap_or("")
            .trim();
        let (mark_at, comment_at) = (
            mark_field(provider, question),
            comment_field(provider, question),
        );
        errors = errors.keep(&mark_at, mark).keep(&comment_at, comment);
        let parsed_mark = Mark::parse(mark).map_err(|m| errors.add(&mark_at, m)).ok();
        if comment.is_empty() {
            errors.add(&comment_at, "Explain the mark");
        } else if comment.chars().count() > 2_000 {
            errors.add(&comment_at, "Keep the comment to 2,000 characters or fewer");
        }
        if let Some(m) = parsed_mark {
            parsed.push((question, m, comment.to_string()));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    for (question, given, comment) in &parsed {
        marks::save(
            &mut *conn,
            marks::GivenMark {
                request: id,
                provider,
                question: *question,
                mark: given.value(),
                comment,
                by: me.user_id,
                at: now,
            },
        )
        .await?;
    }
    let record: Vec<_> = parsed
        .iter()
        .map(|(q, m, c)| json!({ "question": q, "mark": m.value(), "comment": c }))
        .collect();
    ctx.audit(
        AuditEvent::by(Actor::user(me), Action::OfferMarked, Subject::Request(id))
            .after(json!({ "provider": provider, "marks": record })),
    )
    .await
}

/// Excludes an offer as non-compliant (with a reason), or with an empty reason takes
/// it back into the evaluation.
pub async fn exclude(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    provider: OrganisationId,
    reason: &str,
    include: bool,
) -> AppResult<()> {
    let reason = reason.trim();
    if !include && reason.is_empty() {
        return Err(AppError::invalid(
            "excluded_reason",
            "Enter why the offer does not comply",
        ));
    }
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    evaluable(
        &mut *conn,
        me,
        id,
        now,
        &format!("excluded_reason-{provider}"),
    )
    .await?;
    let stored = (!include).then_some(reason);
    if !opened::set_excluded(&mut *conn, id, provider, stored, now).await? {
        return Err(AppError::NotFound);
    }
    ctx.audit(
        AuditEvent::by(Actor::user(me), Action::OfferExcluded, Subject::Request(id))
            .after(json!({ "provider": provider, "excluded": !include, "reason": reason })),
    )
    .await
}

pub async fn tie_break(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    reason: &str,
) -> AppResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid(
            "tie_break",
            "Enter how the tie was broken",
        ));
    }
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    evaluable(&mut *conn, me, id, now, "tie_break").await?;
    requests::set_tie_break(&mut *conn, id, reason).await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::TieBreakRecorded,
            Subject::Request(id),
        )
        .after(json!({ "reason": reason })),
    )
    .await
}
