//! The `imprimatur` command line: one binary serves, migrates, loads the demo
//! and creates the first administrator.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::db::Db;
use crate::demo::{self, Loaded};
use crate::http::{AppState, router};

#[derive(Parser, Debug)]
#[command(
    name = "imprimatur",
    version,
    about = "Imprimatur, the web-to-print portal."
)]
pub struct Cli {
    /// The configuration file (IMPRIMATUR_<SECTION>_<KEY> variables override it).
    #[arg(
        long,
        short,
        global = true,
        default_value = "Leptos.toml",
        env = "IMPRIMATUR_CONFIG"
    )]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the portal (the default): applies pending migrations, loads the
    /// demo into an empty database if `server.demo_if_empty` is set, and stops
    /// gracefully on Ctrl-C or SIGTERM.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo companies and accounts into an empty database (a database
    /// that has users is left alone) and list the demo accounts.
    Demo,
    /// Create a platform Admin. The password is read from
    /// IMPRIMATUR_ADMIN_PASSWORD, or asked for on the terminal.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Print the newest messages of the mail outbox (what the portal sent
    /// while no SMTP relay is configured), newest first.
    Mail {
        /// Only messages to this address.
        #[arg(long)]
        to: Option<String>,
        /// How many messages at most.
        #[arg(long, default_value_t = 10)]
        limit: u64,
    },
    /// Print every built-in role's permissions (the role × permission matrix)
    /// as Markdown, CSV or JSON. Needs no database.
    Roles {
        #[arg(long, value_enum, default_value = "markdown")]
        format: MatrixFormat,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum MatrixFormat {
    Markdown,
    Csv,
    Json,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Roles { format }) = cli.command {
        let text = match format {
            MatrixFormat::Markdown => crate::roles_matrix::markdown(),
            MatrixFormat::Csv => crate::roles_matrix::csv(None),
            MatrixFormat::Json => format!("{:#}\n", crate::roles_matrix::json()),
        };
        use std::io::Write;
        // A closed pipe (`| head`) is not an error worth a message.
        return match std::io::stdout().lock().write_all(text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    init_tracing();
    let config = match Config::load(&cli.config) {
        Ok(c) => Arc::new(c),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Migrate => migrate(config).await,
            Command::Demo => load_demo(config).await,
            Command::CreateAdmin { email, name } => create_admin(config, email, name).await,
            Command::Mail { to, limit } => print_mail(config, to, limit).await,
            Command::Roles { .. } => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

async fn open(config: &Config) -> Result<Db, String> {
    Db::open(&config.database).await.map_err(|e| e.to_string())
}

async fn serve(config: Arc<Config>) -> Result<(), String> {
    let db = open(&config).await?;
    let state = AppState::new(config.clone(), db)?;
    // Queued mail goes out through the relay, if one is configured.
    let _delivery = crate::mail_delivery::relay(&config)?
        .map(|relay| crate::mail_delivery::spawn(state.db.clone(), config.clone(), relay));
    if config.server.demo_if_empty {
        match demo::load_if_empty(&state.db, &state.passwords, &*state.storage)
            .await
            .map_err(|e| e.to_string())?
        {
            Loaded::Loaded { users } => tracing::info!(users, "loaded the demo data"),
            Loaded::AlreadyHasData => {}
        }
    }
    let listener = tokio::net::TcpListener::bind(config.server.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.server.listen))?;
    tracing::info!(address = %config.server.listen, public_url = %config.server.public_url, "serving");
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish what is in flight, exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

async fn migrate(config: Arc<Config>) -> Result<(), String> {
    open(&config).await?;
    println!("The database is up to date.");
    Ok(())
}

async fn load_demo(config: Arc<Config>) -> Result<(), String> {
    let db = open(&config).await?;
    let passwords = crate::auth::password::Passwords::new(2);
    let storage = crate::storage::LocalStorage::new(config.storage.dir.clone());
    match demo::load_if_empty(&db, &passwords, &storage)
        .await
        .map_err(|e| e.to_string())?
    {
        Loaded::Loaded { users } => println!("Loaded the demo: {users} accounts."),
        Loaded::AlreadyHasData => {
            println!("The database already has accounts; the demo was not loaded.")
        }
    }
    println!("Demo accounts (password: {}):", demo::DEMO_PASSWORD);
    for (email, name, role) in demo::accounts() {
        println!("  {email:<26} {name:<30} {role}");
    }
    Ok(())
}

async fn print_mail(config: Arc<Config>, to: Option<String>, limit: u64) -> Result<(), String> {
    let db = open(&config).await?;
    let messages = crate::mail::for_mailbox(&db, &config, to.as_deref(), limit.clamp(1, 1000))
        .await
        .map_err(|e| e.to_string())?;
    if messages.is_empty() {
        println!(
            "The outbox has no messages{}.",
            to.map(|t| format!(" to {t}")).unwrap_or_default()
        );
    }
    for m in messages {
        println!(
            "#{} {} to {} ({})\nSubject: {}\n\n{}\n",
            m.id, m.at, m.to, m.delivery, m.subject, m.body
        );
    }
    Ok(())
}

async fn create_admin(config: Arc<Config>, email: String, name: String) -> Result<(), String> {
    let password = match std::env::var("IMPRIMATUR_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            rpassword::prompt_password("Password for the new Admin: ").map_err(|e| e.to_string())?
        }
    };
    let db = open(&config).await?;
    let passwords = crate::auth::password::Passwords::new(1);
    match demo::create_admin(&db, &passwords, &email, &name, &password)
        .await
        .map_err(|e| e.to_string())?
    {
        Ok(id) => {
            println!("Created the Admin {email} (user {id}).");
            Ok(())
        }
        Err(message) => Err(message),
    }
}
