//! The end of Regulation 34 DPSs, with the test clock: the lead council's commissioners
//! are told six months before 23 February 2029 and the admitted providers three months
//! before, each once however often the sweep runs; the day after, the DPS is closed by
//! the system itself and sends no more placement requests; a dynamic market is left
//! alone. A commissioner drafts one successor dynamic market, a copy of the DPS's
//! conditions, and nobody else can.

use crate::both;
use crate::compliance::{about, eligible, member, sweep, DAY, HARINGEY, PROVIDER};
use crate::helpers::TestApp;
use crate::systems::{commissioner, create, dynamic_market};
use app::calendar::uk_date;
use app::compliance::model::ProviderCompliance;
use app::error::AppError;
use app::ids::SystemId;
use app::systems::model::SystemForCouncil;
use app::systems::types::{Regime, Status, SystemType};
use reqwest::Client;
use time::macros::date;
use time::Date;

both!(
    a_dps_is_told_of_its_end_once_each_and_closed_after_its_last_day,
    one_successor_is_drafted_by_the_lead_councils_commissioners_only,
);

const PLAN_SUCCESSOR: &str = "plan its successor";
const PROVIDERS_TOLD: &str = "closes after 23 February 2029";

/// Moves the test clock on to noon of `day`, which is `day` in the UK in summer and
/// winter alike.
fn move_to(app: &TestApp, day: Date) {
    let noon = day.midnight().assume_utc().unix_timestamp() + DAY / 2;
    app.clock.advance(noon - app.clock.now());
    assert_eq!(uk_date(app.clock.now()), day, "the clock is on {day}");
}

async fn system_page(app: &TestApp, browser: &Client, id: SystemId) -> SystemForCouncil {
    app.call(browser, "system-page", &[("id", &id.to_string())])
        .await
        .expect("system page")
}

async fn status(app: &TestApp, id: SystemId) -> i64 {
    app.sql_i64(&format!(
        "SELECT COUNT(*) FROM systems WHERE id = {id} AND status = 'closed'"
    ))
    .await
}

async fn a_dps_is_told_of_its_end_once_each_and_closed_after_its_last_day(app: TestApp) {
    let mut m = member(&app).await;
    let market = create(&app, &m.council, &dynamic_market("HAR-DM-2026-01")).await;

    move_to(&app, date!(2028 - 08 - 22));
    sweep(&app).await;
    assert_eq!(about(&app, HARINGEY, PLAN_SUCCESSOR).await, 0);
    m.sign_in_again(&app).await;
    assert_eq!(system_page(&app, &m.council, m.system).await.ending, None);

    move_to(&app, date!(2028 - 08 - 23));
    sweep(&app).await;
    sweep(&app).await;
    assert_eq!(about(&app, HARINGEY, PLAN_SUCCESSOR).await, 1);
    assert_eq!(about(&app, PROVIDER, PROVIDERS_TOLD).await, 0);
    m.sign_in_again(&app).await;
    let ending = system_page(&app, &m.council, m.system)
        .await
        .ending
        .expect("the DPS page tells of its end");
    assert_eq!(ending.last_day, "23 February 2029");
    assert!(ending.can_draft && !ending.closed && ending.successor.is_none());
    let page: ProviderCompliance = app
        .call(&m.provider, "load-provider-compliance", &[])
        .await
        .expect("provider page");
    let told = page.systems[0].ending.as_ref().expect("the member is told");
    assert!(!told.closed && told.successor.is_none());

    move_to(&app, date!(2028 - 11 - 23));
    sweep(&app).await;
    sweep(&app).await;
    assert_eq!(about(&app, PROVIDER, PROVIDERS_TOLD).await, 1);
    assert_eq!(about(&app, HARINGEY, PLAN_SUCCESSOR).await, 1);

    move_to(&app, date!(2029 - 02 - 23));
    sweep(&app).await;
    assert_eq!(status(&app, m.system).await, 0, "open on its last day");
    // As if the member had replaced its lapsed evidence: only the closure stands
    // between it and placement requests now.
    app.exec("UPDATE suspensions SET lifted_at = 1 WHERE lifted_at IS NULL")
        .await;
    assert!(eligible(&app, &m, m.lot2).await);

    move_to(&app, date!(2029 - 02 - 24));
    sweep(&app).await;
    sweep(&app).await;
    assert_eq!(status(&app, m.system).await, 1, "closed the day after");
    assert!(
        !eligible(&app, &m, m.lot2).await,
        "no placements once closed"
    );
    assert_eq!(about(&app, HARINGEY, "Closed by law").await, 1);
    assert_eq!(about(&app, PROVIDER, "Closed:").await, 1);
    let closed_by_the_system = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'system_closed'
             AND subject = 'system:{}' AND actor_user_id IS NULL",
            m.system
        ))
        .await;
    assert_eq!(closed_by_the_system, 1);
    let notices = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'closure_notice_sent' AND subject = 'system:{}'",
            m.system
        ))
        .await;
    assert_eq!(notices, 3, "approaching, providers told, closed");
    m.sign_in_again(&app).await;
    let ending = system_page(&app, &m.council, m.system)
        .await
        .ending
        .expect("still told");
    assert!(ending.closed);

    let market_page = system_page(&app, &m.council, market).await;
    assert_eq!(market_page.system.status, Status::Draft);
    assert_eq!(market_page.ending, None);
    let market_notices = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM system_notices WHERE system_id = {market}"
        ))
        .await;
    assert_eq!(
        market_notices, 0,
        "a dynamic market is not under the 2015 law"
    );
}

