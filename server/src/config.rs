//! Typed configuration: `Leptos.toml`, then `IMPRIMATUR_<SECTION>_<KEY>`
//! environment variables on top. Loaded once at start-up.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("configuration: {0}")]
    Invalid(String),
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub site: SiteConfig,
    pub session: SessionConfig,
    pub mail: MailConfig,
    pub webauthn: WebauthnConfig,
    #[serde(default)]
    pub storage: StorageConfig,
}

/// Where chapter files are kept.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageConfig {
    /// A local directory (created at the first upload).
    #[serde(default = "default_storage_dir")]
    pub dir: PathBuf,
    /// The largest file one upload may carry, in MiB.
    #[serde(default = "default_max_upload_mb")]
    pub max_upload_mb: u64,
    /// The largest chapter PDF, in MiB: PDFs are parsed in memory.
    #[serde(default = "default_max_pdf_mb")]
    pub max_pdf_mb: u64,
    /// The most a combined PDF may gather from its chapters, in MiB.
    #[serde(default = "default_max_combined_mb")]
    pub max_combined_mb: u64,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            dir: default_storage_dir(),
            max_upload_mb: default_max_upload_mb(),
            max_pdf_mb: default_max_pdf_mb(),
            max_combined_mb: default_max_combined_mb(),
        }
    }
}

impl StorageConfig {
    /// `max_upload_mb` in bytes.
    pub fn max_upload_bytes(&self) -> u64 {
        self.max_upload_mb.saturating_mul(1024 * 1024)
    }

    /// `max_pdf_mb` in bytes.
    pub fn max_pdf_bytes(&self) -> u64 {
        self.max_pdf_mb.saturating_mul(1024 * 1024)
    }

    /// `max_combined_mb` in bytes.
    pub fn max_combined_bytes(&self) -> u64 {
        self.max_combined_mb.saturating_mul(1024 * 1024)
    }
}

fn default_storage_dir() -> PathBuf {
    PathBuf::from("data/files")
}

fn default_max_upload_mb() -> u64 {
    300
}

fn default_max_pdf_mb() -> u64 {
    64
}

fn default_max_combined_mb() -> u64 {
    512
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    pub public_url: url::Url,
    #[serde(default)]
    pub demo_if_empty: bool,
    #[serde(default)]
    pub trusted_proxy: String,
    /// Accounts a public shop may open for one client address in an hour.
    #[serde(default = "default_sign_ups_per_hour")]
    pub sign_ups_per_hour: u32,
    /// Keys what the server keeps sealed (the one-time links in the
    /// outbox); never stored in the database, never printed.
    #[serde(default)]
    pub secret: Secret,
}

/// A secret setting: its Debug output never shows it.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// The secret `Leptos.toml` ships with, for development and the tests; a
/// portal served over https must have its own.
pub const DEVELOPMENT_SECRET: &str = "development only: not a secret, set IMPRIMATUR_SERVER_SECRET";

fn default_sign_ups_per_hour() -> u32 {
    10
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// May hold a password: never printed (see the Debug impl).
    pub url: String,
    #[serde(default = "default_connections")]
    pub max_connections: u32,
}

fn default_connections() -> u32 {
    8
}

impl std::fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

/// The URL with any password replaced, for logs.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => raw.to_string(),
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub root: String,
    pub pkg_dir: String,
    pub output_name: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionConfig {
    pub idle_minutes: i64,
    pub absolute_hours: i64,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    pub from: String,
    /// May hold a password: never printed.
    #[serde(default)]
    pub smtp_url: String,
    /// Development only: platform admins see the one-time links of queued
    /// messages on the mailbox page (the browser tests follow them there).
    #[serde(default)]
    pub show_links: bool,
}

impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("from", &self.from)
            .field("smtp_url", &redact_url(&self.smtp_url))
            .field("show_links", &self.show_links)
            .finish()
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebauthnConfig {
    pub rp_id: String,
    pub rp_origin: url::Url,
    pub rp_name: String,
}

const PREFIX: &str = "IMPRIMATUR_";

