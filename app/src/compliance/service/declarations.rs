//! Renewed self-declarations: a commissioner of the lead council asks every member of a
//! system to renew within 5 working days; each member renews once, pre-filled from its
//! last declaration to any council; once the day has passed, the commissioner suspends
//! everyone overdue in one step.

use super::act::led_by_me;
use super::notices::{send, Notice};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::{Permission, Role};
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::compliance::declaration::Declaration;
use crate::compliance::model::{
    DeclarationAnswers, Flagged, Outstanding, RenewalDue, RenewalPage, RenewalRound,
};
use crate::compliance::renewal::{renewal_due, renewal_overdue};
use crate::compliance::repo::declarations::{self as repo, RequestRow};
use crate::compliance::repo::{live_suspensions, member_lots, start_suspension};
use crate::council_settings::service::clock_settings;
use crate::db::Backend;
use crate::error::{AppError, AppResult};
use crate::ids::{OrganisationId, RenewalRequestId, SystemId};
use crate::service::Ctx;
use crate::systems::details::iso_date;
use crate::systems::details::long_date_of;
use crate::systems::types::Regime;
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use time::Date;

fn overdue(request: &RequestRow, renewed: bool, today: Date) -> bool {
    iso_date(&request.due_on).is_ok_and(|due| renewal_overdue(due, renewed, today))
}

/// Whether a request's day is still to come (or is today): a new one would overlap it.
fn running(request: &RequestRow, today: Date) -> bool {
    iso_date(&request.due_on).is_ok_and(|due| today <= due)
}

pub fn due_view(request: &RequestRow, renewed_at: Option<i64>, today: Date) -> RenewalDue {
    RenewalDue {
        request: request.id,
        asked_label: long_date_of(&request.asked_on),
        due_label: long_date_of(&request.due_on),
        overdue: overdue(request, renewed_at.is_some(), today),
        renewed_label: renewed_at.map(|at| long_date_of(&uk_date(at).to_string())),
    }
}

/// A commissioner of the lead council asks every member to renew; returns how many were
/// asked. Refused while an earlier request's day has not passed.
pub async fn ask(ctx: &mut Ctx, me: &CurrentUser, system_id: SystemId) -> AppResult<usize> {
    let now = ctx.now;
    let today = uk_date(now);
    let system = led_by_me(ctx, me, system_id).await?;
    if !me.can(Permission::ManageMembers) {
        return Err(AppError::Forbidden);
    }
    let postgres = ctx.state.db.backend == Backend::Postgres;
    let tx = ctx.work.tx().await?;
    repo::hold_system(tx, system_id, postgres).await?;
    if let Some(latest) = repo::latest_request(tx, system_id).await? {
        if running(&latest, today) {
            return Err(AppError::invalid(
                "ask-renewal",
                format!(
                    "Members already have until {} to renew the declaration asked for on {}",
                    long_date_of(&latest.due_on),
                    long_date_of(&latest.asked_on)
                ),
            ));
        }
    }
    let (holidays, _) = clock_settings(tx, system.lead_council_id).await?;
    let due = renewal_due(today, &holidays);
    let id = repo::insert_request(
        tx,
        system_id,
        me.user_id,
        &today.to_string(),
        &due.to_string(),
        now,
    )
    .await?;
    let request = repo::find_request(tx, id)
        .await?
        .ok_or(AppError::Internal)?;
    let asked = repo::asked(tx, &request).await?;
    if asked.is_empty() {
        return Err(AppError::invalid(
            "ask-renewal",
            "The system has no members to ask",
        ));
    }
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::DeclarationRequested,
            Subject::System(system_id),
        )
        .after(json!({ "request": id, "due_on": due.to_string(), "members": asked.len() })),
    )
    .await?;
    let due_label = long_date_of(&request.due_on);
    for member in &asked {
        send(
            ctx,
            Notice {
                organisation: member.organisation,
                role: Role::ProviderAdmin,
                subject: format!("Renew your declaration for {} by {due_label}", system.title),
                paragraphs: vec![
                    format!(
                        "{} asks every member of {} to renew its self-declaration by {due_label}.",
                        system.lead_council, system.title
                    ),
                    "It takes a few minutes: the answers from your last declaration are filled in for you. A member that has not renewed by then may be suspended.".into(),
                ],
                link: Some(("Renew the declaration", format!("/provider/declarations/{id}"))),
            },
        )
        .await?;
    }
    Ok(asked.len())
}

