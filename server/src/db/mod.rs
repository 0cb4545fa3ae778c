//! The database: SQLite by default, PostgreSQL when the URL says so; the same
//! entities and migrations for both.

pub mod entities;
pub mod like;
pub mod migrations;
pub mod visibility;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::config::{DatabaseConfig, redact_url};

/// Handles to the database. On SQLite, writes go through their own
/// one-connection pool, so write transactions queue instead of failing
/// with "database is locked" when two of them start together.
#[derive(Clone, Debug)]
pub struct Db {
    pub read: DatabaseConnection,
    write: DatabaseConnection,
    sqlite: bool,
    /// Statements run so far through either pool, for the benchmark's
    /// queries per request and the tests that bound them.
    queries: Arc<AtomicU64>,
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: DbErr },
    #[error("cannot apply the migrations: {0}")]
    Migrate(DbErr),
}

impl Db {
    /// Connect and bring the schema up to date.
    pub async fn open(config: &DatabaseConfig) -> Result<Db, DbSetupError> {
        let db = Self::connect(config).await?;
        migrations::Migrator::up(&db.write, None)
            .await
            .map_err(DbSetupError::Migrate)?;
        Ok(db)
    }

    /// Connect without touching the schema.
    pub async fn connect(config: &DatabaseConfig) -> Result<Db, DbSetupError> {
        let url = config.url.as_str();
        let connect_err = |source| DbSetupError::Connect {
            url: redact_url(url),
            source,
        };
        if url.starts_with("sqlite:") {
            if let Some(dir) =
                sqlite_path(url).and_then(|p| p.parent().map(std::path::Path::to_path_buf))
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(&dir)
                    .map_err(|e| DbSetupError::DataDir(dir.display().to_string(), e))?;
            }
            let queries = Arc::new(AtomicU64::new(0));
            let mut read = Database::connect(sqlite_options(url, config.max_connections))
                .await
                .map_err(connect_err)?;
            count_queries(&mut read, &queries);
            let mut write = Database::connect(sqlite_options(url, 1))
                .await
                .map_err(connect_err)?;
            count_queries(&mut write, &queries);
            Ok(Db {
                read,
                write,
                sqlite: true,
                queries,
            })
        } else {
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(config.max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            let queries = Arc::new(AtomicU64::new(0));
            let mut pool = Database::connect(options).await.map_err(connect_err)?;
            count_queries(&mut pool, &queries);
            Ok(Db {
                read: pool.clone(),
                write: pool,
                sqlite: false,
                queries,
            })
        }
    }

    /// The connection for single statements that write.
    pub fn writer(&self) -> &DatabaseConnection {
        &self.write
    }

    /// Begin a write transaction. On SQLite it takes the write lock at BEGIN
    /// (IMMEDIATE), so it never fails later upgrading a read to a write.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        let options = TransactionOptions {
            sqlite_transaction_mode: self.sqlite.then_some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.write.begin_with_options(options).await
    }

    pub fn is_sqlite(&self) -> bool {
        self.sqlite
    }

    /// How many statements this process has sent so far (prepared ones:
    /// every query the entities and raw statements make).
    pub fn queries(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    /// A cheap round trip, for the health check.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.read.execute_unprepared("SELECT 1").await.map(|_| ())
    }
}

fn count_queries(conn: &mut DatabaseConnection, queries: &Arc<AtomicU64>) {
    let queries = queries.clone();
    conn.set_metric_callback(move |_| {
        queries.fetch_add(1, Ordering::Relaxed);
    });
}

fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

fn sqlite_options(url: &str, max_connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    options
}
