//! Builds the whole application (database, migrations, router, email worker) from a
//! `Config`. `main` serves it; the integration tests spawn it on a random port.

use crate::config::Config;
use crate::form_error_cookie;
use crate::mailer::{Transport, Worker};
use crate::security::{self, AllowedOrigin};
use app::app::{shell, App};
use app::db::{Backend, Db};
use app::state::{AppState, Settings};
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot open the database ({0}). Check DATABASE_URL")]
    Database(#[source] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the data folder {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("cannot listen on {0}: {1}. Check LEPTOS_SITE_ADDR")]
    Listen(SocketAddr, std::io::Error),
    #[error("{0}")]
    Mail(String),
}

/// Opens the database, creating the SQLite file and its folder if needed.
pub async fn connect(config: &Config) -> Result<Db, StartupError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| StartupError::DataDir(config.data_dir.display().to_string(), e))?;
    Db::connect(&config.database_url, 16)
        .await
        .map_err(StartupError::Database)
}

pub async fn migrate(db: &Db) -> Result<(), StartupError> {
    match db.backend {
        Backend::Sqlite => SQLITE_MIGRATIONS.run(&db.pool).await?,
        Backend::Postgres => POSTGRES_MIGRATIONS.run(&db.pool).await?,
    }
    Ok(())
}

/// Leptos's own options: from cargo-leptos's environment when present, with the site
/// root overridable by `LEPTOS_SITE_ROOT` in production.
pub fn leptos_options(site_addr: SocketAddr) -> LeptosOptions {
    // cargo-leptos names the output at build time; a plain `cargo build` does not.
    let from_cargo_leptos =
        option_env!("LEPTOS_OUTPUT_NAME").is_some() || std::env::var("LEPTOS_OUTPUT_NAME").is_ok();
    let mut options = from_cargo_leptos
        .then(|| leptos::config::get_configuration(None).ok())
        .flatten()
        .map(|c| c.leptos_options)
        .unwrap_or_else(|| LeptosOptions::builder().output_name("opendps").build());
    if options.output_name.is_empty() {
        options.output_name = "opendps".into();
    }
    options.site_addr = site_addr;
    options
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    worker: Worker,
    pub state: AppState,
}

/// Tunables that only tests change.
#[derive(Debug, Clone)]
pub struct Options {
    pub mail_poll: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mail_poll: Duration::from_secs(10),
        }
    }
}

impl Application {
    pub async fn build(config: &Config, options: Options) -> Result<Self, StartupError> {
        let db = connect(config).await?;
        migrate(&db).await?;
        let listener = TcpListener::bind(config.site_addr)
            .await
            .map_err(|e| StartupError::Listen(config.site_addr, e))?;
        let local = listener
            .local_addr()
            .map_err(|e| StartupError::Listen(config.site_addr, e))?;
        let mut config = config.clone();
        if config.site_addr.port() == 0 && config.base_url.ends_with(":0") {
            config.base_url = format!("http://{local}");
        }
        let settings = Settings {
            service_name: "OpenDPS".into(),
            base_url: config.base_url.clone(),
            secure_cookies: config.secure_cookies,
            session_idle_seconds: 30 * 60,
            session_absolute_seconds: 12 * 60 * 60,
            trusted_proxies: config.trusted_proxies.clone(),
        };
        let state = AppState {
            db: db.clone(),
            settings: Arc::new(settings),
            leptos_options: leptos_options(local),
            mail_wakeup: Arc::new(Notify::new()),
        };
        let transport = Transport::from_config(config.smtp_url.as_deref(), config.outbox_dir())
            .map_err(StartupError::Mail)?;
        let host = url::Url::parse(&config.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "localhost".into());
        let from = format!("OpenDPS <no-reply@{host}>")
            .parse()
            .or_else(|_| "OpenDPS <no-reply@localhost>".parse())
            .map_err(|e| StartupError::Mail(format!("bad sender address: {e}")))?;
        let worker = Worker {
            db,
            transport,
            from,
            wakeup: state.mail_wakeup.clone(),
            poll: options.mail_poll,
        };
        let router = router(state.clone(), &config);
        Ok(Application {
            listener,
            router,
            worker,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until the process ends, with the email worker beside it.
    pub async fn run(self) -> std::io::Result<()> {
        tokio::spawn(self.worker.run());
        use axum::serve::ListenerExt;
        // Without TCP_NODELAY each streamed chunk waits ~40 ms for Nagle's algorithm.
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    }
}

pub fn router(state: AppState, config: &Config) -> Router {
    let routes = generate_route_list(App);
    let allowed = AllowedOrigin(
        url::Url::parse(&config.base_url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default(),
    );
    let context_state = state.clone();
    Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.clone());
                leptos::nonce::provide_nonce();
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(leptos::nonce::provide_nonce, shell))
        .layer(middleware::from_fn(security::require_sign_in))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::resolve_session,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            form_error_cookie::carry_form_errors,
        ))
        .layer(middleware::from_fn_with_state(
            allowed,
            security::check_origin,
        ))
        .layer(middleware::from_fn(security::security_headers))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}
