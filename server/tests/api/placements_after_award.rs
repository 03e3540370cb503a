//! What follows an award, through the server functions and the daily sweep: the
//! contract entered when the standstill is over, placements ending and running again,
//! a block arrangement's hours recorded week by week, and the person's details erased
//! after the council's retention period or at once with a reason. Both databases.

use crate::both;
use crate::helpers::{field_messages, TestApp};
use crate::placements::{award, evaluated, mark_all, message, provider_view};
use crate::placements_fixture::*;
use app::auth::roles::Role;
use app::error::AppError;
use app::ids::{PlacementId, RequestId};
use app::placements::model::{
    PersonPage, PlacementDetail, ProviderPlacement, ProviderPlacementRow, RetentionPage,
};
use reqwest::Client;
use time::{macros::time, Date, Duration};

both!(
    the_contract_is_entered_once_when_the_standstill_is_over,
    an_ended_placement_extended_runs_again,
    a_block_arrangements_hours_are_recorded_against_the_guarantee,
    two_colleagues_recording_one_week_at_once_leave_one_week_and_both_in_the_log,
    the_persons_details_are_erased_after_the_councils_retention_period,
    a_commissioner_erases_the_details_at_once_with_a_reason,
    spot_purchases_show_in_the_councils_report_and_in_no_other,
);

const ADMIN: &str = "admin@haringey.example.gov.uk";

/// Moves the app's clock to noon (UK) on `day`.
fn to_noon(app: &TestApp, day: Date) {
    let at = app::calendar::uk_instant(day, time!(12:00));
    app.clock.advance(at - app.clock.now());
}

async fn sweep(app: &TestApp) -> app::compliance::service::sweep::Swept {
    app::compliance::service::sweep::sweep(&app.state)
        .await
        .expect("sweep")
}

/// A new signed-in session for a fixture user (theirs sign in by session only), for
/// after the clock has moved past their first.
async fn session(app: &TestApp, email: &str) -> Client {
    let user = app.user_id(email).await;
    let token = app::secret::new_token();
    let mut tx = app.db.begin().await.unwrap();
    app::auth::repo::create_session(
        &mut tx,
        &app::secret::hash_token(&token),
        user,
        app.clock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    with_session(app, &token)
}

async fn placement_status(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT status FROM placements")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn placement_id(app: &TestApp) -> PlacementId {
    PlacementId(app.sql_i64("SELECT id FROM placements").await)
}

async fn the_contract_is_entered_once_when_the_standstill_is_over(app: TestApp) {
    let m = market(&app, &crate::systems::dynamic_market("HAR-DM-21"), 2).await;
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 10 * DAY + 60), &[]),
    )
    .await
    .unwrap();
    for (bidder, price) in m.bidders.iter().zip(["3000", "3200"]) {
        send_offer(&app, &bidder.browser, &offer_form(id, price, &[]))
            .await
            .unwrap();
    }
    app.clock.advance(10 * DAY + 120);
    let council = app.sign_in_as(HARINGEY).await;
    mark_all(
        &app,
        &council,
        id,
        &[
            (m.bidders[0].organisation, ["4", "4"]),
            (m.bidders[1].organisation, ["3", "3"]),
        ],
    )
    .await;
    award(&app, &council, id, m.bidders[0].organisation, "")
        .await
        .expect("awarded");
    let from: String = sqlx::query_scalar("SELECT contract_from FROM placements")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let from = app::systems::details::iso_date(&from).unwrap();
    let winner = &m.bidders[0].email;

    // The day before, two servers sweep: nothing moves.
    to_noon(&app, from - Duration::days(1));
    let beside = app.spawn_beside().await;
    beside.clock.advance(app.clock.now() - beside.clock.now());
    let (a, b) = tokio::join!(
        app::compliance::service::sweep::sweep(&app.state),
        app::compliance::service::sweep::sweep(&beside.state)
    );
    assert_eq!(a.unwrap().placements_moved + b.unwrap().placements_moved, 0);
    assert_eq!(placement_status(&app).await, "standstill");

    // On the day, both sweep at once again: one of them enters the contract.
    to_noon(&app, from);
    beside.clock.advance(app.clock.now() - beside.clock.now());
    let (a, b) = tokio::join!(
        app::compliance::service::sweep::sweep(&app.state),
        app::compliance::service::sweep::sweep(&beside.state)
    );
    assert_eq!(a.unwrap().placements_moved + b.unwrap().placements_moved, 1);
    assert_eq!(placement_status(&app).await, "active");
    sweep(&app).await;
    app.run_jobs().await;
    let told: Vec<_> = app
        .emails_to(winner)
        .await
        .into_iter()
        .filter(|(subject, _)| subject.starts_with("Contract entered"))
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'placement_status_changed'")
            .await,
        1
    );
    // The losing bidder hears nothing of it.
    assert!(app
        .emails_to(&m.bidders[1].email)
        .await
        .iter()
        .all(|(subject, _)| !subject.starts_with("Contract entered")));

    // The day after its last day (28 February 2028) it has ended, for both sides.
    to_noon(&app, time::macros::date!(2028 - 02 - 29));
    assert_eq!(sweep(&app).await.placements_moved, 1);
    assert_eq!(placement_status(&app).await, "ended");
    let provider = session(&app, winner).await;
    let rows: Vec<ProviderPlacementRow> = app
        .call(&provider, "provider-placements", &[])
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, "Ended");
    let council = app.sign_in_as(HARINGEY).await;
    let filtered: app::placements::model::PlacementsPage = app
        .call(&council, "council-placements", &[("status", "ended")])
        .await
        .unwrap();
    assert_eq!(filtered.rows.len(), 1);
}

