//! Builds the whole application (database, migrations, router, email worker) from a
//! `Config`. `main` serves it; the integration tests spawn it on a random port.

use crate::config::Config;
use crate::form_error_cookie;
use crate::security::{self, AllowedOrigin};
use app::app::{shell, App};
use app::audit::anchor::{Checkpoint, CheckpointFile};
use app::clock::Clock;
use app::db::{Backend, Db};
use app::jobs::runner::Runner;
use app::mail::transport::{MailSettings, Mailer};
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
    #[error("audit key: {0}. Check OPENDPS_AUDIT_KEY")]
    AuditKey(String),
    #[error("{0}. Check OPENDPS_STORAGE and the OPENDPS_S3_* settings")]
    Storage(#[source] app::storage::StorageError),
}

/// Connections per server to the database.
pub const MAX_CONNECTIONS: u32 = 16;

/// Opens the database, creating the SQLite file and its folder if needed.
/// `open` connections are opened at once and kept (see [`Db::connect`]).
pub async fn connect(config: &Config, open: u32) -> Result<Db, StartupError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| StartupError::DataDir(config.data_dir.display().to_string(), e))?;
    Db::connect(&config.database_url, MAX_CONNECTIONS, open)
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
    // cargo-leptos writes the hashed file names beside the binary it built; a binary
    // started directly (scripts/run.sh, a service manager) must find them too.
    options.hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
        .is_some_and(|path| path.exists());
    options.site_addr = site_addr;
    options
}

/// The built stylesheet and WebAssembly: content-hashed names, so browsers may keep them
/// for a year; brotli or gzip files made at build time when the browser takes them.
fn static_assets<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let cache = |response: &axum::response::Response<_>| {
        response
            .status()
            .is_success()
            .then(|| http::HeaderValue::from_static("public, max-age=31536000, immutable"))
    };
    Router::new().nest_service(
        &format!("/{}", options.site_pkg_dir),
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                http::header::CACHE_CONTROL,
                cache,
            ))
            .service(ServeDir::new(dir).precompressed_br().precompressed_gzip()),
    )
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    runner: Option<Runner>,
    checkpoints: CheckpointFile,
    pub state: AppState,
}

/// Tunables that only tests change.
#[derive(Debug, Clone)]
pub struct Options {
    /// How often the job runner looks for due jobs when nothing wakes it.
    pub job_poll: Duration,
    pub clock: Clock,
    /// Run the job runner beside the web server. Tests that run jobs themselves, at
    /// moments they choose, turn it off.
    pub background_jobs: bool,
    /// Where the built site is, instead of the build's own setting.
    pub site_root: Option<String>,
    /// Database connections opened at start and kept open (of at most 16).
    pub open_connections: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            job_poll: Duration::from_secs(10),
            clock: Clock::system(),
            background_jobs: true,
            site_root: None,
            open_connections: 8,
        }
    }
}

/// How often each server records the audit log's head in its checkpoint file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(60);

/// The mail sender a configuration describes.
pub fn mailer(config: &Config) -> Result<Mailer, StartupError> {
    Mailer::new(MailSettings {
        smtp_url: config.smtp_url.as_deref(),
        outbox_dir: config.outbox_dir(),
        from: &config.mail_from,
        reply_to: config.mail_reply_to.as_deref(),
    })
    .map_err(StartupError::Mail)
}

/// The state every request and job shares, for a configuration and a clock.
pub async fn state(
    config: &Config,
    clock: Clock,
    site_addr: SocketAddr,
    open_connections: u32,
) -> Result<AppState, StartupError> {
    let db = connect(config, open_connections).await?;
    migrate(&db).await?;
    let audit_key = config.load_audit_key().map_err(StartupError::AuditKey)?;
    app::audit::repo::anchor_empty_log(
        &mut *db
            .write_connection()
            .await
            .map_err(StartupError::Database)?,
        &audit_key,
    )
    .await
    .map_err(StartupError::Database)?;
    let settings = Settings {
        service_name: "OpenDPS".into(),
        base_url: config.base_url.clone(),
        secure_cookies: config.secure_cookies,
        session_idle_seconds: 30 * 60,
        session_absolute_seconds: 12 * 60 * 60,
        trusted_proxies: config.trusted_proxies.clone(),
    };
    let files = app::storage::FileStore::open(&config.storage).map_err(StartupError::Storage)?;
    tracing::info!(backend = files.kind(), "file storage ready");
    Ok(AppState {
        files,
        db,
        clock,
        settings: Arc::new(settings),
        audit_key,
        leptos_options: leptos_options(site_addr),
        jobs_wakeup: Arc::new(Notify::new()),
        systems: Arc::default(),
    })
}

impl Application {
    pub async fn build(config: &Config, options: Options) -> Result<Self, StartupError> {
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
        let mut state = state(&config, options.clock, local, options.open_connections).await?;
        if let Some(root) = options.site_root {
            state.leptos_options.site_root = root.into();
        }
        let mailer = Arc::new(mailer(&config)?);
        let runner = options
            .background_jobs
            .then(|| Runner::new(state.clone(), mailer, options.job_poll));
        let router = router(state.clone(), &config);
        Ok(Application {
            listener,
            router,
            runner,
            checkpoints: CheckpointFile::in_dir(&config.data_dir),
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until the process ends, with the job runner and the audit checkpoints
    /// beside it.
    pub async fn run(self) -> std::io::Result<()> {
        if let Some(runner) = self.runner {
            tokio::spawn(runner.run());
        }
        tokio::spawn(record_checkpoints(self.state.db.clone(), self.checkpoints));
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

/// Appends the audit head to this server's checkpoint file whenever it has moved.
async fn record_checkpoints(db: app::db::Db, file: CheckpointFile) {
    let mut last = None;
    loop {
        match checkpoint_once(&db, &file, last.as_ref()).await {
            Ok(head) => last = Some(head),
            Err(error) => {
                tracing::error!(%error, path = %file.path().display(), "could not record an audit checkpoint")
            }
        }
        tokio::time::sleep(CHECKPOINT_EVERY).await;
    }
}

/// Records the head if it differs from `last`; returns the head.
pub async fn checkpoint_once(
    db: &app::db::Db,
    file: &CheckpointFile,
    last: Option<&Checkpoint>,
) -> Result<Checkpoint, String> {
    let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
    let (head, _) = app::audit::repo::head(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    if head.seq > 0 && last != Some(&head) {
        file.append(&head).map_err(|e| e.to_string())?;
    }
    Ok(head)
}

pub fn router(state: AppState, config: &Config) -> Router {
    let routes = generate_route_list(App);
    let allowed = AllowedOrigin(
        url::Url::parse(&config.base_url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default(),
    );
    let context_state = state.clone();
    let https = config.base_url.starts_with("https://");
    let router = Router::new()
        .merge(static_assets(&state.leptos_options))
        .route(
            "/files/evidence/{id}",
            axum::routing::get(crate::downloads::evidence_file),
        )
        .route(
            "/council/systems/{id}/compliance.csv",
            axum::routing::get(crate::downloads::compliance_csv),
        )
        .route(
            "/council/placements.csv",
            axum::routing::get(crate::downloads::placements_csv),
        )
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
        ));
    security::security_headers(router, https)
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(crate::request_log::layer())
        .with_state(state)
}
