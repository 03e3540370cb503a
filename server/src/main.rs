//! The OpenDPS server binary: `serve` (the default), `migrate`, `create-admin`,
//! `seed-demo`, `seed-scale` and `audit verify`.

use app::audit::anchor::CheckpointFile;
use clap::{Parser, Subcommand};
use server::{admin, config::Config, startup};
use std::process::ExitCode;

// A page is many small allocations freed at once; glibc's malloc spent about a third of
// the server's CPU on them (and on arena locks) at national scale.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "opendps",
    version,
    about = "OpenDPS: a Dynamic Purchasing System portal for social care"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve the portal and deliver queued email (default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Create a council (if new) and a council admin in it.
    CreateAdmin {
        #[arg(long)]
        council: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        /// The admin's full name (defaults to "Council admin").
        #[arg(long, default_value = "Council admin")]
        name: String,
    },
    /// Load demo councils, council users of every role and provider organisations.
    /// Running it again changes nothing.
    SeedDemo,
    /// Load national-scale data for load tests (200 councils, 20,000 providers, 60,000
    /// applications) after `seed-demo`. Running it again changes nothing.
    SeedScale,
    /// Audit log commands.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain; exit 0 with the row count if intact, 1 with the first broken row if not.
    Verify,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    match run(cli.command.unwrap_or(Command::Serve), config).await {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<ExitCode, String> {
    match command {
        Command::Serve => {
            let application = startup::Application::build(&config, startup::Options::default())
                .await
                .map_err(|e| e.to_string())?;
            println!("OpenDPS is running at {}", config.base_url);
            application.run().await.map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let db = startup::connect(&config, 1)
                .await
                .map_err(|e| e.to_string())?;
            startup::migrate(&db).await.map_err(|e| e.to_string())?;
            println!("database migrated");
            Ok(ExitCode::SUCCESS)
        }
        Command::CreateAdmin {
            council,
            email,
            password,
            name,
        } => {
            let state = open(&config).await?;
            let created = admin::create_admin(&state, &council, &email, &password, &name)
                .await
                .map_err(|e| e.to_string())?;
            println!("{created}");
            Ok(ExitCode::SUCCESS)
        }
        Command::SeedDemo => {
            let state = open(&config).await?;
            let accounts = admin::seed_demo(&state).await.map_err(|e| e.to_string())?;
            println!(
                "Demo data is loaded. Every demo account's password is: {}",
                admin::DEMO_PASSWORD
            );
            for (who, email) in accounts {
                println!("  {who:<45} {email}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::SeedScale => {
            let state = open(&config).await?;
            match server::seed_scale::run(&state)
                .await
                .map_err(|e| e.to_string())?
            {
                server::seed_scale::Outcome::AlreadyLoaded => println!(
                    "Scale data is already loaded ({} exists): nothing to do.",
                    server::seed_scale::marker_name(1)
                ),
                server::seed_scale::Outcome::Loaded { rows, took } => {
                    println!("Scale data is loaded in {:.1} s:", took.as_secs_f64());
                    for (table, n) in rows {
                        println!("  {table:<22} {n:>8}");
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let state = open(&config).await?;
            let checkpoints = CheckpointFile::in_dir(&config.data_dir)
                .read()
                .map_err(|e| format!("cannot read the audit checkpoints: {e}"))?;
            let mut conn = state.db.pool.acquire().await.map_err(|e| e.to_string())?;
            match app::audit::repo::verify_chain(&mut conn, &state.audit_key, &checkpoints)
                .await
                .map_err(|e| e.to_string())?
            {
                app::audit::repo::Verification::Intact { rows } => {
                    println!("audit log intact: {rows} rows");
                    Ok(ExitCode::SUCCESS)
                }
                app::audit::repo::Verification::Broken {
                    first_bad_id,
                    reason,
                } => {
                    println!("audit log BROKEN at row {first_bad_id}: {reason}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

/// The shared state a command works with: the migrated database, the clock and the
/// audit key, as `serve` would have them.
async fn open(config: &Config) -> Result<app::state::AppState, String> {
    startup::state(config, app::clock::Clock::system(), config.site_addr, 1)
        .await
        .map_err(|e| e.to_string())
}
