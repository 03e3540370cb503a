//! A purchasing system with many admitted providers, built fast: the council side
//! through the server functions, the providers' accounts, admissions and sessions
//! through the app's own repositories (the application journey for each of 200
//! providers is tested elsewhere and would take minutes here).

use crate::applications::questionnaire;
use crate::helpers::TestApp;
use crate::systems::{add_lot, commissioner, create, haringey_dps, step};
use app::auth::roles::{OrgKind, Role};
use app::ids::{LotId, OrganisationId, RequestId, SystemId};
use reqwest::{header, redirect::Policy, Client};

pub const HARINGEY: &str = "commissioning@haringey.example.gov.uk";
pub const APPROVER: &str = "director@haringey.example.gov.uk";
pub const EVALUATOR: &str = "evaluation@haringey.example.gov.uk";
pub const ASC: &str = "adults@haringey.example.gov.uk";
pub const AUDITOR: &str = "audit@haringey.example.gov.uk";
pub const DAY: i64 = 24 * 60 * 60;

pub struct Bidder {
    pub organisation: OrganisationId,
    pub email: String,
    pub browser: Client,
}

pub struct Market {
    pub council: Client,
    pub system: SystemId,
    pub lot: LotId,
    pub bidders: Vec<Bidder>,
}

/// A light-touch framework (pseudo-DPS) under the 2015 Regulations.
pub fn pseudo_dps(reference: &str) -> Vec<(&'static str, String)> {
    with(
        haringey_dps(reference),
        &[("system_type", "light_touch_framework")],
    )
}

pub fn with(
    mut form: Vec<(&'static str, String)>,
    changes: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    for (key, value) in changes {
        match form.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value.to_string(),
            None => form.push((key, value.to_string())),
        }
    }
    form
}