async fn an_ended_placement_extended_runs_again(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-22"), 2).await;
    let id = evaluated(&app, &m, ["2000", "2100"], &[]).await;
    award(&app, &m.council, id, m.bidders[0].organisation, "")
        .await
        .unwrap();
    // No standstill was set on this light-touch award: active from the day of award.
    assert_eq!(placement_status(&app).await, "active");
    to_noon(&app, time::macros::date!(2028 - 03 - 02));
    sweep(&app).await;
    assert_eq!(placement_status(&app).await, "ended");
    let council = app.sign_in_as(HARINGEY).await;
    let placement = placement_id(&app).await;
    app.call::<()>(
        &council,
        "extend-placement",
        &[
            ("id", &placement.to_string()),
            ("new_end_date", "2028-08-31"),
        ],
    )
    .await
    .expect("extended");
    assert_eq!(placement_status(&app).await, "active");
    let detail: PlacementDetail = app
        .call(
            &council,
            "council-placement",
            &[("id", &placement.to_string())],
        )
        .await
        .unwrap();
    assert_eq!(detail.status, "Active");
    // Nothing for the sweep to undo.
    assert_eq!(sweep(&app).await.placements_moved, 0);
}

/// A block of 20 hours a week, 15 guaranteed, at £24 an hour with 5 % off the
/// guaranteed hours, awarded to bidder 0; bidder 1 lost.
async fn block_awarded(app: &TestApp, m: &Market) -> RequestId {
    let id = issue(
        app,
        &m.council,
        &request_form(
            m.system,
            m.lot,
            deadline_in(app, 1200),
            &[
                ("kind", "block"),
                ("hours_per_week", "20"),
                ("guaranteed_hours", "15"),
            ],
        ),
    )
    .await
    .expect("block issued");
    for (bidder, rate) in m.bidders.iter().zip(["24", "26"]) {
        send_offer(
            app,
            &bidder.browser,
            &offer_form(
                id,
                "",
                &[
                    ("hourly_rate", rate),
                    ("discount", "5"),
                    ("weekly_price", ""),
                ],
            ),
        )
        .await
        .expect("block offer");
    }
    app.clock.advance(1260);
    mark_all(
        app,
        &m.council,
        id,
        &[
            (m.bidders[0].organisation, ["4", "4"]),
            (m.bidders[1].organisation, ["3", "3"]),
        ],
    )
    .await;
    award(app, &m.council, id, m.bidders[0].organisation, "")
        .await
        .expect("block awarded");
    id
}