/// The request, when `me`'s organisation was asked it and it is the system's latest.
async fn asked_of_me(
    conn: &mut AnyConnection,
    me: &CurrentUser,
    id: RenewalRequestId,
) -> AppResult<RequestRow> {
    let request = repo::find_request(conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !repo::was_asked(conn, &request, me.organisation_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(request)
}

fn grounds_law(regime: Regime) -> &'static str {
    match regime {
        Regime::Pcr2015 => "regulation 57 of the Public Contracts Regulations 2015",
        Regime::ProcurementAct2023 => {
            "Schedules 6 and 7 of the Procurement Act 2023 (mandatory and discretionary exclusion grounds), including being on the debarment list"
        }
    }
}

/// The renewal form, pre-filled from the organisation's last declaration to any council.
pub async fn page(ctx: &mut Ctx, me: &CurrentUser, id: RenewalRequestId) -> AppResult<RenewalPage> {
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    let request = asked_of_me(&mut conn, me, id).await?;
    let system = crate::systems::repo::find(&mut conn, request.system)
        .await?
        .ok_or(AppError::NotFound)?;
    let renewed = repo::renewed_at(&mut conn, id, me.organisation_id).await?;
    let last = repo::last_declaration(&mut conn, me.organisation_id)
        .await?
        .and_then(|json| serde_json::from_str::<Declaration>(&json).ok());
    let prefilled = last.is_some();
    let answers = last
        .map(|d| d.prefill())
        .unwrap_or_else(|| DeclarationAnswers {
            signatory_name: me.full_name.clone(),
            ..Default::default()
        });
    let latest = repo::latest_request(&mut conn, request.system)
        .await?
        .is_some_and(|l| l.id == id);
    Ok(RenewalPage {
        due: due_view(&request, renewed, today),
        system_title: system.title,
        council: system.lead_council,
        grounds_law: grounds_law(system.regime).into(),
        answers,
        prefilled,
        can_renew: latest && renewed.is_none() && me.can(Permission::ApplyToSystems),
    })
}

/// A member renews its declaration, once per request.
pub async fn renew(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RenewalRequestId,
    answers: &DeclarationAnswers,
    confirmed: bool,
) -> AppResult<()> {
    let now = ctx.now;
    let today = uk_date(now);
    let tx = ctx.work.tx().await?;
    let request = asked_of_me(tx, me, id).await?;
    if !me.can(Permission::ApplyToSystems) {
        return Err(AppError::Forbidden);
    }
    if repo::latest_request(tx, request.system)
        .await?
        .is_some_and(|l| l.id != id)
    {
        return Err(AppError::invalid(
            "",
            "The council has asked again since: renew the latest request from your compliance page",
        ));
    }
    let declaration = Declaration::parse(answers, confirmed).map_err(AppError::Invalid)?;
    let stored = serde_json::to_string(&declaration).map_err(|_| AppError::Internal)?;
    let late = overdue(&request, false, today);
    if !repo::insert_renewal(tx, id, me.organisation_id, &stored, me.user_id, now).await? {
        return Err(AppError::invalid(
            "",
            "Your organisation has already renewed this declaration",
        ));
    }
    let system = crate::systems::repo::find(tx, request.system)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::DeclarationRenewed,
            Subject::System(system.id),
        )
        .in_organisation(me.organisation_id)
        .after(json!({ "request": id, "grounds_apply": declaration.grounds_apply, "late": late })),
    )
    .await?;
    // The council hears only of what needs it: a ground that applies, or a late renewal
    // from a member it may have suspended for being overdue.
    let mut paragraphs = Vec::new();
    if declaration.grounds_apply {
        paragraphs.push(format!(
            "{} has declared that an exclusion ground applies: {}",
            me.organisation_name, declaration.grounds_details
        ));
        paragraphs.push(
            "Decide whether it must or may be removed, on the system's compliance page.".into(),
        );
    }
    if late {
        paragraphs.push(format!(
            "{} renewed its declaration after the due day, {}. If you suspended it for being overdue, you can lift the suspension on the compliance page.",
            me.organisation_name,
            long_date_of(&request.due_on)
        ));
    }
    if !paragraphs.is_empty() {
        send(
            ctx,
            Notice {
                organisation: system.lead_council_id,
                role: Role::Commissioner,
                subject: format!(
                    "Declaration renewed: {}, {}",
                    me.organisation_name, system.title
                ),
                paragraphs,
                link: Some((
                    "Open the compliance page",
                    format!("/council/systems/{}/compliance", system.id),
                )),
            },
        )
        .await?;
    }
    Ok(())
}

