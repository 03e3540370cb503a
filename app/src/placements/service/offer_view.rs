//! One opened offer as its council reads and marks it, on a page of its own so that
//! a request with forty offers is forty light pages rather than one heavy one.

use super::access::councils_own;
use super::evaluate::evaluation;
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ids::{OrganisationId, RequestId};
use crate::placements::deadline::is_open;
use crate::placements::model::{CouncilOffer, OfferRow};
use crate::placements::repo::{marks, opened};
use crate::service::Ctx;

/// The offer of `provider` for the council's request `id`. Before the deadline there
/// is nothing to read (`repo::opened` returns no offers), so it is not found.
pub async fn council_offer(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    provider: OrganisationId,
) -> AppResult<CouncilOffer> {
    let now = ctx.now;
    let mut conn = ctx.work.read().await?;
    let request = councils_own(&mut conn, me, id).await?;
    let evaluation = evaluation(&mut conn, &request, now).await?;
    let index = evaluation
        .offers
        .iter()
        .position(|o| o.organisation_id == provider)
        .ok_or(AppError::NotFound)?;
    let o = opened::offer(&mut conn, id, provider, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let given = marks::of_offer(&mut conn, id, provider).await?;
    let ranked = evaluation.ranked(provider);
    let offer = OfferRow {
        organisation_id: o.organisation_id,
        provider: o.provider,
        content: o.content,
        marks: (0..request.questions.len())
            .map(|q| {
                given
                    .iter()
                    .find(|(question, _, _)| *question == q)
                    .map(|(_, mark, comment)| (*mark, comment.clone()))
            })
            .collect(),
        excluded_reason: o.excluded_reason,
        quality: ranked.map(|r| r.quality.to_string()),
        price: ranked.map(|r| r.price.to_string()),
        total: ranked.map(|r| r.total.to_string()),
        rank: ranked.map(|r| r.rank),
        tied: ranked.is_some_and(|r| r.tied),
    };
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| evaluation.offers.get(i))
            .map(|o| o.organisation_id)
    };
    let open = request.status == "open" && !is_open(now, request.deadline);
    Ok(CouncilOffer {
        request_id: id,
        reference: request.reference.clone(),
        lot: request.lot.clone(),
        questions: request.questions.clone(),
        position: index + 1,
        of: evaluation.offers.len(),
        previous: neighbour(index.checked_sub(1)),
        next: neighbour(Some(index + 1)),
        offer,
        can_evaluate: open && me.can(Permission::EvaluateOffers),
    })
}