async fn record(
    app: &TestApp,
    browser: &Client,
    placement: PlacementId,
    week: &str,
    hours: &str,
) -> Result<(), AppError> {
    app.call(
        browser,
        "record-hours",
        &[
            ("id", &placement.to_string()),
            ("week", week),
            ("hours", hours),
        ],
    )
    .await
}

async fn provider_placement(
    app: &TestApp,
    browser: &Client,
    placement: PlacementId,
) -> Result<ProviderPlacement, AppError> {
    app.call(
        browser,
        "provider-placement",
        &[("id", &placement.to_string())],
    )
    .await
}

async fn a_block_arrangements_hours_are_recorded_against_the_guarantee(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-23"), 2).await;
    block_awarded(&app, &m).await;
    let placement = placement_id(&app).await;
    let winner = &m.bidders[0].browser;
    let shown = provider_placement(&app, winner, placement).await.unwrap();
    let hours = shown.hours.expect("a block shows its hours");
    assert_eq!(
        hours.terms,
        "20 hours a week at £24 an hour; 15 of them guaranteed at 5.00% off"
    );
    // Nothing can be recorded before the placement's first week is over.
    assert!(hours.recordable.is_empty());
    let early = record(&app, winner, placement, "2027-03-01", "12")
        .await
        .unwrap_err();
    assert_eq!(
        message(&early, "week"),
        "Hours can be recorded once the week is over"
    );

    // Tuesday 16 March 2027: the weeks of 1 and 8 March are over.
    to_noon(&app, time::macros::date!(2027 - 03 - 16));
    let winner = session(&app, &m.bidders[0].email).await;
    let hours = provider_placement(&app, &winner, placement)
        .await
        .unwrap()
        .hours
        .unwrap();
    let weeks: Vec<&str> = hours.recordable.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(weeks, ["2027-03-08", "2027-03-01"]);
    assert!(hours.weeks.iter().all(|w| w.delivered.is_none()));

    // Bad input: a message by the field, and nothing stored.
    for (week, typed, field, expected) in [
        (
            "2027-03-15",
            "10",
            "week",
            "Hours can be recorded once the week is over",
        ),
        (
            "2027-03-02",
            "10",
            "week",
            "Choose a week by the Monday it begins on",
        ),
        (
            "2027-02-22",
            "10",
            "week",
            "Choose a week during the placement",
        ),
        (
            "2027-03-01",
            "7.3",
            "hours",
            "Enter hours in quarter hours, like 12 or 7.25",
        ),
        (
            "2027-03-01",
            "",
            "hours",
            "Enter hours in quarter hours, like 12 or 7.25",
        ),
    ] {
        let refused = record(&app, &winner, placement, week, typed)
            .await
            .unwrap_err();
        assert_eq!(message(&refused, field), expected, "{week} {typed}");
    }
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM delivered_hours").await, 0);

    record(&app, &winner, placement, "2027-03-01", "12")
        .await
        .expect("recorded");
    record(&app, &winner, placement, "2027-03-08", "22")
        .await
        .expect("recorded");
    // A correction replaces the week; the log keeps what it was.
    record(&app, &winner, placement, "2027-03-01", "13.5")
        .await
        .expect("corrected");
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM delivered_hours").await, 2);
    let hours = provider_placement(&app, &winner, placement)
        .await
        .unwrap()
        .hours
        .unwrap();
    assert_eq!(hours.delivered, "35.5 hours");
    assert_eq!(hours.guaranteed, "30 hours");
    assert_eq!(hours.unused, "1.5 hours");
    // 15 h × £22.80 each week, and 7 h beyond them at £24 in the second.
    assert_eq!(hours.charge, "£852");
    assert_eq!(hours.weeks[0].note, "2 hours beyond the plan");
    assert_eq!(hours.weeks[1].note, "1.5 hours guaranteed not used");
    let logged: Vec<String> = sqlx::query_scalar(
        "SELECT before_json FROM audit_log WHERE action = 'hours_delivered' ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(logged.len(), 3);
    assert!(logged[2].contains("720"), "{}", logged[2]);

    // The council sees the same weeks, and cannot record them.
    let council = app.sign_in_as(HARINGEY).await;
    let detail: PlacementDetail = app
        .call(
            &council,
            "council-placement",
            &[("id", &placement.to_string())],
        )
        .await
        .unwrap();
    let seen = detail.hours.expect("the council sees the hours");
    assert_eq!((seen.charge.as_str(), seen.can_record), ("£852", false));
    assert!(matches!(
        record(&app, &council, placement, "2027-03-08", "1").await,
        Err(AppError::Forbidden)
    ));

    // The losing bidder cannot reach the placement at all.
    let loser = session(&app, &m.bidders[1].email).await;
    assert!(matches!(
        provider_placement(&app, &loser, placement).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        record(&app, &loser, placement, "2027-03-08", "1").await,
        Err(AppError::NotFound)
    ));
    let none: Vec<ProviderPlacementRow> =
        app.call(&loser, "provider-placements", &[]).await.unwrap();
    assert!(none.is_empty());
    assert_eq!(
        app.sql_i64("SELECT CAST(SUM(minutes) AS BIGINT) FROM delivered_hours")
            .await,
        35 * 60 + 30
    );
}

async fn two_colleagues_recording_one_week_at_once_leave_one_week_and_both_in_the_log(
    app: TestApp,
) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-24"), 2).await;
    block_awarded(&app, &m).await;
    let placement = placement_id(&app).await;
    to_noon(&app, time::macros::date!(2027 - 03 - 09));
    let (first, second) = (
        session(&app, &m.bidders[0].email).await,
        session(&app, &m.bidders[0].email).await,
    );
    let (a, b) = tokio::join!(
        record(&app, &first, placement, "2027-03-01", "15"),
        record(&app, &second, placement, "2027-03-01", "17")
    );
    a.expect("first");
    b.expect("second");
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM delivered_hours").await, 1);
    let stored = app.sql_i64("SELECT minutes FROM delivered_hours").await;
    assert!(stored == 900 || stored == 1020, "{stored}");
    // Whichever came second saw the first's hours as its "before".
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'hours_delivered' ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].0.contains("null"), "{:?}", rows[0]);
    let first_after: serde_json::Value = serde_json::from_str(&rows[0].1).unwrap();
    let second_before: serde_json::Value = serde_json::from_str(&rows[1].0).unwrap();
    assert_eq!(first_after["minutes"], second_before["minutes"]);
    let second_after: serde_json::Value = serde_json::from_str(&rows[1].1).unwrap();
    assert_eq!(second_after["minutes"], stored);
}

