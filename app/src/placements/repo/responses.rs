//! Each invited provider's answer: its state row, and the versions of its offer. A
//! provider reads only its own; the council reads counts here and content only
//! through [`super::opened`].

use crate::ids::{OrganisationId, RequestId, UserId};
use crate::placements::model::{ExtraLine, OfferContent};
use crate::placements::offer_form::{ExtraDraft, OfferDraft};
use crate::placements::offer_state::Answer;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// The provider's answer, with its row locked until the transaction ends, so that
/// two revisions at once queue and each sees the other's version.
pub async fn lock(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
    now: i64,
) -> sqlx::Result<Answer> {
    // The row must exist to be locked: two first offers at once would otherwise both
    // see no answer and both write version 1.
    sqlx::query(
        "INSERT INTO responses (request_id, organisation_id, state, version, updated_at)
         VALUES ($1, $2, 'none', 0, $3) ON CONFLICT (request_id, organisation_id) DO NOTHING",
    )
    .bind(request)
    .bind(provider)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query(
        "UPDATE responses SET version = version WHERE request_id = $1 AND organisation_id = $2
         RETURNING state, version",
    )
    .bind(request)
    .bind(provider)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(Answer::None);
    };
    let state: String = row.try_get("state")?;
    let version = u32::try_from(row.try_get::<i64, _>("version")?).unwrap_or(0);
    Ok(match state.as_str() {
        "offered" => Answer::Offered { version },
        "withdrawn" => Answer::Withdrawn { version },
        "declined" => Answer::Declined { version },
        _ => Answer::None,
    })
}

pub async fn set_state(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
    state: &str,
    version: u32,
    decline: Option<(&str, &str)>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO responses (request_id, organisation_id, state, version, decline_reason,
             decline_detail, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (request_id, organisation_id) DO UPDATE SET state = $3, version = $4,
             decline_reason = $5, decline_detail = $6, updated_at = $7",
    )
    .bind(request)
    .bind(provider)
    .bind(state)
    .bind(i64::from(version))
    .bind(decline.map(|d| d.0))
    .bind(decline.map(|d| d.1))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_version(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
    version: u32,
    offer: &OfferDraft,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    let extras = serde_json::to_string(&offer.extras).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let answers =
        serde_json::to_string(&offer.answers).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO offer_versions (request_id, organisation_id, version, weekly_price_pence,
             hourly_rate_pence, discount_bp, includes, extras, start_date, area, answers,
             staffing_ratio, weekly_cost_pence, value_pence, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(request)
    .bind(provider)
    .bind(i64::from(version))
    .bind(offer.weekly_price.map(|m| m.pence()))
    .bind(offer.hourly_rate.map(|m| m.pence()))
    .bind(i64::from(offer.discount_bp))
    .bind(&offer.includes)
    .bind(extras)
    .bind(offer.start_date.to_string())
    .bind(&offer.area)
    .bind(answers)
    .bind(&offer.staffing_ratio)
    .bind(offer.weekly_cost.pence())
    .bind(offer.value.pence())
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) const CONTENT: &str = "v.version, v.weekly_price_pence, v.hourly_rate_pence,
    v.discount_bp, v.includes, v.extras, v.start_date, v.area, v.answers, v.staffing_ratio,
    v.weekly_cost_pence, v.value_pence, v.submitted_at";

pub(super) fn content(r: &AnyRow) -> sqlx::Result<OfferContent> {
    use crate::money::Money;
    let decode = |e: serde_json::Error| sqlx::Error::Decode(e.to_string().into());
    let extras: Vec<ExtraDraft> =
        serde_json::from_str(&r.try_get::<String, _>("extras")?).map_err(decode)?;
    let discount: i64 = r.try_get("discount_bp")?;
    let value = Money(r.try_get("value_pence")?);
    Ok(OfferContent {
        version: r.try_get("version")?,
        weekly_price: r
            .try_get::<Option<i64>, _>("weekly_price_pence")?
            .map(|p| Money(p).to_string()),
        hourly_rate: r
            .try_get::<Option<i64>, _>("hourly_rate_pence")?
            .map(|p| Money(p).to_string()),
        hourly_rate_pence: r.try_get("hourly_rate_pence")?,
        discount_bp: discount,
        discount_percent: format!("{}.{:02}%", discount / 100, discount % 100),
        includes: r.try_get("includes")?,
        extras: extras
            .into_iter()
            .map(|x| ExtraLine {
                kind: if x.weekly { "weekly" } else { "one_off" }.into(),
                amount: x.amount.to_string(),
                reason: x.reason,
            })
            .collect(),
        start_date: r.try_get("start_date")?,
        area: r.try_get("area")?,
        answers: serde_json::from_str(&r.try_get::<String, _>("answers")?).map_err(decode)?,
        staffing_ratio: r.try_get("staffing_ratio")?,
        weekly_cost_pence: r.try_get("weekly_cost_pence")?,
        value: value.to_string(),
        value_pence: value.pence(),
        submitted_at: r.try_get("submitted_at")?,
    })
}

/// The provider's own answer as it stands, with its latest offer's content.
pub async fn own(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
) -> sqlx::Result<Option<(String, Option<String>, Option<OfferContent>)>> {
    let Some(state) = sqlx::query(
        "SELECT state, version, decline_reason FROM responses WHERE request_id = $1 AND organisation_id = $2",
    )
    .bind(request)
    .bind(provider)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let name: String = state.try_get("state")?;
    let version: i64 = state.try_get("version")?;
    let reason: Option<String> = state.try_get("decline_reason")?;
    let content = if version > 0 {
        sqlx::query(&format!(
            "SELECT {CONTENT} FROM offer_versions v
             WHERE v.request_id = $1 AND v.organisation_id = $2 AND v.version = $3"
        ))
        .bind(request)
        .bind(provider)
        .bind(version)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(content)
        .transpose()?
    } else {
        None
    };
    Ok(Some((name, reason, content)))
}

/// How many providers were sent the request, and how many have offered and declined:
/// all a council sees of the answers before the deadline.
pub async fn counts(conn: &mut AnyConnection, request: RequestId) -> sqlx::Result<(i64, i64, i64)> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM request_recipients WHERE request_id = $1) AS invited,
                COALESCE(SUM(CASE WHEN state = 'offered' THEN 1 ELSE 0 END), 0) AS offers,
                COALESCE(SUM(CASE WHEN state = 'declined' THEN 1 ELSE 0 END), 0) AS declines
         FROM responses WHERE request_id = $1",
    )
    .bind(request)
    .fetch_one(conn)
    .await?;
    Ok((
        row.try_get("invited")?,
        row.try_get("offers")?,
        row.try_get("declines")?,
    ))
}

/// How many versions a provider has sent, for tests and the audit.
pub async fn version_count(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
) -> sqlx::Result<i64> {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM offer_versions WHERE request_id = $1 AND organisation_id = $2",
    )
    .bind(request)
    .bind(provider)
    .fetch_one(conn)
    .await?
    .try_get("n")
}
