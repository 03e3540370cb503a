//! Placement requests end to end through the server functions: who is sent a
//! request, sealed offers, the server's clock deciding lateness, approval by value,
//! transitions and who sees the person's details. Every test runs on both databases.

use crate::both;
use crate::helpers::{field_messages, TestApp};
use crate::placements_fixture::*;
use app::auth::roles::Role;
use app::error::AppError;
use app::ids::{OrganisationId, RequestId};
use app::placements::model::{
    CouncilOffer, CouncilRequest, MyAnswer, Paged, PersonPage, ProviderRequest, ProviderRequestRow,
};
use reqwest::Client;
use sqlx::Row;

both!(
    a_request_goes_to_every_eligible_provider_and_no_other,
    offers_are_sealed_from_every_council_role_until_the_deadline,
    a_provider_not_invited_cannot_see_or_answer_the_request,
    a_late_offer_is_refused_by_the_servers_clock,
    a_dps_deadline_needs_ten_days_unless_every_provider_agreed,
    concurrent_revisions_keep_exactly_one_latest_version,
    award_above_a_limit_is_refused_without_the_right_approval,
    identifying_details_reach_only_the_council_and_then_the_winner,
    a_transition_needs_adult_social_care_sign_off_before_award,
    an_act_competition_waits_eight_working_days_before_the_contract,
    another_council_cannot_reach_the_request,
    cancelling_tells_everyone_invited_and_stops_offers,
    a_spot_purchase_is_recorded_with_its_justification_and_routed_by_value,
    the_demo_has_requests_in_every_state,
    a_providers_list_puts_open_requests_first_soonest_deadline_first,
);

pub async fn council_view(
    app: &TestApp,
    browser: &Client,
    id: RequestId,
) -> Result<CouncilRequest, AppError> {
    app.call(browser, "council-request", &[("id", &id.to_string())])
        .await
}

async fn council_offer(
    app: &TestApp,
    browser: &Client,
    id: RequestId,
    provider: OrganisationId,
) -> Result<CouncilOffer, AppError> {
    app.call(
        browser,
        "council-offer",
        &[("id", &id.to_string()), ("provider", &provider.to_string())],
    )
    .await
}

pub async fn provider_view(
    app: &TestApp,
    browser: &Client,
    id: RequestId,
) -> Result<ProviderRequest, AppError> {
    app.call(browser, "provider-request", &[("id", &id.to_string())])
        .await
}

pub async fn mark_all(
    app: &TestApp,
    evaluator: &Client,
    id: RequestId,
    marks: &[(app::ids::OrganisationId, [&str; 2])],
) {
    for (provider, given) in marks {
        let (id, provider) = (id.to_string(), provider.to_string());
        let mut form = vec![("id", id.as_str()), ("provider", provider.as_str())];
        for mark in given {
            form.push(("marks[]", mark));
            form.push(("comments[]", "Clear and specific."));
        }
        app.call::<()>(evaluator, "mark-offer", &form)
            .await
            .expect("marked");
    }
}

pub fn message(error: &AppError, field: &str) -> String {
    field_messages(error)
        .into_iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m)
        .unwrap_or_else(|| panic!("no message for {field} in {error:?}"))
}

