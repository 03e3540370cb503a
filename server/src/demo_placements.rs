//! Demo placement requests in Sefton's children's pseudo-DPS, made through the same
//! services the pages call, with the clock set back where a request is in the past:
//! an open same-day request with an offer and a decline, one evaluated and awaiting an
//! approver's award with a cabinet reference, a transition awaiting adult social
//! care's sign-off, and an awarded block of hours with the hours of its weeks so far
//! recorded. Two more children's home providers
//! are admitted so each request has a field of bidders. Running it again changes
//! nothing: a council that has sent any request is left alone.

use crate::admin::AdminError;
use crate::demo_applications::{
    accept_all_and_admit, apply, has_applied, library, run, system, user,
};
use app::auth::user::CurrentUser;
use app::calendar::{uk_date, uk_wall_clock};
use app::evidence::EvidenceKind;
use app::ids::{OrganisationId, RequestId};
use app::placements::block_hours::recordable_weeks;
use app::placements::offer_form::OfferForm;
use app::placements::request_form::RequestForm;
use app::placements::service::{answer, award, block_hours, evaluate, issue};
use app::state::AppState;
use time::Duration;

const DAY: i64 = 86_400;

/// The state with its clock `seconds_ago` back: what a request issued then saw.
fn at(state: &AppState, seconds_ago: i64) -> AppState {
    AppState {
        clock: app::clock::Clock::manual(state.clock.now() - seconds_ago),
        ..state.clone()
    }
}

fn deadline_fields(unix: i64) -> (String, String) {
    // Rounded up to the next whole minute: the form takes minutes.
    let unix = (unix + 59) / 60 * 60;
    let (date, time) = uk_wall_clock(unix);
    (
        date.to_string(),
        format!("{:02}:{:02}", time.hour(), time.minute()),
    )
}

struct Profile<'a> {
    lot: &'a str,
    block: Option<(&'a str, &'a str)>,
    urgency: &'a str,
    needs: &'a str,
    risks: &'a [&'a str],
    placement_type: &'a str,
    start: String,
    end: String,
    questions: &'a str,
    born: &'a str,
    name: &'a str,
    reference: &'a str,
}

fn form(p: &Profile, deadline: i64) -> RequestForm {
    let (deadline_date, deadline_time) = deadline_fields(deadline);
    RequestForm {
        lot_id: p.lot.to_string(),
        kind: if p.block.is_some() { "block" } else { "spot" }.into(),
        urgency: p.urgency.into(),
        gender: "not_relevant".into(),
        needs_summary: p.needs.into(),
        send_ehcp: "yes".into(),
        risk_flags: p.risks.iter().map(|r| r.to_string()).collect(),
        siblings: "0".into(),
        pets: String::new(),
        preferred_area: "Sefton or within 20 miles".into(),
        max_distance: "20".into(),
        placement_type: p.placement_type.into(),
        start_date: p.start.clone(),
        end_date: p.end.clone(),
        bespoke: String::new(),
        hours_per_week: p.block.map_or(String::new(), |b| b.0.to_string()),
        guaranteed_hours: p.block.map_or(String::new(), |b| b.1.to_string()),
        questions: p.questions.into(),
        deadline_date,
        deadline_time,
        all_agreed_shorter: String::new(),
        full_name: p.name.into(),
        date_of_birth: p.born.into(),
        address: "12 Example Street, Bootle L20 1AA".into(),
        local_reference: p.reference.into(),
    }
}

fn offer(
    weekly: Option<&str>,
    hourly: Option<(&str, &str)>,
    start: &str,
    area: &str,
    answers: &[&str],
) -> OfferForm {
    OfferForm {
        weekly_price: weekly.unwrap_or_default().into(),
        hourly_rate: hourly.map_or(String::new(), |h| h.0.into()),
        discount: hourly.map_or(String::new(), |h| h.1.into()),
        includes: "Education support, weekly therapy and transport to school".into(),
        extra_kind: vec!["one_off".into()],
        extra_amount: vec!["450".into()],
        extra_reason: vec!["Preparing and furnishing the bedroom".into()],
        start_date: start.into(),
        area: area.into(),
        answers: answers.iter().map(|a| a.to_string()).collect(),
        staffing_ratio: "2:1 by day, 1:1 waking night".into(),
    }
}