async fn retention(app: &TestApp, browser: &Client) -> RetentionPage {
    app.call(browser, "person-retention", &[]).await.unwrap()
}

async fn person_page(app: &TestApp, browser: &Client, id: RequestId) -> PersonPage {
    app.call(browser, "request-person", &[("id", &id.to_string())])
        .await
        .unwrap()
}

async fn the_persons_details_are_erased_after_the_councils_retention_period(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-25"), 2).await;
    let admin = app
        .council_user("Haringey Council", ADMIN, &[Role::CouncilAdmin])
        .await;
    assert_eq!(retention(&app, &admin).await.months, "12");
    let refused = app
        .call::<()>(&admin, "save-person-retention", &[("months", "0")])
        .await
        .unwrap_err();
    assert_eq!(
        message(&refused, "months"),
        "Enter a whole number of months from 1 to 120"
    );
    assert!(matches!(
        app.call::<()>(&m.council, "save-person-retention", &[("months", "3")])
            .await,
        Err(AppError::Forbidden)
    ));
    assert!(retention(&app, &admin).await.is_default);
    app.call::<()>(&admin, "save-person-retention", &[("months", "3")])
        .await
        .expect("saved");
    assert_eq!(retention(&app, &admin).await.months, "3");

    // One request awarded (placement 1 March 2027 to 28 February 2028), one that
    // closed without a placement.
    let awarded = evaluated(&app, &m, ["3000", "3100"], &[]).await;
    award(&app, &m.council, awarded, m.bidders[0].organisation, "")
        .await
        .unwrap();
    let unanswered = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 1200), &[]),
    )
    .await
    .unwrap();
    let deadline = app
        .sql_i64(&format!(
            "SELECT deadline FROM placement_requests WHERE id = {unanswered}"
        ))
        .await;
    let closed_on = app::calendar::uk_date(deadline);
    assert_eq!(retention(&app, &admin).await.held, 2);

    // Three months after the deadline the unanswered request's details are kept to
    // the end of that day, and gone the next.
    to_noon(&app, app::placements::retention::add_months(closed_on, 3));
    assert_eq!(sweep(&app).await.people_erased, 0);
    to_noon(
        &app,
        app::placements::retention::add_months(closed_on, 3) + Duration::days(1),
    );
    assert_eq!(sweep(&app).await.people_erased, 1);
    assert_eq!(sweep(&app).await.people_erased, 0, "erased once");
    let council = app.sign_in_as(HARINGEY).await;
    let gone = person_page(&app, &council, unanswered).await;
    assert!(gone.person.is_none());
    assert!(!gone.can_erase);
    let text = gone.erased.expect("says when and why");
    assert!(
        text.contains(
            "the retention period of 3 months after the request closed without a placement is over"
        ),
        "{text}"
    );
    // The placed person's details stay while the placement runs and 3 months after.
    let kept = person_page(&app, &council, awarded).await;
    assert!(kept.person.is_some());

    to_noon(&app, time::macros::date!(2028 - 05 - 28));
    assert_eq!(sweep(&app).await.people_erased, 0);
    to_noon(&app, time::macros::date!(2028 - 05 - 29));
    assert_eq!(sweep(&app).await.people_erased, 1);
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_people").await,
        0
    );
    // The anonymised record stays: requests, offers, marks, the placement, and the
    // log of who viewed the details.
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_requests").await,
        2
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM offer_versions").await, 2);
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM placements").await, 1);
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_people_views")
            .await,
        1
    );
    assert_eq!(
        app.sql_i64(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'person_erased' AND actor = 'system'"
        )
        .await,
        2
    );
    // The winner is told they are gone, instead of being shown them.
    let winner = session(&app, &m.bidders[0].email).await;
    let view = provider_view(&app, &winner, awarded).await.unwrap();
    assert!(view.person.is_none());
    assert!(view.person_erased.is_some());
    let admin = app.sign_in_as(ADMIN).await;
    let page = retention(&app, &admin).await;
    assert_eq!((page.held, page.erased), (0, 2));
}