async fn a_request_goes_to_every_eligible_provider_and_no_other(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-01"), 3).await;
    // Provider 2 is suspended from the lot by the council.
    app.call::<()>(
        &m.council,
        "suspend-provider",
        &[
            ("system_id", &m.system.to_string()),
            ("suspend_provider", &m.bidders[2].organisation.to_string()),
            ("lots[]", &m.lot.to_string()),
            ("suspend_reason", "Safeguarding concern under investigation"),
        ],
    )
    .await
    .expect("suspended");
    let form = request_form(m.system, m.lot, deadline_in(&app, 3 * 3600), &[]);
    let id = issue(&app, &m.council, &form).await.expect("issued");

    let invited = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM request_recipients WHERE request_id = {id}"
        ))
        .await;
    assert_eq!(invited, 2);
    for bidder in &m.bidders[..2] {
        let list: Paged<ProviderRequestRow> = app
            .call(&bidder.browser, "provider-requests", &[])
            .await
            .unwrap();
        assert_eq!(list.rows.len(), 1);
        assert_eq!(list.rows[0].answer, "Not answered");
        let view = provider_view(&app, &bidder.browser, id)
            .await
            .expect("invited sees it");
        assert_eq!(view.profile.urgency, "Today (emergency)");
        assert!(view.person.is_none());
        assert_eq!(
            app.emails_to(&bidder.email)
                .await
                .iter()
                .filter(|(s, _)| s.contains("New placement request"))
                .count(),
            1
        );
    }
    let suspended = &m.bidders[2];
    assert!(matches!(
        provider_view(&app, &suspended.browser, id).await,
        Err(AppError::NotFound)
    ));
    let list: Paged<ProviderRequestRow> = app
        .call(&suspended.browser, "provider-requests", &[])
        .await
        .unwrap();
    assert!(list.rows.is_empty());
    assert!(app
        .emails_to(&suspended.email)
        .await
        .iter()
        .all(|(s, _)| !s.contains("New placement request")));
    // The request never shows the person to providers.
    let view = provider_view(&app, &m.bidders[0].browser, id)
        .await
        .unwrap();
    let text = serde_json::to_string(&view).unwrap();
    assert!(
        !text.contains("Amelia") && !text.contains("2013-05-01") && !text.contains("HC-2026-0042")
    );
}

async fn offers_are_sealed_from_every_council_role_until_the_deadline(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-02"), 2).await;
    // Sessions end after 30 idle minutes: the deadline is 20 minutes away.
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 1200), &[]),
    )
    .await
    .unwrap();
    let sealed_price = "4,321.99";
    for bidder in &m.bidders {
        send_offer(
            &app,
            &bidder.browser,
            &offer_form(id, sealed_price, &[("area", "Sealedtown, EN3")]),
        )
        .await
        .expect("offer");
    }
    let mut council = vec![m.council];
    for (email, role) in [
        (APPROVER, Role::Approver),
        (EVALUATOR, Role::Evaluator),
        (ASC, Role::AdultSocialCare),
        (AUDITOR, Role::Auditor),
        ("admin@haringey.example.gov.uk", Role::CouncilAdmin),
    ] {
        council.push(app.council_user("Haringey Council", email, &[role]).await);
    }
    let leaks = |text: &str| {
        text.contains("4,321.99")
            || text.contains("4321.99")
            || text.contains("432199")
            || text.contains("Sealedtown")
    };
    let id_s = id.to_string();
    for browser in &council {
        let view = council_view(&app, browser, id)
            .await
            .expect("council sees the request");
        assert!(view.sealed);
        assert_eq!(
            (view.offers_count, view.declines_count, view.invited),
            (2, 0, 2)
        );
        assert!(view.offers.is_empty());
        // Every council-side server function and page, with every argument it takes.
        let mut answers = vec![serde_json::to_string(&view).unwrap()];
        let bidder = m.bidders[0].organisation.to_string();
        for (endpoint, form) in [
            (
                "council-offer",
                vec![("id", id_s.as_str()), ("provider", bidder.as_str())],
            ),
            ("council-requests", vec![]),
            ("council-placements", vec![]),
            ("request-person", vec![("id", id_s.as_str())]),
            ("person-retention", vec![]),
            ("audit-log", vec![]),
        ] {
            let response = app.post(browser, endpoint, &form).await;
            answers.push(response.text().await.unwrap());
        }
        for path in [
            format!("/council/requests/{id}"),
            format!("/council/requests/{id}/offers/{bidder}"),
            "/council/requests".to_string(),
            "/council/placements".to_string(),
            format!("/council/requests/{id}/person"),
            "/council/person-retention".to_string(),
            "/council/audit".to_string(),
        ] {
            answers.push(app.get(browser, &path).await.text().await.unwrap());
        }
        // Evaluating and awarding are refused before the deadline.
        let provider = m.bidders[0].organisation.to_string();
        for (endpoint, form) in [
            (
                "mark-offer",
                vec![
                    ("id", id_s.as_str()),
                    ("provider", provider.as_str()),
                    ("question", "0"),
                    ("mark", "5"),
                    ("comment", "x"),
                ],
            ),
            (
                "exclude-offer",
                vec![
                    ("id", id_s.as_str()),
                    ("provider", provider.as_str()),
                    ("excluded_reason", "x"),
                ],
            ),
            (
                "award-request",
                vec![("id", id_s.as_str()), ("provider", provider.as_str())],
            ),
        ] {
            let response = app.post(browser, endpoint, &form).await;
            assert!(
                !response.status().is_success(),
                "{endpoint} before the deadline"
            );
            answers.push(response.text().await.unwrap());
        }
        for answer in answers {
            assert!(!leaks(&answer), "sealed content leaked: {answer}");
        }
    }
    // Nor does the database's audit log hold it.
    let audit: Vec<String> = sqlx::query_scalar("SELECT after_json FROM audit_log")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert!(audit.iter().all(|row| !leaks(row)));

    app.clock.advance(1260);
    let opened = council_view(&app, &council[0], id).await.unwrap();
    assert!(!opened.sealed);
    assert_eq!(opened.offers.len(), 2);
    let first = council_offer(&app, &council[0], id, opened.offers[0].organisation_id)
        .await
        .expect("the opened offer reads");
    assert_eq!(
        first.offer.content.weekly_price.as_deref(),
        Some("£4,321.99")
    );
}