async fn send(
    state: &AppState,
    me: &CurrentUser,
    id: RequestId,
    form: &OfferForm,
) -> Result<(), AdminError> {
    run(state, async |ctx| answer::offer(ctx, me, id, form).await)
        .await
        .map(|_| ())
}

async fn mark(
    state: &AppState,
    me: &CurrentUser,
    id: RequestId,
    provider: OrganisationId,
    marks: &[&str],
) -> Result<(), AdminError> {
    let given: Vec<String> = marks.iter().map(|m| m.to_string()).collect();
    let comments: Vec<String> = marks
        .iter()
        .map(|m| match *m {
            "5" | "4" => "Specific, evidenced and matched to the young person's needs.".to_string(),
            _ => "Generic: does not say how it would work for this young person.".to_string(),
        })
        .collect();
    run(state, async |ctx| {
        evaluate::mark(ctx, me, id, provider, &given, &comments).await
    })
    .await
}

const QUESTIONS: &str = "How will you keep the young person safe at night and when they go missing?\nHow will you support their education and attendance?";
const ANSWERS: [&str; 2] = [
    "Waking night staff, door sensors agreed with the young person, and a missing-from-home protocol with Merseyside Police.",
    "A key worker attends every PEP meeting; we arrange transport and a tutor until a school place is confirmed.",
];

