//! The conditions of membership: the consortium, the lots, the evidence asked for and the
//! selection questionnaire. They change only while `lifecycle::conditions_may_change`
//! allows (never once a dynamic market is open); the consortium only in a draft, as the
//! councils that may use a system are named when it is advertised.

use super::{audit, locked};
use crate::audit::Action;
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ids::{EvidenceTypeId, LotId, OrganisationId, QuestionId, SectionId, SystemId};
use crate::service::Ctx;
use crate::systems::conditions::{EvidenceTypeForm, LotForm, QuestionForm, SectionForm};
use crate::systems::fields;
use crate::systems::model::SystemRights;
use crate::systems::repo::{self, NewEvidenceRow, NewQuestionRow};
use serde_json::json;

const FIXED: &str = "This system's conditions of membership can no longer change: a dynamic market's are fixed once it opens, and a closed system's for good";
const CONSORTIUM_FIXED: &str =
    "The councils taking part can change only while the system is a draft";

fn conditions(r: &SystemRights) -> bool {
    r.edit_conditions
}

fn consortium(r: &SystemRights) -> bool {
    r.edit_terms
}

pub async fn add_participant(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    council: OrganisationId,
) -> AppResult<()> {
    let row = locked(ctx, me, id, consortium, CONSORTIUM_FIXED).await?;
    let tx = ctx.work.tx().await?;
    if council == row.lead_council_id || !repo::is_council(tx, council).await? {
        return Err(AppError::invalid(
            fields::COUNCIL,
            "Select a council to add",
        ));
    }
    if repo::participants(tx, id)
        .await?
        .iter()
        .any(|c| c.id == council)
    {
        return Err(AppError::invalid(
            fields::COUNCIL,
            "That council already takes part",
        ));
    }
    repo::add_participant(tx, id, council).await?;
    audit(
        ctx,
        me,
        Action::CouncilJoinedSystem,
        id,
        json!({ "council_id": council }),
    )
    .await
}

pub async fn remove_participant(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    council: OrganisationId,
) -> AppResult<()> {
    locked(ctx, me, id, consortium, CONSORTIUM_FIXED).await?;
    if repo::remove_participant(ctx.work.tx().await?, id, council).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit(
        ctx,
        me,
        Action::CouncilLeftSystem,
        id,
        json!({ "council_id": council }),
    )
    .await
}

pub async fn add_lot(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    form: &LotForm,
) -> AppResult<LotId> {
    let lot = form.parse().map_err(AppError::Invalid)?;
    locked(ctx, me, id, conditions, FIXED).await?;
    let lot_id = repo::insert_lot(
        ctx.work.tx().await?,
        id,
        lot.service_type,
        &lot.title,
        &lot.description,
    )
    .await?;
    audit(
        ctx,
        me,
        Action::LotAdded,
        id,
        json!({ "lot_id": lot_id, "service_type": lot.service_type.as_str(), "title": lot.title }),
    )
    .await?;
    Ok(lot_id)
}

/// A lot that evidence types or questions are limited to stays until they are removed:
/// dropping it from them would silently widen them to every lot.
pub async fn remove_lot(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    lot: LotId,
) -> AppResult<()> {
    locked(ctx, me, id, conditions, FIXED).await?;
    let tx = ctx.work.tx().await?;
    let named_by_evidence = repo::evidence_types(tx, id)
        .await?
        .iter()
        .any(|e| e.lots.contains(&lot));
    let named_by_question = repo::sections(tx, id)
        .await?
        .iter()
        .flat_map(|s| &s.questions)
        .any(|q| q.lots.contains(&lot));
    if named_by_evidence || named_by_question {
        return Err(AppError::invalid(
            "",
            "Evidence types or questions are limited to this lot. Remove them first",
        ));
    }
    if repo::delete_lot(tx, id, lot).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit(ctx, me, Action::LotRemoved, id, json!({ "lot_id": lot })).await
}

async fn lot_ids(ctx: &mut Ctx, id: SystemId) -> AppResult<Vec<LotId>> {
    Ok(repo::lots(ctx.work.tx().await?, id)
        .await?
        .into_iter()
        .map(|l| l.id)
        .collect())
}