async fn a_provider_not_invited_cannot_see_or_answer_the_request(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-03"), 1).await;
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 3600), &[]),
    )
    .await
    .unwrap();
    // Admitted after the request went out, and one admitted only to lot 2.
    let late = admit(&app, m.system, m.lot, "Latecomer Care Ltd").await;
    let lot2 = app::ids::LotId(
        app.sql_i64(&format!(
            "SELECT id FROM lots WHERE system_id = {} AND number = 2",
            m.system
        ))
        .await,
    );
    let other_lot = admit(&app, m.system, lot2, "Fostering Only Ltd").await;
    for outsider in [&late, &other_lot] {
        assert!(matches!(
            provider_view(&app, &outsider.browser, id).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            send_offer(&app, &outsider.browser, &offer_form(id, "3000", &[])).await,
            Err(AppError::NotFound)
        ));
        let declined = app
            .call::<()>(
                &outsider.browser,
                "decline-request",
                &[("id", &id.to_string()), ("decline_reason", "no_capacity")],
            )
            .await;
        assert!(matches!(declined, Err(AppError::NotFound)));
    }
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM offer_versions WHERE request_id = {id}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM responses WHERE request_id = {id} AND state <> 'none'"
        ))
        .await,
        0
    );
    // A council user is not a provider: the provider functions refuse them.
    assert!(matches!(
        provider_view(&app, &m.council, id).await,
        Err(AppError::Forbidden)
    ));
}

async fn a_late_offer_is_refused_by_the_servers_clock(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-04"), 2).await;
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 600), &[]),
    )
    .await
    .unwrap();
    let on_time = &m.bidders[0];
    assert_eq!(
        send_offer(&app, &on_time.browser, &offer_form(id, "3000", &[]))
            .await
            .unwrap(),
        1
    );
    let deadline = app
        .sql_i64(&format!(
            "SELECT deadline FROM placement_requests WHERE id = {id}"
        ))
        .await;
    app.clock.advance(deadline - app.clock.now());
    let late = send_offer(&app, &m.bidders[1].browser, &offer_form(id, "2500", &[]))
        .await
        .unwrap_err();
    assert_eq!(
        message(&late, "answer"),
        "The deadline for this request has passed, so offers can no longer be sent or changed"
    );
    let revise = send_offer(&app, &on_time.browser, &offer_form(id, "2000", &[])).await;
    assert!(revise.is_err());
    let withdraw = app
        .call::<()>(
            &on_time.browser,
            "withdraw-offer",
            &[("id", &id.to_string())],
        )
        .await;
    assert!(withdraw.is_err());
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM offer_versions WHERE request_id = {id}"
        ))
        .await,
        1
    );
    match provider_view(&app, &on_time.browser, id)
        .await
        .unwrap()
        .answer
    {
        MyAnswer::Offered(offer) => assert_eq!(offer.weekly_price.as_deref(), Some("£3,000")),
        other => panic!("expected the first offer to stand, got {other:?}"),
    }
}

