//! Creating a system and editing its details. The law, type, start and term fix what the
//! system may do, so they change only while it is a draft; a reference is unique within
//! the council.

use super::{audit, locked};
use crate::audit::Action;
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ids::SystemId;
use crate::service::Ctx;
use crate::systems::details::{SystemDetails, SystemForm};
use crate::systems::{fields, repo};
use serde_json::json;

const REFERENCE_TAKEN: &str = "Your council already has a system with this reference";

pub(super) fn recorded(details: &SystemDetails) -> serde_json::Value {
    json!({
        "reference": details.reference,
        "title": details.title,
        "regime": details.plan.regime.as_str(),
        "system_type": details.plan.system_type.as_str(),
        "start_date": details.plan.start.to_string(),
        "term": details.plan.term.to_string(),
        "end_date": details.plan.end_date().to_string(),
        "estimated_value_pence": details.estimated_value.map(|m| m.pence()),
        "quality_weight": details.weights.quality,
        "price_weight": details.weights.price,
    })
}

pub async fn create(ctx: &mut Ctx, me: &CurrentUser, form: &SystemForm) -> AppResult<SystemId> {
    let details = form.parse().map_err(AppError::Invalid)?;
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    if repo::reference_taken(tx, me.organisation_id, &details.reference, None).await? {
        return Err(taken(form));
    }
    let id = repo::insert_system(tx, me.organisation_id, &details, now).await?;
    audit(ctx, me, Action::SystemCreated, id, recorded(&details)).await?;
    Ok(id)
}

/// Saves the details typed on a page that showed `version`; refused if the system has
/// changed since, so no one's edit silently overwrites another's.
pub async fn update(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    version: i64,
    form: &SystemForm,
) -> AppResult<()> {
    let details = form.parse().map_err(AppError::Invalid)?;
    let row = locked(
        ctx,
        me,
        id,
        |r| r.edit_terms,
        "Only a draft system's details can change",
    )
    .await?;
    if row.version != version + 1 {
        return Err(AppError::invalid(
            "",
            "Someone else changed this system since you opened the page. Check its details and try again",
        ));
    }
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    if repo::reference_taken(tx, me.organisation_id, &details.reference, Some(id)).await? {
        return Err(taken(form));
    }
    repo::update_details(tx, id, &details, now).await?;
    audit(ctx, me, Action::SystemUpdated, id, recorded(&details)).await
}

fn taken(form: &SystemForm) -> AppError {
    let mut errors = form.kept();
    errors.add(fields::REFERENCE, REFERENCE_TAKEN);
    AppError::Invalid(errors)
}