/// An open system with two lots and `providers` admitted to lot 1.
pub async fn market(app: &TestApp, form: &[(&'static str, String)], providers: usize) -> Market {
    let council = commissioner(app, "Haringey Council", HARINGEY).await;
    let system = create(app, &council, form).await;
    add_lot(
        app,
        &council,
        system,
        "residential_childrens_home",
        "Children's homes",
    )
    .await
    .expect("lot 1");
    add_lot(app, &council, system, "independent_fostering", "Fostering")
        .await
        .expect("lot 2");
    questionnaire(app, &council, system).await;
    step(app, &council, system, "open").await.expect("opened");
    let lot = LotId(
        app.sql_i64(&format!(
            "SELECT id FROM lots WHERE system_id = {system} AND number = 1"
        ))
        .await,
    );
    let mut bidders = Vec::with_capacity(providers);
    for n in 0..providers {
        bidders.push(admit(app, system, lot, &format!("Provider {n:03} Ltd")).await);
    }
    Market {
        council,
        system,
        lot,
        bidders,
    }
}

/// A provider organisation with one signed-in admin, admitted to `lot`.
pub async fn admit(app: &TestApp, system: SystemId, lot: LotId, name: &str) -> Bidder {
    let now = app.clock.now();
    let email = format!(
        "bids@{}.example.com",
        name.to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")
    );
    let mut tx = app.db.begin().await.expect("tx");
    let organisation = app::accounts::repo::create_organisation(
        &mut tx,
        OrgKind::Provider,
        name,
        &name.to_lowercase(),
        now,
    )
    .await
    .expect("organisation");
    let user = app::accounts::repo::create_user(
        &mut tx,
        app::accounts::repo::NewUser {
            organisation_id: organisation,
            email: &email,
            full_name: "Pat Provider",
            password_hash: Some("fixture: signs in by session only"),
            email_verified: true,
        },
        now,
    )
    .await
    .expect("user");
    app::accounts::repo::set_roles(&mut tx, user, &[Role::ProviderAdmin])
        .await
        .expect("roles");
    let application: i64 = sqlx::query_scalar(
        "INSERT INTO applications (system_id, organisation_id, status, lots, created_by, created_at,
             updated_at, decided_at)
         VALUES ($1, $2, 'admitted', '[]', $3, $4, $4, $4) RETURNING id",
    )
    .bind(system)
    .bind(organisation)
    .bind(user)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .expect("application");
    sqlx::query(
        "INSERT INTO memberships (system_id, lot_id, organisation_id, application_id, admitted_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(system)
    .bind(lot)
    .bind(organisation)
    .bind(application)
    .bind(now)
    .execute(&mut *tx)
    .await
    .expect("membership");
    let token = app::secret::new_token();
    app::auth::repo::create_session(&mut tx, &app::secret::hash_token(&token), user, now)
        .await
        .expect("session");
    tx.commit().await.expect("commit");
    Bidder {
        organisation,
        email,
        browser: with_session(app, &token),
    }
}

/// A browser holding a session cookie.
pub fn with_session(app: &TestApp, token: &str) -> Client {
    let mut headers = header::HeaderMap::new();
    headers.insert(
        header::ORIGIN,
        header::HeaderValue::from_str(&app.address).unwrap(),
    );
    headers.insert(
        header::COOKIE,
        header::HeaderValue::from_str(&format!("opendps_session={token}")).unwrap(),
    );
    Client::builder()
        .redirect(Policy::none())
        .timeout(std::time::Duration::from_secs(120))
        .default_headers(headers)
        .build()
        .unwrap()
}

/// The UK date and time `seconds` from the app's now, as the form's two fields.
pub fn deadline_in(app: &TestApp, seconds: i64) -> (String, String) {
    let (date, time) = app::calendar::uk_wall_clock(app.clock.now() + seconds);
    // The form takes minutes: round up so the deadline is never earlier than asked.
    let (date, time) = if time.second() > 0 {
        app::calendar::uk_wall_clock(app.clock.now() + seconds + 60 - i64::from(time.second()))
    } else {
        (date, time)
    };
    (
        date.to_string(),
        format!("{:02}:{:02}", time.hour(), time.minute()),
    )
}

/// A complete request form for `lot`; `changes` replace or add fields.
pub fn request_form(
    system: SystemId,
    lot: LotId,
    deadline: (String, String),
    changes: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let base: Vec<(&'static str, String)> = vec![
        ("system_id", system.to_string()),
        ("lot_id", lot.to_string()),
        ("kind", "spot".into()),
        ("urgency", "today".into()),
        ("gender", "female".into()),
        (
            "needs_summary",
            "Needs a calm, small home with waking night staff.".into(),
        ),
        ("send_ehcp", "yes".into()),
        ("risk_flags[]", "missing".into()),
        ("siblings", "0".into()),
        ("pets", "".into()),
        ("preferred_area", "North London".into()),
        ("max_distance", "20".into()),
        ("placement_type", "Residential children's home".into()),
        ("start_date", "2027-03-01".into()),
        ("end_date", "2028-02-28".into()),
        ("bespoke", "".into()),
        (
            "questions",
            "How will you keep her safe at night?\nHow will you support her education?".into(),
        ),
        ("deadline_date", deadline.0),
        ("deadline_time", deadline.1),
        ("full_name", "Amelia Testcase".into()),
        ("date_of_birth", "2013-05-01".into()),
        ("address", "1 Example Road, London N17 0AA".into()),
        ("local_reference", "HC-2026-0042".into()),
    ];
    with(base, changes)
}

pub async fn issue(
    app: &TestApp,
    council: &Client,
    form: &[(&'static str, String)],
) -> Result<RequestId, app::error::AppError> {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(council, "issue-request", &pairs).await
}

/// An offer at `weekly` pounds a week.
pub fn offer_form(
    id: RequestId,
    weekly: &str,
    changes: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    with(
        vec![
            ("id", id.to_string()),
            ("weekly_price", weekly.to_string()),
            ("includes", "Education on site and weekly therapy".into()),
            ("start_date", "2027-03-01".into()),
            ("area", "Enfield, EN3".into()),
            (
                "answers[]",
                "Waking night staff and a safety plan agreed with her.".into(),
            ),
            (
                "answers[]",
                "A place at the on-site school with a tutor.".into(),
            ),
            ("staffing_ratio", "2:1".into()),
        ],
        changes,
    )
}

pub async fn send_offer(
    app: &TestApp,
    bidder: &Client,
    form: &[(&'static str, String)],
) -> Result<u32, app::error::AppError> {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(bidder, "send-offer", &pairs).await
}