async fn a_dps_deadline_needs_ten_days_unless_every_provider_agreed(app: TestApp) {
    let m = market(&app, &crate::systems::haringey_dps("HAR-DPS-05"), 1).await;
    let short = request_form(m.system, m.lot, deadline_in(&app, 9 * DAY), &[]);
    let refused = issue(&app, &m.council, &short).await.unwrap_err();
    assert!(message(&refused, "deadline_date").contains("at least 10 days"));
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_requests").await,
        0
    );
    let agreed = with(short, &[("all_agreed_shorter", "yes")]);
    issue(&app, &m.council, &agreed)
        .await
        .expect("every provider agreed");
    let ten = request_form(m.system, m.lot, deadline_in(&app, 10 * DAY + 60), &[]);
    issue(&app, &m.council, &ten).await.expect("ten days");
}

async fn concurrent_revisions_keep_exactly_one_latest_version(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-06"), 1).await;
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 3600), &[]),
    )
    .await
    .unwrap();
    let browser = m.bidders[0].browser.clone();
    let mut tasks = Vec::new();
    for n in 0..20 {
        let (app_address, browser) = (app.address.clone(), browser.clone());
        let form = offer_form(id, &format!("{}", 3000 + n), &[]);
        tasks.push(tokio::spawn(async move {
            let response = browser
                .post(format!("{app_address}/api/send-offer"))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_success(),
                "{}",
                response.text().await.unwrap()
            );
            let version: u32 = response.json().await.unwrap();
            (version, 3000 + n)
        }));
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    let mut versions: Vec<u32> = results.iter().map(|(v, _)| *v).collect();
    versions.sort();
    assert_eq!(versions, (1..=20).collect::<Vec<_>>());
    let (_, last_price) = results.iter().find(|(v, _)| *v == 20).unwrap();
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM offer_versions WHERE request_id = {id}"
        ))
        .await,
        20
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT version FROM responses WHERE request_id = {id}"
        ))
        .await,
        20
    );
    match provider_view(&app, &browser, id).await.unwrap().answer {
        MyAnswer::Offered(offer) => {
            assert_eq!(offer.version, 20);
            assert_eq!(
                offer.weekly_price,
                Some(format!("£{},{:03}", last_price / 1000, last_price % 1000))
            );
        }
        other => panic!("{other:?}"),
    }
}

