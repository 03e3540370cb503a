use app::clock::Clock;
use app::db::Db;
use app::error::AppError;
use app::ids::UserId;
use app::jobs::runner::{Round, Runner};
use app::state::AppState;
use reqwest::{header, redirect::Policy, Client, Response};
use serde::de::DeserializeOwned;
use server::config::Config;
use server::startup::{Application, Options};
use sqlx::Row;
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(TestApp)` as two tests, `NAME::sqlite` and `NAME::postgres`.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::spawn($crate::helpers::Backend::Sqlite).await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::spawn($crate::helpers::Backend::Postgres).await).await
            }
        }
    )*};
}

/// Runs each named `async fn(Backend)` as two tests, `NAME::sqlite` and `NAME::postgres`,
/// for tests that spawn their apps themselves.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    )*};
}

pub const PASSWORD: &str = "correct-horse-battery";

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub state: AppState,
    /// The app's clock: tests move time with `clock.advance`, never by editing rows.
    pub clock: Clock,
    /// Runs queued jobs when the test says so (see `run_jobs`).
    pub runner: Runner,
    pub backend: Backend,
    pub data_dir: tempfile::TempDir,
    pub database_url: String,
}

/// The PostgreSQL server tests create their databases on. The test script makes sure
/// one answers; a test never silently skips PostgreSQL.
fn postgres_admin_url() -> String {
    std::env::var("OPENDPS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub async fn fresh_database_url(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.join("test.db").display()),
        Backend::Postgres => {
            let admin = postgres_admin_url();
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&admin).await.unwrap_or_else(|e| {
                panic!("PostgreSQL is not reachable at {admin} ({e}). Start it, or run scripts/test.sh which starts one.")
            });
            let name = format!(
                "opendps_test_{}",
                app::accounts::token::new_token().get(..16).unwrap_or("x")
            );
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await
                .expect("create test database");
            pool.close().await;
            let base = admin
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin);
            format!("{base}/{name}")
        }
    }
}

pub async fn spawn(backend: Backend) -> TestApp {
    spawn_configured(backend, |_| {}).await
}

/// The configuration of a test app: its own data folder and database, a random port.
pub async fn test_config(backend: Backend, data_dir: &std::path::Path) -> Config {
    config_in(data_dir, fresh_database_url(backend, data_dir).await)
}

fn config_in(data_dir: &std::path::Path, database_url: String) -> Config {
    Config {
        database_url,
        data_dir: data_dir.to_path_buf(),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        base_url: "http://127.0.0.1:0".into(),
        smtp_url: None,
        secure_cookies: false,
        trusted_proxies: Vec::new(),
        mail_from: "OpenDPS <no-reply@dps.test.example.gov.uk>".into(),
        mail_reply_to: None,
        audit_key: None,
        storage: app::storage::StorageConfig::Local {
            root: data_dir.join("files"),
        },
    }
}

/// A configuration whose mailer writes to this app's outbox folder.
pub fn test_config_for(app: &TestApp) -> Config {
    Config {
        base_url: app.address.clone(),
        ..config_in(app.data_dir.path(), String::new())
    }
}

/// Spawns the app after `adjust` has changed its configuration. Its clock is manual,
/// starting now, and jobs run only when the test calls `run_jobs`.
pub async fn spawn_configured(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(backend, data_dir.path()).await;
    adjust(&mut config);
    let clock = Clock::manual_from_now();
    let application = Application::build(
        &config,
        Options {
            job_poll: Duration::from_millis(100),
            clock: clock.clone(),
            background_jobs: false,
            site_root: Some(data_dir.path().join("site").display().to_string()),
            open_connections: 1,
        },
    )
    .await
    .expect("application builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    let state = application.state.clone();
    let mailer = server::startup::mailer(&config).expect("mailer");
    let runner = Runner::new(
        state.clone(),
        std::sync::Arc::new(mailer),
        Duration::from_secs(3600),
    );
    tokio::spawn(application.run());
    TestApp {
        address,
        db: state.db.clone(),
        state,
        clock,
        runner,
        backend,
        data_dir,
        database_url: config.database_url.clone(),
    }
}

impl TestApp {
    /// A second server on this app's database, with its own memory, port and files:
    /// what a region running several servers has.
    pub async fn spawn_beside(&self) -> TestApp {
        let url = self.database_url.clone();
        spawn_configured(self.backend, move |config| config.database_url = url).await
    }

    /// A browser: its own cookie jar, never following redirects, sending this portal's
    /// Origin as browsers do on every POST.
    pub fn browser(&self) -> Client {
        self.browser_via_proxy(None)
    }

    /// A browser whose requests arrive through a reverse proxy that names it in
    /// `X-Forwarded-For` (or any client that writes that header itself).
    pub fn browser_via_proxy(&self, forwarded_for: Option<&str>) -> Client {
        let mut headers = header::HeaderMap::new();
        headers.insert(
            header::ORIGIN,
            header::HeaderValue::from_str(&self.address).unwrap(),
        );
        if let Some(address) = forwarded_for {
            headers.insert(
                "x-forwarded-for",
                header::HeaderValue::from_str(address).unwrap(),
            );
        }
        // A stalled request fails its test with a message rather than hanging the run.
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .default_headers(headers)
            .build()
            .unwrap()
    }

    pub async fn post(&self, browser: &Client, endpoint: &str, form: &[(&str, &str)]) -> Response {
        browser
            .post(format!("{}/api/{endpoint}", self.address))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// Calls a server function as the hydrated page does and decodes its answer.
    pub async fn call<T: DeserializeOwned>(
        &self,
        browser: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Result<T, AppError> {
        let response = self.post(browser, endpoint, form).await;
        let ok = response.status().is_success();
        let body = response.text().await.expect("body");
        if ok {
            Ok(serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("unexpected body {body}: {e}")))
        } else {
            Err(serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("unexpected error body {body}: {e}")))
        }
    }

    pub async fn get(&self, browser: &Client, path: &str) -> Response {
        browser
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn sql_i64(&self, query: &str) -> i64 {
        sqlx::query(query)
            .fetch_one(&self.db.pool)
            .await
            .expect(query)
            .try_get::<i64, _>(0)
            .expect("an integer")
    }

    pub async fn exec(&self, query: &str) {
        sqlx::query(query)
            .execute(&self.db.pool)
            .await
            .expect(query);
    }

    /// Runs every job that is due by the app's clock, as the app's runner would.
    pub async fn run_jobs(&self) -> Round {
        self.runner.run_due().await.expect("jobs run")
    }

    /// Every email delivered to the outbox folder for `to`, oldest first: (subject,
    /// decoded message).
    pub async fn emails_to(&self, to: &str) -> Vec<(String, String)> {
        self.run_jobs().await;
        delivered_emails(&self.data_dir.path().join("outbox"))
            .into_iter()
            .filter(|(_, message)| message.contains(&format!("To: {to}")))
            .collect()
    }

    /// The newest email delivered to `to`: (subject, decoded message).
    pub async fn last_email_to(&self, to: &str) -> Option<(String, String)> {
        self.emails_to(to).await.pop()
    }

    /// The newest email to `to` whose subject contains `subject`: for a message that
    /// may go in the same round as another (their files' times can tie).
    pub async fn email_to_about(&self, to: &str, subject: &str) -> Option<(String, String)> {
        self.emails_to(to)
            .await
            .into_iter()
            .rev()
            .find(|(s, _)| s.contains(subject))
    }

    /// The token from the link in the newest email to `to`.
    pub async fn token_from_email(&self, to: &str) -> String {
        let (_, body) = self
            .last_email_to(to)
            .await
            .unwrap_or_else(|| panic!("no email to {to}"));
        token_in(&body).unwrap_or_else(|| panic!("no link with a token in {body}"))
    }

    /// Signs up a provider and confirms the email; returns the provider admin's browser,
    /// signed in.
    pub async fn provider_admin(&self, organisation: &str, email: &str) -> Client {
        let browser = self.browser();
        self.call::<()>(
            &browser,
            "sign-up",
            &[
                ("organisation", organisation),
                ("full_name", "Pat Provider"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await
        .expect("sign-up succeeds");
        // The confirmation email, not another one delivered in the same round (an
        // invitation to the same address, say).
        let token = self
            .emails_to(email)
            .await
            .into_iter()
            .rev()
            .find(|(_, body)| body.contains("/verify-email?token="))
            .and_then(|(_, body)| token_in(&body))
            .unwrap_or_else(|| panic!("no confirmation email to {email}"));
        self.call::<()>(&browser, "verify-email", &[("token", &token)])
            .await
            .expect("verification succeeds");
        self.sign_in(&browser, email, PASSWORD)
            .await
            .expect("sign-in succeeds");
        browser
    }

    pub async fn sign_in(
        &self,
        browser: &Client,
        email: &str,
        password: &str,
    ) -> Result<(), AppError> {
        self.call::<()>(
            browser,
            "sign-in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// A new browser signed in as an existing user.
    pub async fn sign_in_as(&self, email: &str) -> Client {
        let browser = self.browser();
        self.sign_in(&browser, email, PASSWORD)
            .await
            .expect("sign-in succeeds");
        browser
    }

    /// Creates a council with one user holding `roles` (by the CLI's code path) and
    /// returns that user's signed-in browser.
    pub async fn council_user(
        &self,
        council: &str,
        email: &str,
        roles: &[app::auth::roles::Role],
    ) -> Client {
        server::admin::create_admin(&self.state, council, email, PASSWORD, "Council Person")
            .await
            .expect("create admin");
        let user_id = self.user_id(email).await;
        let mut tx = self.db.begin().await.unwrap();
        app::accounts::repo::set_roles(&mut tx, user_id, roles)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let browser = self.browser();
        self.sign_in(&browser, email, PASSWORD)
            .await
            .expect("council sign-in");
        browser
    }

    /// The id of the newest active user with this address.
    pub async fn user_id(&self, email: &str) -> UserId {
        sqlx::query("SELECT id FROM users WHERE email = $1 AND active = $2 ORDER BY id DESC")
            .bind(email)
            .bind(true)
            .fetch_one(&self.db.pool)
            .await
            .expect("user exists")
            .get::<UserId, _>("id")
    }

    pub async fn audit_actions(&self) -> Vec<String> {
        sqlx::query("SELECT action FROM audit_log ORDER BY id")
            .fetch_all(&self.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("action"))
            .collect()
    }
}

pub fn field_messages(error: &AppError) -> Vec<(String, String)> {
    match error {
        AppError::Invalid(e) => e
            .errors
            .iter()
            .map(|f| (f.field.clone(), f.message.clone()))
            .collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

/// Every `.eml` file in the folder, oldest first, quoted-printable decoded: (subject,
/// whole message).
pub fn delivered_emails(dir: &std::path::Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(std::time::SystemTime, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|(_, path)| std::fs::read_to_string(path).ok())
        .map(|raw| {
            let message = decode_quoted_printable(&raw);
            // A long subject is folded onto lines that start with white space.
            let mut lines = message.lines().skip_while(|l| !l.starts_with("Subject: "));
            let mut subject = lines
                .next()
                .and_then(|l| l.strip_prefix("Subject: "))
                .unwrap_or_default()
                .to_string();
            for folded in lines.take_while(|l| l.starts_with([' ', '\t'])) {
                subject.push_str(folded.trim_end_matches('\r'));
            }
            (subject, message)
        })
        .collect()
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The 64-hex-digit token of the first link in `body`.
pub fn token_in(body: &str) -> Option<String> {
    let start = body.find("token=")? + "token=".len();
    let token: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    (token.len() == 64).then_some(token)
}