async fn a_commissioner_erases_the_details_at_once_with_a_reason(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-26"), 1).await;
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 1200), &[]),
    )
    .await
    .unwrap();
    let erase = |browser: &Client, reason: &str| {
        let (browser, reason, id) = (browser.clone(), reason.to_string(), id.to_string());
        let app = &app;
        async move {
            app.call::<()>(
                &browser,
                "erase-person",
                &[("id", id.as_str()), ("erase_reason", reason.as_str())],
            )
            .await
        }
    };
    let blank = erase(&m.council, "  ").await.unwrap_err();
    assert_eq!(
        field_messages(&blank),
        [(
            "erase_reason".to_string(),
            "Enter why the details are being erased".to_string()
        )]
    );
    let evaluator = app
        .council_user("Haringey Council", EVALUATOR, &[Role::Evaluator])
        .await;
    assert!(matches!(
        erase(&evaluator, "Wrong child").await,
        Err(AppError::Forbidden)
    ));
    let other = app
        .council_user(
            "Sefton Council",
            "commissioning@sefton.example.gov.uk",
            &[Role::Commissioner],
        )
        .await;
    assert!(matches!(
        erase(&other, "Wrong child").await,
        Err(AppError::NotFound)
    ));
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_people").await,
        1
    );
    assert!(person_page(&app, &m.council, id).await.can_erase);

    erase(&m.council, "Request made for the wrong child")
        .await
        .expect("erased");
    let again = erase(&m.council, "Twice").await.unwrap_err();
    assert_eq!(
        message(&again, "erase_reason"),
        "The person's details have been erased already"
    );
    let page = person_page(&app, &m.council, id).await;
    assert!(page.person.is_none() && !page.can_erase);
    assert!(page
        .erased
        .expect("erased text")
        .ends_with("Reason: Request made for the wrong child"));
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_people").await,
        0
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'person_erased'")
            .await,
        1
    );
    // Nothing is shown, so no view is logged.
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'person_viewed'")
            .await,
        1
    );
    // The request still takes offers: only the person is gone.
    send_offer(&app, &m.bidders[0].browser, &offer_form(id, "3000", &[]))
        .await
        .expect("still open");
}