/// Two offers, both marked, after the deadline: the first one wins.
pub async fn evaluated(
    app: &TestApp,
    m: &Market,
    weekly: [&str; 2],
    changes: &[(&'static str, &str)],
) -> RequestId {
    // Sessions end after 30 idle minutes: the deadline is 20 minutes away.
    let id = issue(
        app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(app, 1200), changes),
    )
    .await
    .expect("issued");
    for (bidder, price) in m.bidders.iter().zip(weekly) {
        send_offer(app, &bidder.browser, &offer_form(id, price, &[]))
            .await
            .expect("offer");
    }
    app.clock.advance(1260);
    mark_all(
        app,
        &m.council,
        id,
        &[
            (m.bidders[0].organisation, ["5", "5"]),
            (m.bidders[1].organisation, ["2", "3"]),
        ],
    )
    .await;
    id
}

pub async fn award(
    app: &TestApp,
    browser: &Client,
    id: RequestId,
    provider: app::ids::OrganisationId,
    cabinet: &str,
) -> Result<(), AppError> {
    app.call(
        browser,
        "award-request",
        &[
            ("id", &id.to_string()),
            ("provider", &provider.to_string()),
            ("cabinet_reference", cabinet),
        ],
    )
    .await
}

async fn award_above_a_limit_is_refused_without_the_right_approval(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-07"), 2).await;
    let approver = app
        .council_user("Haringey Council", APPROVER, &[Role::Approver])
        .await;
    // £12,000 a week for 52 weeks: £624,000, above the £500,000 cabinet threshold.
    let id = evaluated(&app, &m, ["12000", "12500"], &[("end_date", "2028-02-27")]).await;
    let winner = m.bidders[0].organisation;
    let by_commissioner = award(&app, &m.council, id, winner, "").await.unwrap_err();
    assert_eq!(
        message(&by_commissioner, "award"),
        "This value needs an approver's decision"
    );
    let no_reference = award(&app, &approver, id, winner, " ").await.unwrap_err();
    assert_eq!(
        message(&no_reference, "cabinet_reference"),
        "Enter the cabinet decision reference"
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM placements").await, 0);
    award(&app, &approver, id, winner, "CAB-2027-031")
        .await
        .expect("approved with the reference");
    assert_eq!(
        app.sql_i64("SELECT value_pence FROM placements").await,
        62_400_000
    );

    // Above the approver's £800,000 nobody awards in the portal.
    let big = evaluated(&app, &m, ["16000", "17000"], &[("end_date", "2028-02-27")]).await;
    for browser in [&m.council, &approver] {
        let refused = award(&app, browser, big, winner, "CAB-2027-032")
            .await
            .unwrap_err();
        assert!(message(&refused, "award").contains("cannot be awarded in the portal"));
    }
    // Nor may the second-ranked offer be chosen.
    let second = award(
        &app,
        &approver,
        big,
        m.bidders[1].organisation,
        "CAB-2027-032",
    )
    .await
    .unwrap_err();
    assert_eq!(
        message(&second, "award"),
        "Only the highest-ranked offer can be awarded"
    );
}

async fn identifying_details_reach_only_the_council_and_then_the_winner(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-08"), 2).await;
    let id = evaluated(&app, &m, ["3000", "2800"], &[]).await;
    for bidder in &m.bidders {
        let view = provider_view(&app, &bidder.browser, id).await.unwrap();
        assert!(view.person.is_none());
        assert!(!serde_json::to_string(&view).unwrap().contains("Amelia"));
    }
    let page: PersonPage = app
        .call(&m.council, "request-person", &[("id", &id.to_string())])
        .await
        .unwrap();
    let person = page.person.expect("the council sees the person");
    assert_eq!(person.full_name, "Amelia Testcase");
    assert_eq!(person.address, "1 Example Road, London N17 0AA");
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_people_views")
            .await,
        1
    );
    // A copy of the database alone does not name the child: the details are sealed
    // under a key kept outside it.
    let stored: String = sqlx::query(
        "SELECT full_name || ' ' || date_of_birth || ' ' || address || ' ' || local_reference
         FROM placement_people",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    // Each detail holds a character hex cannot, so random ciphertext never matches.
    for detail in [
        "Amelia",
        "Testcase",
        "2013-05",
        "Example Road",
        "N17",
        "HC-2026",
    ] {
        assert!(!stored.contains(detail), "{detail} readable in {stored}");
    }

    award(&app, &m.council, id, m.bidders[0].organisation, "")
        .await
        .expect("awarded");
    let won = provider_view(&app, &m.bidders[0].browser, id)
        .await
        .unwrap();
    assert_eq!(
        won.person.as_ref().map(|p| p.local_reference.as_str()),
        Some("HC-2026-0042")
    );
    assert!(won.outcome.as_ref().is_some_and(|o| o.won));
    let lost = provider_view(&app, &m.bidders[1].browser, id)
        .await
        .unwrap();
    assert!(lost.person.is_none());
    let outcome = lost.outcome.clone().expect("the loser is told");
    assert!(!outcome.won);
    assert!(outcome.own_score.is_some() && outcome.winning_score.is_some());
    let text = serde_json::to_string(&lost).unwrap();
    assert!(
        !text.contains("3,000") && !text.contains("Amelia"),
        "{text}"
    );
    // Each view of the details was logged, in the council's audit log too: the
    // council's and the winner's.
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_people_views")
            .await,
        2
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'person_viewed'")
            .await,
        2
    );
    let (_, mail) = app
        .email_to_about(&m.bidders[1].email, "Outcome of placement request")
        .await
        .expect("told");
    assert!(mail.contains("the winning offer scored"));
    assert!(!mail.contains("3,000"));
}

async fn a_transition_needs_adult_social_care_sign_off_before_award(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-09"), 2).await;
    // Born 1 June 2010: 18 on 1 June 2028, before the placement ends.
    let id = evaluated(
        &app,
        &m,
        ["3000", "3100"],
        &[("date_of_birth", "2010-06-01"), ("end_date", "2028-08-31")],
    )
    .await;
    let view = council_view(&app, &m.council, id).await.unwrap();
    assert!(view.transition && !view.transition_signed_off);
    let refused = award(&app, &m.council, id, m.bidders[0].organisation, "")
        .await
        .unwrap_err();
    assert!(message(&refused, "award").contains("adult social care must sign off"));
    let commissioner_sign_off = app
        .call::<()>(
            &m.council,
            "sign-off-transition",
            &[("id", &id.to_string())],
        )
        .await;
    assert!(matches!(commissioner_sign_off, Err(AppError::Forbidden)));
    let adults = app
        .council_user("Haringey Council", ASC, &[Role::AdultSocialCare])
        .await;
    app.call::<()>(&adults, "sign-off-transition", &[("id", &id.to_string())])
        .await
        .expect("signed off");
    award(&app, &m.council, id, m.bidders[0].organisation, "")
        .await
        .expect("awarded after sign-off");
}

async fn an_act_competition_waits_eight_working_days_before_the_contract(app: TestApp) {
    let market_form = crate::systems::dynamic_market("HAR-DM-10");
    let m = market(&app, &market_form, 2).await;
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
    let mut m = m;
    m.council = app.sign_in_as(HARINGEY).await;
    mark_all(
        &app,
        &m.council,
        id,
        &[
            (m.bidders[0].organisation, ["4", "4"]),
            (m.bidders[1].organisation, ["3", "3"]),
        ],
    )
    .await;
    award(&app, &m.council, id, m.bidders[0].organisation, "")
        .await
        .expect("awarded");
    let view = council_view(&app, &m.council, id).await.unwrap();
    let award = view.award.expect("award shown");
    assert_eq!(
        award.standstill,
        "Standstill of 8 working days (Procurement Act 2023)"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM placements")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "standstill");
    let today = app::calendar::uk_date(app.clock.now());
    let expected = app::placements::standstill::contract_from(
        today,
        8,
        &app::calendar::Holidays::england_and_wales(),
    );
    let from: String = sqlx::query_scalar("SELECT contract_from FROM placements")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(from, expected.to_string());
    assert!(expected > today + time::Duration::days(9));
}

async fn another_council_cannot_reach_the_request(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-11"), 1).await;
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 3600), &[]),
    )
    .await
    .unwrap();
    let other = app
        .council_user(
            "Sefton Council",
            "commissioning@sefton.example.gov.uk",
            &[Role::Commissioner, Role::Approver, Role::Evaluator],
        )
        .await;
    assert!(matches!(
        council_view(&app, &other, id).await,
        Err(AppError::NotFound)
    ));
    let person = app
        .call::<PersonPage>(&other, "request-person", &[("id", &id.to_string())])
        .await;
    assert!(matches!(person, Err(AppError::NotFound)));
    let cancel = app
        .call::<()>(
            &other,
            "cancel-request",
            &[("id", &id.to_string()), ("cancel_reason", "x")],
        )
        .await;
    assert!(matches!(cancel, Err(AppError::NotFound)));
    // A council that neither leads nor takes part in the system cannot issue in it.
    let form = request_form(m.system, m.lot, deadline_in(&app, 3600), &[]);
    assert!(matches!(
        issue(&app, &other, &form).await,
        Err(AppError::NotFound)
    ));
    let page = app
        .get(&other, &format!("/council/requests/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("North London"));
}

async fn cancelling_tells_everyone_invited_and_stops_offers(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-12"), 2).await;
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 3600), &[]),
    )
    .await
    .unwrap();
    let no_reason = app
        .call::<()>(
            &m.council,
            "cancel-request",
            &[("id", &id.to_string()), ("cancel_reason", " ")],
        )
        .await
        .unwrap_err();
    assert_eq!(
        message(&no_reason, "cancel_reason"),
        "Enter why the request is cancelled"
    );
    let (date, time) = deadline_in(&app, 7200);
    app.call::<()>(
        &m.council,
        "extend-request",
        &[
            ("id", &id.to_string()),
            ("deadline_date", &date),
            ("deadline_time", &time),
        ],
    )
    .await
    .expect("extended");
    app.call::<()>(
        &m.council,
        "cancel-request",
        &[
            ("id", &id.to_string()),
            ("cancel_reason", "The child is staying with family"),
        ],
    )
    .await
    .expect("cancelled");
    for bidder in &m.bidders {
        let mail = app.emails_to(&bidder.email).await;
        assert_eq!(
            mail.iter()
                .filter(|(s, _)| s.contains("More time for placement request"))
                .count(),
            1
        );
        assert_eq!(
            mail.iter().filter(|(s, _)| s.contains("cancelled")).count(),
            1
        );
        let refused = send_offer(&app, &bidder.browser, &offer_form(id, "3000", &[]))
            .await
            .unwrap_err();
        assert_eq!(
            message(&refused, "answer"),
            "This request has been cancelled, so it takes no more offers"
        );
    }
    // Running the outbox again sends nothing twice.
    assert_eq!(app.emails_to(&m.bidders[0].email).await.len(), 3);
}