pub async fn add_evidence_type(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    form: &EvidenceTypeForm,
    chosen: &[LotId],
) -> AppResult<EvidenceTypeId> {
    locked(ctx, me, id, conditions, FIXED).await?;
    let lots = lot_ids(ctx, id).await?;
    let evidence = form.parse(chosen, &lots).map_err(AppError::Invalid)?;
    let evidence_id = repo::insert_evidence_type(
        ctx.work.tx().await?,
        id,
        NewEvidenceRow {
            name: &evidence.name,
            kind: evidence.kind,
            mandatory: evidence.mandatory,
            expires: evidence.expires,
            lots: &evidence.lots,
        },
    )
    .await?;
    audit(
        ctx,
        me,
        Action::EvidenceTypeAdded,
        id,
        json!({
            "evidence_type_id": evidence_id,
            "name": evidence.name,
            "kind": evidence.kind.as_str(),
            "mandatory": evidence.mandatory,
            "expires": evidence.expires,
            "lots": evidence.lots,
        }),
    )
    .await?;
    Ok(evidence_id)
}

pub async fn remove_evidence_type(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    evidence_type: EvidenceTypeId,
) -> AppResult<()> {
    locked(ctx, me, id, conditions, FIXED).await?;
    let tx = ctx.work.tx().await?;
    let asked_by_question = repo::sections(tx, id).await?.iter().flat_map(|s| &s.questions).any(|q| {
        matches!(q.kind, crate::applications::questions::QuestionKind::Evidence { evidence_type_id } if evidence_type_id == evidence_type.0)
    });
    if asked_by_question {
        return Err(AppError::invalid(
            "",
            "A question asks for this evidence. Remove the question first",
        ));
    }
    if repo::delete_evidence_type(tx, id, evidence_type).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit(
        ctx,
        me,
        Action::EvidenceTypeRemoved,
        id,
        json!({ "evidence_type_id": evidence_type }),
    )
    .await
}

pub async fn add_section(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    form: &SectionForm,
) -> AppResult<SectionId> {
    let title = form.parse().map_err(AppError::Invalid)?;
    locked(ctx, me, id, conditions, FIXED).await?;
    let section = repo::insert_section(ctx.work.tx().await?, id, &title).await?;
    audit(
        ctx,
        me,
        Action::SectionAdded,
        id,
        json!({ "section_id": section, "title": title }),
    )
    .await?;
    Ok(section)
}

pub async fn remove_section(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    section: SectionId,
) -> AppResult<()> {
    locked(ctx, me, id, conditions, FIXED).await?;
    if repo::delete_section(ctx.work.tx().await?, id, section).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit(
        ctx,
        me,
        Action::SectionRemoved,
        id,
        json!({ "section_id": section }),
    )
    .await
}

pub async fn add_question(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    section: SectionId,
    form: &QuestionForm,
    chosen: &[LotId],
) -> AppResult<QuestionId> {
    locked(ctx, me, id, conditions, FIXED).await?;
    let lots = lot_ids(ctx, id).await?;
    let tx = ctx.work.tx().await?;
    if !repo::sections(tx, id)
        .await?
        .iter()
        .any(|s| s.id == section)
    {
        return Err(AppError::NotFound);
    }
    let evidence_types: Vec<EvidenceTypeId> = repo::evidence_types(tx, id)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let question = form
        .parse(chosen, &lots, &evidence_types)
        .map_err(AppError::Invalid)?;
    let question_id = repo::insert_question(
        tx,
        id,
        NewQuestionRow {
            section,
            text: &question.text,
            kind: &question.kind,
            marking: &question.marking,
            mandatory: question.mandatory,
            lots: &question.lots,
        },
    )
    .await?;
    audit(
        ctx,
        me,
        Action::QuestionAdded,
        id,
        json!({
            "question_id": question_id,
            "section_id": section,
            "text": question.text,
            "kind": question.kind,
            "marking": question.marking,
            "mandatory": question.mandatory,
            "lots": question.lots,
        }),
    )
    .await?;
    Ok(question_id)
}

pub async fn remove_question(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    question: QuestionId,
) -> AppResult<()> {
    locked(ctx, me, id, conditions, FIXED).await?;
    if repo::delete_question(ctx.work.tx().await?, id, question).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit(
        ctx,
        me,
        Action::QuestionRemoved,
        id,
        json!({ "question_id": question }),
    )
    .await
}