pub async fn seed(state: &AppState) -> Result<(), AdminError> {
    let commissioner = user(state, "commissioner@sefton.example.gov.uk").await?;
    {
        let mut conn = state.db.pool.acquire().await?;
        let sent: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM placement_requests WHERE council_id = $1")
                .bind(commissioner.organisation_id)
                .fetch_one(&mut *conn)
                .await?;
        if sent > 0 {
            return Ok(());
        }
    }
    let evaluator = user(state, "evaluator@sefton.example.gov.uk").await?;
    let oak = user(state, "manager@oaktree.example.co.uk").await?;
    let brookside = user(state, "manager@brookside.example.co.uk").await?;
    let willow = user(state, "manager@willowlodge.example.co.uk").await?;
    let children = system(state, "SEF-CYP-PDPS").await?;
    // Brookside and Willow Lodge join the children's homes and the SEND lots.
    for (provider, ofsted) in [(&brookside, "SC512334"), (&willow, "SC498120")] {
        if !has_applied(state, provider).await? {
            library(state, provider, EvidenceKind::Ofsted, ofsted).await?;
            let id = apply(state, provider, &children, &[1, 3], false, false).await?;
            accept_all_and_admit(state, &evaluator, id).await?;
        }
    }
    let lot = |number: i64| {
        children
            .lots
            .iter()
            .find(|l| l.number == number)
            .map(|l| l.id.to_string())
            .ok_or_else(|| AdminError::Invalid(format!("no lot {number} in the demo system")))
    };
    let (homes, send_lot) = (lot(1)?, lot(3)?);
    let system_id = children.id;
    let day = |offset: i64| uk_date(state.clock.now() + offset * DAY).to_string();

    // 1. Open, same day: Oak Tree has offered, Brookside has declined.
    let then = at(state, 2 * 3600);
    let open = run(&then, async |ctx| {
        issue::issue(ctx, &commissioner, system_id, &form(&Profile {
            lot: &homes, block: None, urgency: "today",
            needs: "A 14-year-old who needs a small, calm home tonight after a placement breakdown; anxious in groups, does well with consistent adults.",
            risks: &["missing", "self_harm"], placement_type: "Residential children's home, solo or two-bed",
            start: day(0), end: day(180), questions: QUESTIONS, born: "2012-03-14", name: "Jordan Demo", reference: "SEF-CIC-10231",
        }, state.clock.now() + 6 * 3600)).await
    }).await?;
    send(
        &then,
        &oak,
        open,
        &offer(Some("6850"), None, &day(0), "Southport, PR8", &ANSWERS),
    )
    .await?;
    run(&then, async |ctx| {
        answer::decline(ctx, &brookside, open, "no_capacity", "").await
    })
    .await?;

    // 2. Evaluated, awaiting an approver's award with a cabinet decision reference:
    // £11,500 a week for a year is over the £500,000 threshold.
    let then = at(state, 12 * DAY);
    let cabinet = run(&then, async |ctx| {
        issue::issue(ctx, &commissioner, system_id, &form(&Profile {
            lot: &homes, block: None, urgency: "within_5_days",
            needs: "A 15-year-old with complex trauma and a history of serious violence who needs a solo placement with therapeutic staff.",
            risks: &["aggression", "cce", "missing"], placement_type: "Solo placement with 2:1 staffing",
            start: day(-5), end: day(358), questions: QUESTIONS, born: "2011-01-09", name: "Casey Demo", reference: "SEF-CIC-09876",
        }, then.clock.now() + 3 * DAY)).await
    }).await?;
    send(
        &then,
        &oak,
        cabinet,
        &offer(Some("11500"), None, &day(-5), "Formby, L37", &ANSWERS),
    )
    .await?;
    send(
        &then,
        &brookside,
        cabinet,
        &offer(Some("12200"), None, &day(-5), "Bootle, L20", &ANSWERS),
    )
    .await?;
    mark(
        state,
        &commissioner,
        cabinet,
        oak.organisation_id,
        &["5", "4"],
    )
    .await?;
    mark(
        state,
        &commissioner,
        cabinet,
        brookside.organisation_id,
        &["3", "3"],
    )
    .await?;

    // 3. A transition: 18 before the placement ends, awaiting adult social care.
    let then = at(state, 6 * DAY);
    // Born 18 years before a day 90 days from now, so 18 during the placement.
    let birthday = uk_date(state.clock.now() + 90 * DAY);
    let turns_18 = time::Date::from_calendar_date(
        birthday.year() - 18,
        birthday.month(),
        birthday.day().min(28),
    )
    .map_err(|e| AdminError::Invalid(e.to_string()))?;
    let transition = run(&then, async |ctx| {
        issue::issue(ctx, &commissioner, system_id, &form(&Profile {
            lot: &homes, block: None, urgency: "later",
            needs: "A 17-year-old moving on from foster care who needs a home with a clear plan into adult supported living.",
            risks: &["substance_misuse"], placement_type: "Residential children's home with semi-independence support",
            start: day(7), end: day(372), questions: QUESTIONS, born: &turns_18.to_string(), name: "Riley Demo", reference: "SEF-CIC-07712",
        }, then.clock.now() + 4 * DAY)).await
    }).await?;
    send(
        &then,
        &oak,
        transition,
        &offer(Some("5400"), None, &day(7), "Crosby, L23", &ANSWERS),
    )
    .await?;
    send(
        &then,
        &willow,
        transition,
        &offer(Some("5150"), None, &day(7), "Maghull, L31", &ANSWERS),
    )
    .await?;
    mark(
        state,
        &commissioner,
        transition,
        oak.organisation_id,
        &["4", "4"],
    )
    .await?;
    mark(
        state,
        &commissioner,
        transition,
        willow.organisation_id,
        &["4", "3"],
    )
    .await?;

    // 4. A block of hours, awarded: 20 hours a week, 15 guaranteed at up to 5% off.
    let then = at(state, 20 * DAY);
    let block = run(&then, async |ctx| {
        issue::issue(ctx, &commissioner, system_id, &form(&Profile {
            lot: &send_lot, block: Some(("20", "15")), urgency: "later",
            needs: "1-1 support after school and at weekends for children with SEND on the Sefton short-breaks list.",
            risks: &[], placement_type: "1-1 intensive support, block of hours",
            start: day(-10), end: day(355), questions: "", born: "2015-07-02", name: "Block arrangement (several children)", reference: "SEF-SEND-BLOCK-01",
        }, then.clock.now() + 6 * DAY)).await
    }).await?;
    send(
        &then,
        &brookside,
        block,
        &offer(None, Some(("27.50", "5")), &day(-10), "Sefton", &[]),
    )
    .await?;
    send(
        &then,
        &willow,
        block,
        &offer(None, Some(("28.40", "3")), &day(-10), "Sefton", &[]),
    )
    .await?;
    let placement = run(state, async |ctx| {
        award::award(ctx, &commissioner, block, brookside.organisation_id, "", "").await
    })
    .await?;
    // Brookside has recorded the hours of each week that is over: one week short of
    // the guarantee, so the unused guaranteed hours show.
    let today = uk_date(state.clock.now());
    let weeks = recordable_weeks(
        today - Duration::days(10),
        today + Duration::days(355),
        today,
    );
    for (week, hours) in weeks.iter().rev().zip(["12.5", "19.75", "21"]) {
        run(state, async |ctx| {
            block_hours::record(ctx, &brookside, placement, &week.to_string(), hours).await
        })
        .await?;
    }
    Ok(())
}