async fn a_spot_purchase_is_recorded_with_its_justification_and_routed_by_value(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-13"), 1).await;
    let provider = "Provider 000 Ltd";
    let record = |weekly: &'static str, justification: &'static str| {
        vec![
            ("route", "spot"),
            ("provider_name", provider),
            ("justification", justification),
            ("weekly_price", weekly),
            ("start_date", "2027-01-04"),
            ("end_date", "2027-12-31"),
        ]
    };
    let unjustified = app
        .call::<app::ids::PlacementId>(&m.council, "record-placement", &record("2500", " "))
        .await
        .unwrap_err();
    assert_eq!(
        message(&unjustified, "justification"),
        "Explain why the placement was made this way"
    );
    let unknown = app
        .call::<app::ids::PlacementId>(
            &m.council,
            "record-placement",
            &[
                ("route", "spot"),
                ("provider_name", "Nobody Ltd"),
                ("justification", "x"),
                ("weekly_price", "100"),
                ("start_date", "2027-01-04"),
                ("end_date", "2027-01-31"),
            ],
        )
        .await
        .unwrap_err();
    assert!(message(&unknown, "provider_name").starts_with("No provider with that name"));
    // £12,000 a week for a year is over the commissioner's limit.
    let too_big = app
        .call::<app::ids::PlacementId>(
            &m.council,
            "record-placement",
            &record("12000", "No bed in any framework home tonight"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        message(&too_big, "weekly_price"),
        "This value needs an approver's decision"
    );
    let id: app::ids::PlacementId = app
        .call(
            &m.council,
            "record-placement",
            &record("2500", "No bed in any framework home tonight"),
        )
        .await
        .expect("recorded");
    let page: app::placements::model::PlacementsPage = app
        .call(&m.council, "council-placements", &[])
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(
        (page.rows[0].route.as_str(), page.rows[0].provider.as_str()),
        ("Spot purchase", provider)
    );
    let justification: String = sqlx::query_scalar("SELECT justification FROM placements")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(justification, "No bed in any framework home tonight");
    // Extending it by years takes it past the commissioner's limit: refused.
    let extended = app
        .call::<()>(
            &m.council,
            "extend-placement",
            &[("id", &id.to_string()), ("new_end_date", "2029-12-31")],
        )
        .await
        .unwrap_err();
    assert_eq!(
        message(&extended, "new_end_date"),
        "This value needs an approver's decision"
    );
    app.call::<()>(
        &m.council,
        "extend-placement",
        &[("id", &id.to_string()), ("new_end_date", "2028-06-30")],
    )
    .await
    .expect("a shorter extension is within the limit");
    let end: String = sqlx::query_scalar("SELECT end_date FROM placements")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(end, "2028-06-30");
    // A price variation is routed by the new whole-life value too, and reprices only
    // the days from the date it starts.
    let id_s = id.to_string();
    let vary = |weekly: &'static str, from: &'static str| {
        vec![
            ("id", id_s.clone()),
            ("new_weekly_price", weekly.to_string()),
            ("varied_from", from.to_string()),
        ]
    };
    let call = |form: Vec<(&'static str, String)>| {
        let app = &app;
        let council = &m.council;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call::<()>(council, "vary-placement-price", &form).await
        }
    };
    let same = call(vary("2500", "2027-07-05")).await.unwrap_err();
    assert_eq!(
        message(&same, "new_weekly_price"),
        "That is the weekly cost already agreed"
    );
    let late = call(vary("2600", "2028-07-01")).await.unwrap_err();
    assert_eq!(
        message(&late, "varied_from"),
        "The new cost must start on or before the placement's end date"
    );
    let too_big = call(vary("5000", "2027-02-01")).await.unwrap_err();
    assert_eq!(
        message(&too_big, "new_weekly_price"),
        "This value needs an approver's decision"
    );
    let before: i64 = sqlx::query_scalar("SELECT value_pence FROM placements")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    call(vary("2600", "2027-07-05"))
        .await
        .expect("a small rise is within the limit");
    let (weekly, value): (i64, i64) =
        sqlx::query_as("SELECT weekly_price_pence, value_pence FROM placements")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    // 362 days from 5 July 2027 to 30 June 2028, each £100/7 dearer.
    assert_eq!((weekly, value - before), (260_000, 517_143));
    // The days already repriced are not repriced again from an earlier date.
    let earlier = call(vary("2700", "2027-07-04")).await.unwrap_err();
    assert_eq!(
        message(&earlier, "varied_from"),
        "The new cost must start on or after 5 July 2027, when the current cost began"
    );
    let detail: app::placements::model::PlacementDetail = app
        .call(&m.council, "council-placement", &[("id", &id_s)])
        .await
        .unwrap();
    assert_eq!(
        (detail.weekly_price.as_str(), detail.price_from.as_str()),
        ("£2,600", "5 July 2027")
    );
    // Another council can neither see nor vary it.
    let other = app
        .council_user(
            "Sefton Council",
            "commissioning@sefton.example.gov.uk",
            &[Role::Commissioner],
        )
        .await;
    let seen = app
        .call::<app::placements::model::PlacementDetail>(
            &other,
            "council-placement",
            &[("id", &id.to_string())],
        )
        .await;
    assert!(matches!(seen, Err(AppError::NotFound)));
    let varied = app
        .call::<()>(
            &other,
            "vary-placement-price",
            &[
                ("id", id_s.as_str()),
                ("new_weekly_price", "1"),
                ("varied_from", "2027-07-05"),
            ],
        )
        .await;
    assert!(matches!(varied, Err(AppError::NotFound)));
}