/// Where the system's latest request stands, for the council's page.
pub async fn round(
    conn: &mut AnyConnection,
    system: SystemId,
    today: Date,
) -> AppResult<(Option<RenewalRound>, bool)> {
    let Some(request) = repo::latest_request(conn, system).await? else {
        return Ok((None, true));
    };
    let asked = repo::asked(conn, &request).await?;
    let held = held_lots(conn, system).await?;
    let council_suspended = council_suspended(conn, system).await?;
    let mut outstanding = Vec::new();
    let mut flagged = Vec::new();
    for member in &asked {
        match (&member.renewed_at, &member.declaration) {
            (Some(at), Some(json)) => {
                if let Ok(d) = serde_json::from_str::<Declaration>(json) {
                    if d.grounds_apply {
                        flagged.push(Flagged {
                            name: member.name.clone(),
                            details: d.grounds_details,
                            renewed_label: long_date_of(&uk_date(*at).to_string()),
                        });
                    }
                }
            }
            _ => {
                let lots = held.get(&member.organisation).cloned().unwrap_or_default();
                let suspended = !lots.is_empty()
                    && lots
                        .iter()
                        .all(|lot| council_suspended.contains(&(member.organisation, *lot)));
                outstanding.push(Outstanding {
                    id: member.organisation,
                    name: member.name.clone(),
                    suspended,
                });
            }
        }
    }
    let can_ask = !running(&request, today);
    Ok((
        Some(RenewalRound {
            asked_label: long_date_of(&request.asked_on),
            due_on: request.due_on.clone(),
            due_label: long_date_of(&request.due_on),
            due_passed: overdue(&request, false, today),
            asked_of: asked.len(),
            renewed: asked.len() - outstanding.len(),
            outstanding,
            flagged,
        }),
        can_ask,
    ))
}

async fn held_lots(
    conn: &mut AnyConnection,
    system: SystemId,
) -> AppResult<BTreeMap<OrganisationId, Vec<crate::ids::LotId>>> {
    let mut held: BTreeMap<OrganisationId, Vec<crate::ids::LotId>> = BTreeMap::new();
    for (organisation, lot) in member_lots(conn, system, None).await? {
        held.entry(organisation).or_default().push(lot);
    }
    Ok(held)
}

async fn council_suspended(
    conn: &mut AnyConnection,
    system: SystemId,
) -> AppResult<Vec<(OrganisationId, crate::ids::LotId)>> {
    Ok(live_suspensions(conn, system, None)
        .await?
        .into_iter()
        .filter(|s| !s.automatic)
        .map(|s| (s.organisation, s.lot))
        .collect())
}

/// A commissioner suspends, from every lot it holds, each member that was asked and is
/// past the day without renewing; returns how many members were suspended.
pub async fn suspend_overdue(
    ctx: &mut Ctx,
    me: &CurrentUser,
    system_id: SystemId,
) -> AppResult<usize> {
    let now = ctx.now;
    let today = uk_date(now);
    let system = led_by_me(ctx, me, system_id).await?;
    if !me.can(Permission::ManageMembers) {
        return Err(AppError::Forbidden);
    }
    let postgres = ctx.state.db.backend == Backend::Postgres;
    let tx = ctx.work.tx().await?;
    repo::hold_system(tx, system_id, postgres).await?;
    let Some(request) = repo::latest_request(tx, system_id).await? else {
        return Err(AppError::invalid(
            "suspend-overdue",
            "No renewal has been asked for",
        ));
    };
    if !overdue(&request, false, today) {
        return Err(AppError::invalid(
            "suspend-overdue",
            format!(
                "Members have until {} to renew: no one is overdue yet",
                long_date_of(&request.due_on)
            ),
        ));
    }
    let asked = repo::asked(tx, &request).await?;
    let held = held_lots(tx, system_id).await?;
    let reason = format!(
        "Did not renew the self-declaration asked for on {}, due by {}",
        long_date_of(&request.asked_on),
        long_date_of(&request.due_on)
    );
    let mut suspended = 0;
    for member in asked.iter().filter(|m| m.renewed_at.is_none()) {
        let mut started = Vec::new();
        for lot in held.get(&member.organisation).into_iter().flatten() {
            let tx = ctx.work.tx().await?;
            if let Some(id) = start_suspension(
                tx,
                system_id,
                *lot,
                member.organisation,
                "council",
                &reason,
                Some(me.user_id),
                now,
            )
            .await?
            {
                started.push(*lot);
                ctx.audit(
                    AuditEvent::by(Actor::user(me), Action::ProviderSuspended, Subject::Organisation(member.organisation))
                        .in_organisation(member.organisation)
                        .after(json!({ "suspension": id, "system": system_id, "lot": lot, "automatic": false,
                                       "reason": reason, "renewal_request": request.id })),
                )
                .await?;
            }
        }
        if started.is_empty() {
            continue;
        }
        suspended += 1;
        send(
            ctx,
            Notice {
                organisation: member.organisation,
                role: Role::ProviderAdmin,
                subject: format!("Suspended from {}", system.title),
                paragraphs: vec![
                    format!("{} has suspended you from every lot of {}: you did not renew your self-declaration by {}. While suspended you receive no new placement requests there; placements already made continue.", system.lead_council, system.title, long_date_of(&request.due_on)),
                    "Renew it now, then ask the council to lift the suspension.".into(),
                ],
                link: Some(("Renew the declaration", format!("/provider/declarations/{}", request.id))),
            },
        )
        .await?;
    }
    if suspended == 0 {
        return Err(AppError::invalid(
            "suspend-overdue",
            "Everyone overdue is suspended already",
        ));
    }
    Ok(suspended)
}