async fn spot_purchases_show_in_the_councils_report_and_in_no_other(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-27"), 2).await;
    let competed = evaluated(&app, &m, ["2000", "2100"], &[]).await;
    award(&app, &m.council, competed, m.bidders[0].organisation, "")
        .await
        .unwrap();
    let reference: String =
        sqlx::query_scalar("SELECT reference FROM placement_requests WHERE id = $1")
            .bind(competed)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    // A justification a spreadsheet would run as a formula is written as text.
    app.call::<PlacementId>(
        &m.council,
        "record-placement",
        &[
            ("route", "spot"),
            ("provider_name", "Provider 001 Ltd"),
            ("justification", "=No bed in any framework home tonight"),
            ("weekly_price", "2500"),
            ("start_date", "2027-01-04"),
            ("end_date", "2027-12-31"),
        ],
    )
    .await
    .expect("spot purchase recorded");

    let spot: app::placements::model::PlacementsPage = app
        .call(&m.council, "council-placements", &[("route", "spot")])
        .await
        .unwrap();
    assert_eq!(spot.rows.len(), 1);
    assert_eq!(spot.rows[0].route, "Spot purchase");

    let report = app
        .get(&m.council, "/council/placements.csv?route=spot")
        .await;
    assert_eq!(report.status(), 200);
    assert_eq!(report.headers()["content-type"], "text/csv; charset=utf-8");
    let text = report.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("request,system,lot,provider,how it was made,justification"));
    assert!(
        lines[1].contains("Provider 001 Ltd,Spot purchase,'=No bed in any framework home tonight,2500.00,2027-01-04,2027-12-31"),
        "{}",
        lines[1]
    );
    assert!(!text.contains(&reference));
    let everything = app
        .get(&m.council, "/council/placements.csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(everything.lines().count(), 3);
    assert!(everything.contains(&reference));

    // Another council's report has none of them; a provider gets no report at all.
    let other = app
        .council_user(
            "Sefton Council",
            "commissioning@sefton.example.gov.uk",
            &[Role::Commissioner],
        )
        .await;
    let theirs = app
        .get(&other, "/council/placements.csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(theirs.lines().count(), 1, "{theirs}");
    let provider = app
        .get(&m.bidders[0].browser, "/council/placements.csv")
        .await;
    assert_eq!(provider.status(), 403);
    let anonymous = app.get(&app.browser(), "/council/placements.csv").await;
    assert!(!anonymous.status().is_success());
}