impl Config {
    /// Read `path`, apply the environment, check the result.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml_and_env(&text, std::env::vars()).map_err(|e| match e {
            ConfigError::Parse { source, .. } => ConfigError::Parse {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })
    }

    /// The same, from text and an explicit environment (for tests).
    pub fn from_toml_and_env(
        text: &str,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let mut table: toml::Table = text.parse().map_err(|source| ConfigError::Parse {
            path: PathBuf::new(),
            source: Box::new(source),
        })?;
        for (key, value) in env {
            let Some(rest) = key.strip_prefix(PREFIX) else {
                continue;
            };
            let rest = rest.to_ascii_lowercase();
            let Some((section, field)) = rest.split_once('_') else {
                continue;
            };
            // Other IMPRIMATUR_* variables (IMPRIMATUR_CONFIG, test settings)
            // are not configuration; a typo inside a known section still fails.
            let Some(toml::Value::Table(section)) = table.get_mut(section) else {
                continue;
            };
            section.insert(field.to_string(), env_value(&value));
        }
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid(e.message().to_string()))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let url = &self.database.url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres:")
            || url.starts_with("postgresql:"))
        {
            return Err(ConfigError::Invalid(
                "database.url must start with sqlite:// or postgres://".to_string(),
            ));
        }
        if self.session.idle_minutes <= 0 || self.session.absolute_hours <= 0 {
            return Err(ConfigError::Invalid(
                "session timeouts must be positive".to_string(),
            ));
        }
        if self.database.max_connections == 0 {
            return Err(ConfigError::Invalid(
                "database.max_connections must be at least 1".to_string(),
            ));
        }
        if self.storage.max_upload_mb == 0 {
            return Err(ConfigError::Invalid(
                "storage.max_upload_mb must be at least 1".to_string(),
            ));
        }
        if self.storage.max_pdf_mb == 0 || self.storage.max_combined_mb == 0 {
            return Err(ConfigError::Invalid(
                "storage.max_pdf_mb and storage.max_combined_mb must be at least 1".to_string(),
            ));
        }
        if self.storage.dir.as_os_str().is_empty() {
            return Err(ConfigError::Invalid(
                "storage.dir must name a directory".to_string(),
            ));
        }
        if self.server.secret.expose().len() < 32 {
            return Err(ConfigError::Invalid(
                "server.secret must be at least 32 characters".to_string(),
            ));
        }
        if self.secure_cookies() && self.server.secret.expose() == DEVELOPMENT_SECRET {
            return Err(ConfigError::Invalid(
                "server.secret is the development value: set a secret of your own".to_string(),
            ));
        }
        if self.secure_cookies() && self.mail.show_links {
            return Err(ConfigError::Invalid(
                "mail.show_links is for development and cannot be on over https".to_string(),
            ));
        }

        Ok(())
    }

    /// Cookies get `Secure` and the `__Host-` prefix when the portal is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.server.public_url.scheme() == "https"
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies() {
            "__Host-imprimatur_session"
        } else {
            "imprimatur_session"
        }
    }

    /// The origin (`scheme://host[:port]`) requests must come from.
    pub fn public_origin(&self) -> String {
        self.server.public_url.origin().ascii_serialization()
    }
}