async fn one_successor_is_drafted_by_the_lead_councils_commissioners_only(app: TestApp) {
    let mut m = member(&app).await;
    let dps = m.system.to_string();
    let camden = commissioner(
        &app,
        "Camden Council",
        "commissioning@camden.example.gov.uk",
    )
    .await;

    let refused = app
        .call::<()>(&m.evaluator, "draft-successor", &[("id", &dps)])
        .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let refused = app
        .call::<()>(&camden, "draft-successor", &[("id", &dps)])
        .await;
    assert!(
        matches!(refused, Err(AppError::Forbidden | AppError::NotFound)),
        "{refused:?}"
    );

    let form = [("id", dps.as_str())];
    let (first, second) = tokio::join!(
        app.call::<()>(&m.council, "draft-successor", &form),
        app.call::<()>(&m.council, "draft-successor", &form),
    );
    assert_eq!(
        [&first, &second].iter().filter(|r| r.is_ok()).count(),
        1,
        "one of two at once: {first:?} {second:?}"
    );
    let again = app
        .call::<()>(&m.council, "draft-successor", &[("id", &dps)])
        .await;
    match again {
        Err(AppError::Invalid(errors)) => {
            assert!(
                errors.errors[0].message.contains("HAR-DPS-2024-01-DM"),
                "{errors:?}"
            )
        }
        other => panic!("a second successor was not refused: {other:?}"),
    }
    let copies = app
        .sql_i64("SELECT COUNT(*) FROM systems WHERE reference LIKE 'HAR-DPS-2024-01-DM%'")
        .await;
    assert_eq!(copies, 1);
    let successor = SystemId(
        app.sql_i64(&format!(
            "SELECT successor_id FROM system_successors WHERE system_id = {dps}"
        ))
        .await,
    );

    let old = system_page(&app, &m.council, m.system).await;
    let new = system_page(&app, &m.council, successor).await;
    assert_eq!(
        new.predecessor,
        Some((m.system, old.system.reference.clone()))
    );
    let s = &new.system;
    assert_eq!(
        (s.regime, s.system_type, s.status),
        (
            Regime::ProcurementAct2023,
            SystemType::DynamicMarket,
            Status::Draft
        )
    );
    assert_eq!(s.start_date, "2029-02-24");
    assert_eq!(s.term, old.system.term);
    let titles =
        |v: &SystemForCouncil| -> Vec<String> { v.system.lots.iter().map(|l| l.label()).collect() };
    assert_eq!(titles(&new), titles(&old));
    let new_lot1 = s.lots.iter().find(|l| l.number == 1).expect("lot 1").id;
    assert_ne!(new_lot1, m.lot1);
    for (was, copy) in old.system.evidence_types.iter().zip(&s.evidence_types) {
        assert_eq!(
            (&was.name, was.mandatory, was.expires),
            (&copy.name, copy.mandatory, copy.expires)
        );
        assert_eq!(was.lots.is_empty(), copy.lots.is_empty());
        assert!(copy.lots.iter().all(|l| s.lots.iter().any(|x| x.id == *l)));
    }
    assert_eq!(old.system.evidence_types.len(), s.evidence_types.len());
    let questions = |v: &SystemForCouncil| -> Vec<(String, usize)> {
        v.system
            .sections
            .iter()
            .flat_map(|sec| sec.questions.iter().map(|q| (q.text.clone(), q.lots.len())))
            .collect()
    };
    assert_eq!(questions(&new), questions(&old));
    assert!(s
        .sections
        .iter()
        .flat_map(|sec| &sec.questions)
        .flat_map(|q| &q.lots)
        .all(|l| s.lots.iter().any(|x| x.id == *l)));

    let market = successor.to_string();
    let refused = app
        .call::<()>(&m.council, "draft-successor", &[("id", &market)])
        .await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");

    move_to(&app, date!(2028 - 08 - 23));
    m.sign_in_again(&app).await;
    let ending = system_page(&app, &m.council, m.system)
        .await
        .ending
        .expect("told of its end");
    assert_eq!(ending.successor, Some((successor, s.reference.clone())));
    assert!(!ending.can_draft);
    let dashboard: app::accounts::council_users::CouncilOverview = app
        .call(&m.council, "council-dashboard", &[])
        .await
        .expect("dashboard");
    let listed = dashboard
        .systems
        .iter()
        .find(|x| x.id == m.system)
        .and_then(|x| x.ending.clone())
        .expect("the dashboard tells of the DPS's end");
    assert_eq!(listed.successor, Some((successor, s.reference.clone())));
}