async fn the_demo_has_requests_in_every_state(app: TestApp) {
    server::admin::seed_demo(&app.state).await.expect("demo");
    server::admin::seed_demo(&app.state)
        .await
        .expect("a second run changes nothing");
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM placement_requests").await,
        4
    );
    assert_eq!(
        app.sql_i64(
            "SELECT COUNT(*) FROM placement_requests WHERE status = 'awarded' AND kind = 'block'"
        )
        .await,
        1
    );
    let now = app.clock.now();
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM placement_requests WHERE status = 'open' AND deadline > {now}"
        ))
        .await,
        1
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM placement_requests WHERE transition_signed_off_at IS NULL AND transition = (1 = 1)").await, 1);
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM responses WHERE state = 'declined'")
            .await,
        1
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM placements").await, 1);
    // The one awaiting a cabinet-level award is fully marked and over the threshold.
    let cabinet = app
        .sql_i64("SELECT id FROM placement_requests WHERE status = 'open' AND transition = (1 = 0) AND kind = 'spot' ORDER BY deadline LIMIT 1")
        .await;
    let commissioner = app.browser();
    app.sign_in(
        &commissioner,
        "commissioner@sefton.example.gov.uk",
        server::admin::DEMO_PASSWORD,
    )
    .await
    .unwrap();
    let view = council_view(&app, &commissioner, RequestId(cabinet))
        .await
        .unwrap();
    assert!(view.cabinet_needed, "{:?}", view.award_route);
    assert_eq!(view.offers.len(), 2);
}

async fn a_providers_list_puts_open_requests_first_soonest_deadline_first(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-PDPS-40"), 1).await;
    let bidder = &m.bidders[0];
    let mut ids = Vec::new();
    // Deadlines in 30, 10 and 20 minutes; then the one due in 10 closes.
    for minutes in [30, 10, 20] {
        let form = request_form(m.system, m.lot, deadline_in(&app, minutes * 60), &[]);
        ids.push(issue(&app, &m.council, &form).await.expect("issued"));
    }
    app.clock.advance(15 * 60);
    let list: Paged<ProviderRequestRow> = app
        .call(&bidder.browser, "provider-requests", &[("page", "1")])
        .await
        .unwrap();
    let order: Vec<RequestId> = list.rows.iter().map(|r| r.id).collect();
    assert_eq!(order, vec![ids[2], ids[0], ids[1]]);
    assert_eq!(list.rows[2].time_left, "Closed");
    assert!(!list.more);
    // A page past the end is empty, not an error.
    let past: Paged<ProviderRequestRow> = app
        .call(&bidder.browser, "provider-requests", &[("page", "2")])
        .await
        .unwrap();
    assert!(past.rows.is_empty());
    assert_eq!(past.page, 2);
}
