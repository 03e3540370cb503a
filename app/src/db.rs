//! The database handle shared by every repository: one sqlx `AnyPool` that speaks to
//! SQLite (the embedded default) or PostgreSQL with the same query text.

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row, Transaction};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    /// For reads (and, on PostgreSQL, writes too).
    pub pool: AnyPool,
    /// Where writes go. On SQLite, one connection: writers then queue in the app
    /// instead of colliding on the file lock, where SQLite's busy handler would sleep
    /// them in steps of up to 25 ms.
    writer: AnyPool,
    pub backend: Backend,
}

pub type Tx = Transaction<'static, Any>;

impl Db {
    /// Connects; a SQLite file is created if missing. Migrations are the caller's job.
    /// `min_connections` are opened now and kept open, so that the first requests after a
    /// start (or a quiet spell) do not each wait for a new connection: on PostgreSQL a
    /// connection costs a backend process and an authentication round, several ms.
    pub async fn connect(
        url: &str,
        max_connections: u32,
        min_connections: u32,
    ) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| {
            sqlx::Error::Configuration("DATABASE_URL must start with sqlite: or postgres:".into())
        })?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = |max: u32, min: u32| {
            AnyPoolOptions::new()
                .max_connections(max)
                .min_connections(min.min(max))
                .acquire_timeout(Duration::from_secs(10))
                // A local file cannot drop the connection: skip the ping per checkout.
                .test_before_acquire(backend == Backend::Postgres)
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        if backend == Backend::Sqlite {
                            // WAL lets readers run beside the one writer; the busy timeout
                            // makes a second writer wait instead of failing.
                            for pragma in [
                                "PRAGMA journal_mode = WAL",
                                "PRAGMA busy_timeout = 10000",
                                "PRAGMA foreign_keys = ON",
                                "PRAGMA synchronous = NORMAL",
                            ] {
                                sqlx::query(pragma).execute(&mut *conn).await?;
                            }
                        }
                        Ok(())
                    })
                })
        };
        let pool = options(max_connections, min_connections)
            .connect(&url)
            .await?;
        let writer = match backend {
            Backend::Sqlite => options(1, 1).connect(&url).await?,
            Backend::Postgres => pool.clone(),
        };
        Ok(Db {
            pool,
            writer,
            backend,
        })
    }

    /// A connection for a single write outside a transaction.
    pub async fn write_connection(&self) -> Result<sqlx::pool::PoolConnection<Any>, sqlx::Error> {
        self.writer.acquire().await
    }

    /// Starts a transaction that will write. SQLite gets `BEGIN IMMEDIATE` so that the
    /// write lock is taken up front: a deferred transaction that read first could
    /// otherwise fail at its first write when another writer got there in between.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.writer.begin().await,
        }
    }
}

/// Reads a boolean column on either database: PostgreSQL has `BOOLEAN`, SQLite stores
/// an `INTEGER` (its `BOOLEAN` cannot be decoded through `Any`).
pub fn get_bool(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    match row.try_get::<bool, _>(column) {
        Ok(value) => Ok(value),
        Err(_) => Ok(row.try_get::<i64, _>(column)? != 0),
    }
}