/// Environment values are strings; numbers and booleans are recognised.
fn env_value(raw: &str) -> toml::Value {
    if let Ok(b) = raw.parse::<bool>() {
        return toml::Value::Boolean(b);
    }
    if let Ok(i) = raw.parse::<i64>() {
        return toml::Value::Integer(i);
    }
    toml::Value::String(raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../Leptos.toml");

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_shipped_leptos_toml_is_a_valid_configuration() {
        let c = Config::from_toml_and_env(SHIPPED, env(&[])).unwrap();
        assert_eq!(c.server.listen.port(), 3000);
        assert!(c.database.url.starts_with("sqlite://"));
        assert!(!c.secure_cookies());
    }

    #[test]
    fn environment_variables_override_the_file() {
        let c = Config::from_toml_and_env(
            SHIPPED,
            env(&[
                ("IMPRIMATUR_SERVER_LISTEN", "127.0.0.1:4000"),
                (
                    "IMPRIMATUR_DATABASE_URL",
                    "postgres://u:secret@localhost/db",
                ),
                ("IMPRIMATUR_SERVER_DEMO_IF_EMPTY", "true"),
                ("IMPRIMATUR_SERVER_PUBLIC_URL", "https://print.example.com"),
                (
                    "IMPRIMATUR_SERVER_SECRET",
                    "a production secret, long enough to pass",
                ),
                ("UNRELATED", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(c.server.listen.port(), 4000);
        assert!(c.server.demo_if_empty);
        assert!(c.secure_cookies());
        assert_eq!(c.session_cookie_name(), "__Host-imprimatur_session");
        assert_eq!(c.public_origin(), "https://print.example.com");
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let c = Config::from_toml_and_env(
            SHIPPED,
            env(&[(
                "IMPRIMATUR_DATABASE_URL",
                "postgres://u:hunter2@localhost/db",
            )]),
        )
        .unwrap();
        let mail = MailConfig {
            from: "x@example.com".into(),
            smtp_url: "smtp://u:hunter3@mail.example.com:587".into(),
            show_links: false,
        };
        let printed = format!("{c:?} {mail:?}");
        assert!(
            !printed.contains("hunter2") && !printed.contains("hunter3"),
            "{printed}"
        );
    }

    #[test]
    fn the_server_secret_is_never_printed_and_https_needs_one_of_its_own() {
        let own = "an own secret of more than thirty-two characters";
        let c =
            Config::from_toml_and_env(SHIPPED, env(&[("IMPRIMATUR_SERVER_SECRET", own)])).unwrap();
        assert_eq!(c.server.secret.expose(), own);
        assert!(!format!("{c:?}").contains("thirty-two"));
        let https = ("IMPRIMATUR_SERVER_PUBLIC_URL", "https://print.example.com");
        let e = Config::from_toml_and_env(SHIPPED, env(&[https])).unwrap_err();
        assert!(e.to_string().contains("development value"), "{e}");
        let e = Config::from_toml_and_env(SHIPPED, env(&[("IMPRIMATUR_SERVER_SECRET", "short")]))
            .unwrap_err();
        assert!(e.to_string().contains("at least 32"), "{e}");
        let e = Config::from_toml_and_env(
            SHIPPED,
            env(&[
                https,
                ("IMPRIMATUR_SERVER_SECRET", own),
                ("IMPRIMATUR_MAIL_SHOW_LINKS", "true"),
            ]),
        )
        .unwrap_err();
        assert!(e.to_string().contains("show_links"), "{e}");
    }

    #[test]
    fn a_bad_value_is_refused_with_a_clear_message() {
        let e = Config::from_toml_and_env(
            SHIPPED,
            env(&[("IMPRIMATUR_SERVER_LISTEN", "not an address")]),
        )
        .unwrap_err();
        assert!(e.to_string().contains("socket address"), "{e}");
        let e =
            Config::from_toml_and_env(SHIPPED, env(&[("IMPRIMATUR_DATABASE_URL", "mysql://x")]))
                .unwrap_err();
        assert!(e.to_string().contains("sqlite:// or postgres://"), "{e}");
        let e = Config::from_toml_and_env(SHIPPED, env(&[("IMPRIMATUR_SERVER_LISTN", "1")]))
            .unwrap_err();
        assert!(e.to_string().contains("unknown field `listn`"), "{e}");

        // Variables of no configuration section are someone else's.
        assert!(
            Config::from_toml_and_env(SHIPPED, env(&[("IMPRIMATUR_TEST_POSTGRES_URL", "x")]))
                .is_ok()
        );
    }

    #[test]
    fn cargo_leptos_and_the_server_agree_on_the_site_layout() {
        let cargo: toml::Table = include_str!("../../Cargo.toml").parse().unwrap();
        let meta = &cargo["workspace"]["metadata"]["leptos"][0];
        let c = Config::from_toml_and_env(SHIPPED, env(&[])).unwrap();
        assert_eq!(
            meta["output-name"].as_str(),
            Some(c.site.output_name.as_str())
        );
        assert_eq!(meta["site-root"].as_str(), Some(c.site.root.as_str()));
        assert_eq!(meta["site-pkg-dir"].as_str(), Some(c.site.pkg_dir.as_str()));
    }
}
