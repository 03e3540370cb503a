//! Drafting the dynamic market that takes over from a Regulation 34 DPS: a commissioner
//! of the lead council copies the DPS's consortium, lots, evidence types and
//! questionnaire into a new draft under the Procurement Act 2023, once per DPS. The
//! draft is then changed and opened like any other system.

use super::details::recorded;
use super::{audit, locked};
use crate::audit::Action;
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::error::{AppError, AppResult};
use crate::ids::{EvidenceTypeId, LotId, SystemId};
use crate::service::Ctx;
use crate::systems::details::SystemDetails;
use crate::systems::repo::{self, NewEvidenceRow, NewQuestionRow, SystemRow};
use crate::systems::successor::{remap_evidence, successor_form};
use crate::systems::types::SystemType;
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// How many numbered references (`-DM`, `-DM2`, ...) are tried before giving up.
const REFERENCE_ATTEMPTS: u32 = 50;

pub async fn create(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<SystemId> {
    let dps = locked(ctx, me, id, |r| r.manage, "").await?;
    if dps.system_type != SystemType::Reg34Dps {
        return Err(AppError::invalid(
            "",
            "Only a Regulation 34 DPS closes in February 2029 and needs a successor",
        ));
    }
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    if let Some((_, reference)) = repo::successor_of(tx, id).await? {
        return Err(already_drafted(&reference));
    }
    let details = free_details(tx, &dps, uk_date(now)).await?;
    let successor = repo::insert_system(tx, dps.lead_council_id, &details, now).await?;
    copy_conditions(tx, id, successor).await?;
    // The DPS's row lock makes a second request wait and then find the link above; the
    // key still refuses it should anything reach here another way.
    if !repo::insert_successor(tx, id, successor, me.user_id, now).await? {
        return Err(already_drafted(&details.reference));
    }
    let mut created = recorded(&details);
    created["successor_of"] = json!(id);
    audit(ctx, me, Action::SystemCreated, successor, created).await?;
    audit(
        ctx,
        me,
        Action::SuccessorDrafted,
        id,
        json!({ "successor": successor, "reference": details.reference }),
    )
    .await?;
    Ok(successor)
}

fn already_drafted(reference: &str) -> AppError {
    AppError::invalid(
        "",
        format!("This DPS's successor, {reference}, is already drafted. Change it there"),
    )
}

/// The successor's details with the first reference the council does not use yet.
async fn free_details(
    tx: &mut AnyConnection,
    dps: &SystemRow,
    today: time::Date,
) -> AppResult<SystemDetails> {
    let form = dps.form();
    for attempt in 1..=REFERENCE_ATTEMPTS {
        let details = successor_form(&form, today, attempt)
            .parse()
            .map_err(AppError::Invalid)?;
        if !repo::reference_taken(tx, dps.lead_council_id, &details.reference, None).await? {
            return Ok(details);
        }
    }
    Err(AppError::invalid(
        "",
        "Your council already uses every successor reference for this DPS. Rename one of them and try again",
    ))
}

/// Copies the consortium, lots, evidence types and questionnaire, pointing each copied
/// lot list and evidence question at the copies.
async fn copy_conditions(tx: &mut AnyConnection, from: SystemId, to: SystemId) -> AppResult<()> {
    for council in repo::participants(tx, from).await? {
        repo::add_participant(tx, to, council.id).await?;
    }
    let mut lots: HashMap<LotId, LotId> = HashMap::new();
    for lot in repo::lots(tx, from).await? {
        let copy = repo::insert_lot(tx, to, lot.service_type, &lot.title, &lot.description).await?;
        lots.insert(lot.id, copy);
    }
    let mapped =
        |old: &[LotId]| -> Vec<LotId> { old.iter().filter_map(|l| lots.get(l).copied()).collect() };
    let mut types: HashMap<EvidenceTypeId, EvidenceTypeId> = HashMap::new();
    for evidence in repo::evidence_types(tx, from).await? {
        let copy = repo::insert_evidence_type(
            tx,
            to,
            NewEvidenceRow {
                name: &evidence.name,
                kind: evidence.kind,
                mandatory: evidence.mandatory,
                expires: evidence.expires,
                lots: &mapped(&evidence.lots),
            },
        )
        .await?;
        types.insert(evidence.id, copy);
    }
    for section in repo::sections(tx, from).await? {
        let copy = repo::insert_section(tx, to, &section.title).await?;
        for question in section.questions {
            let kind = remap_evidence(&question.kind, &types);
            repo::insert_question(
                tx,
                to,
                NewQuestionRow {
                    section: copy,
                    text: &question.text,
                    kind: &kind,
                    marking: &question.marking,
                    mandatory: question.mandatory,
                    lots: &mapped(&question.lots),
                },
            )
            .await?;
        }
    }
    Ok(())
}
