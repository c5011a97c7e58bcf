//! Typed, layered settings: built-in defaults, then an optional TOML file
//! (`config/b2bgate.toml`, or the file named by `B2BGATE_CONFIG`), then environment variables.
//!
//! Secrets are [`SecretString`]s: they never print, in `Debug` or anywhere else.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

/// Default request body limit: 10 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Everything the gateway is configured with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on (`B2BGATE_BIND`, default `127.0.0.1:8080`; port 0 picks a free one).
    pub bind: SocketAddr,
    /// `sqlite://…` or `postgres://…` (`B2BGATE_DATABASE_URL`; default `sqlite://{data_dir}/b2bgate.db`).
    pub database_url: String,
    /// Base URL for links we hand out (`B2BGATE_PUBLIC_URL`; default `http://{bind}`).
    pub public_url: Option<String>,
    /// Bearer token for `/api` (`B2BGATE_ADMIN_TOKEN`); generated at start when unset.
    pub admin_token: Option<SecretString>,
    /// Folder with `*.toml` partner profiles (`B2BGATE_PARTNERS_DIR`, default `partners`).
    pub partners_dir: PathBuf,
    /// Folder for the SQLite database and file transports (`B2BGATE_DATA_DIR`, default `data`).
    pub data_dir: PathBuf,
    /// `pretty` or `json` (`B2BGATE_LOG_FORMAT`).
    pub log_format: LogFormat,
    /// Maximum request body in bytes (`B2BGATE_BODY_LIMIT`, default 10 MiB; 413 beyond).
    pub body_limit: usize,
    /// PEM certificate chain for HTTPS (`B2BGATE_TLS_CERT`).
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for HTTPS (`B2BGATE_TLS_KEY`).
    pub tls_key: Option<PathBuf>,
    /// How long in-flight requests get on SIGTERM (`B2BGATE_SHUTDOWN_TIMEOUT_SECS`, default 30).
    pub shutdown_timeout: Duration,
    /// Maximum database connections (`B2BGATE_DB_MAX_CONNECTIONS`, default 10).
    pub db_max_connections: u32,
    /// HTTP worker threads (`B2BGATE_WORKERS`, default: number of cores).
    pub workers: Option<usize>,
    /// How long a punchout shop session lives (`B2BGATE_PUNCHOUT_SESSION_TTL_SECS`, default 3600).
    pub punchout_session_ttl: Duration,
    /// How long a one-time StartPage link stays valid (`B2BGATE_PUNCHOUT_START_TTL_SECS`,
    /// default 300).
    pub punchout_start_ttl: Duration,
    /// Run the outbox relay in this process (`B2BGATE_RELAY`, default on; `off` for a process
    /// that only receives).
    pub relay_enabled: bool,
    /// Pause between outbox polls when nothing is due (`B2BGATE_RELAY_POLL_MS`, default 1000).
    pub relay_poll: Duration,
    /// Lease on a claimed outbox job (`B2BGATE_RELAY_LEASE_MS`, default 120000). A process that
    /// dies mid-delivery leaves the job to another (or a restarted) process once the lease
    /// expires; keep it well above the 60 s delivery timeout, or slow deliveries are repeated.
    pub relay_lease: Duration,
    /// Drop folder root for file transport (`B2BGATE_DROP_DIR`, default off): each partner gets
    /// `<root>/<partner id>/{in,processed,error,out}`.
    pub drop_dir: Option<PathBuf>,
    /// Pause between drop-folder scans (`B2BGATE_DROP_POLL_MS`, default 2000).
    pub drop_poll: Duration,
}

/// A settings problem: which source and key, and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The config file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// File path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// The config file is not valid TOML or has unknown keys.
    #[error("{path}: {message}")]
    File {
        /// File path.
        path: String,
        /// Parser message (names the key and line).
        message: String,
    },
    /// An environment variable holds an invalid value.
    #[error("{var}: {message}")]
    Env {
        /// Variable name.
        var: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// The optional TOML file; every key mirrors an environment variable.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    database_url: Option<String>,
    public_url: Option<String>,
    partners_dir: Option<PathBuf>,
    data_dir: Option<PathBuf>,
    log_format: Option<LogFormat>,
    body_limit: Option<usize>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    shutdown_timeout_secs: Option<u64>,
    db_max_connections: Option<u32>,
    workers: Option<usize>,
    punchout_session_ttl_secs: Option<u64>,
    punchout_start_ttl_secs: Option<u64>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://data/b2bgate.db".to_owned(),
            public_url: None,
            admin_token: None,
            partners_dir: PathBuf::from("partners"),
            data_dir: PathBuf::from("data"),
            log_format: LogFormat::Pretty,
            body_limit: DEFAULT_BODY_LIMIT,
            tls_cert: None,
            tls_key: None,
            shutdown_timeout: Duration::from_secs(30),
            db_max_connections: 10,
            workers: None,
            punchout_session_ttl: Duration::from_secs(3600),
            punchout_start_ttl: Duration::from_secs(300),
            relay_enabled: true,
            relay_poll: Duration::from_secs(1),
            relay_lease: Duration::from_secs(120),
            drop_dir: None,
            drop_poll: Duration::from_secs(2),
        }
    }
}

impl Settings {
    /// Load from the process environment (and the config file it points to).
    pub fn load() -> Result<Self, SettingsError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Self::load_from(&env)
    }

    /// Load with an explicit environment map (tests use this).
    pub fn load_from(env: &HashMap<String, String>) -> Result<Self, SettingsError> {
        let mut s = Self {
            database_url: String::new(),
            ..Self::default()
        };
        let explicit = env.get("B2BGATE_CONFIG").map(PathBuf::from);
        let path = explicit
            .clone()
            .unwrap_or_else(|| PathBuf::from("config/b2bgate.toml"));
        if explicit.is_some() || path.exists() {
            s.apply_file(&path)?;
        }
        s.apply_env(env)?;
        if s.database_url.is_empty() {
            // No explicit database: the embedded SQLite file lives in the data folder.
            s.database_url = format!("sqlite://{}/b2bgate.db", s.data_dir.display());
        }
        Ok(s)
    }

    fn apply_file(&mut self, path: &Path) -> Result<(), SettingsError> {
        let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let file: FileSettings = toml::from_str(&text).map_err(|e| SettingsError::File {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        if let Some(v) = file.bind {
            self.bind = v.parse().map_err(|e| SettingsError::File {
                path: path.display().to_string(),
                message: format!("bind: {e}"),
            })?;
        }
        if let Some(v) = file.database_url {
            self.database_url = v;
        }
        if let Some(v) = file.public_url {
            self.public_url = Some(v);
        }
        if let Some(v) = file.partners_dir {
            self.partners_dir = v;
        }
        if let Some(v) = file.data_dir {
            self.data_dir = v;
        }
        if let Some(v) = file.log_format {
            self.log_format = v;
        }
        if let Some(v) = file.body_limit {
            self.body_limit = v;
        }
        if let Some(v) = file.tls_cert {
            self.tls_cert = Some(v);
        }
        if let Some(v) = file.tls_key {
            self.tls_key = Some(v);
        }
        if let Some(v) = file.shutdown_timeout_secs {
            self.shutdown_timeout = Duration::from_secs(v);
        }
        if let Some(v) = file.db_max_connections {
            self.db_max_connections = v;
        }
        if let Some(v) = file.workers {
            self.workers = Some(v);
        }
        if let Some(v) = file.punchout_session_ttl_secs {
            self.punchout_session_ttl = Duration::from_secs(v);
        }
        if let Some(v) = file.punchout_start_ttl_secs {
            self.punchout_start_ttl = Duration::from_secs(v);
        }
        Ok(())
    }

    fn apply_env(&mut self, env: &HashMap<String, String>) -> Result<(), SettingsError> {
        let get = |k: &str| env.get(k).filter(|v| !v.is_empty()).cloned();
        if let Some(v) = get("B2BGATE_BIND") {
            self.bind = v.parse().map_err(|e| SettingsError::Env {
                var: "B2BGATE_BIND",
                message: format!("{e} (expected host:port, e.g. 127.0.0.1:8080)"),
            })?;
        }
        if let Some(v) = get("B2BGATE_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = get("B2BGATE_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        if let Some(v) = get("B2BGATE_ADMIN_TOKEN") {
            self.admin_token = Some(SecretString::from(v));
        }
        if let Some(v) = get("B2BGATE_PARTNERS_DIR") {
            self.partners_dir = PathBuf::from(v);
        }
        if let Some(v) = get("B2BGATE_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("B2BGATE_LOG_FORMAT") {
            self.log_format = match v.to_ascii_lowercase().as_str() {
                "json" => LogFormat::Json,
                "pretty" | "text" => LogFormat::Pretty,
                other => {
                    return Err(SettingsError::Env {
                        var: "B2BGATE_LOG_FORMAT",
                        message: format!("unknown log format `{other}` (expected json or pretty)"),
                    })
                }
            };
        }
        if let Some(v) = get("B2BGATE_BODY_LIMIT") {
            self.body_limit = parse_num("B2BGATE_BODY_LIMIT", &v)?;
        }
        if let Some(v) = get("B2BGATE_TLS_CERT") {
            self.tls_cert = Some(PathBuf::from(v));
        }
        if let Some(v) = get("B2BGATE_TLS_KEY") {
            self.tls_key = Some(PathBuf::from(v));
        }
        if let Some(v) = get("B2BGATE_SHUTDOWN_TIMEOUT_SECS") {
            self.shutdown_timeout =
                Duration::from_secs(parse_num("B2BGATE_SHUTDOWN_TIMEOUT_SECS", &v)?);
        }
        if let Some(v) = get("B2BGATE_DB_MAX_CONNECTIONS") {
            self.db_max_connections = parse_num("B2BGATE_DB_MAX_CONNECTIONS", &v)?;
        }
        if let Some(v) = get("B2BGATE_WORKERS") {
            self.workers = Some(parse_num("B2BGATE_WORKERS", &v)?);
        }
        if let Some(v) = get("B2BGATE_PUNCHOUT_SESSION_TTL_SECS") {
            self.punchout_session_ttl =
                Duration::from_secs(parse_num("B2BGATE_PUNCHOUT_SESSION_TTL_SECS", &v)?);
        }
        if let Some(v) = get("B2BGATE_RELAY") {
            self.relay_enabled = !matches!(
                v.to_ascii_lowercase().as_str(),
                "off" | "0" | "false" | "no"
            );
        }
        if let Some(v) = get("B2BGATE_RELAY_POLL_MS") {
            self.relay_poll = Duration::from_millis(parse_num("B2BGATE_RELAY_POLL_MS", &v)?);
        }
        if let Some(v) = get("B2BGATE_DROP_DIR") {
            self.drop_dir = Some(PathBuf::from(v)).filter(|p| !p.as_os_str().is_empty());
        }
        if let Some(v) = get("B2BGATE_DROP_POLL_MS") {
            let ms: u64 = parse_num("B2BGATE_DROP_POLL_MS", &v)?;
            self.drop_poll = Duration::from_millis(ms.max(10));
        }
        if let Some(v) = get("B2BGATE_RELAY_LEASE_MS") {
            let ms: u64 = parse_num("B2BGATE_RELAY_LEASE_MS", &v)?;
            if ms == 0 {
                return Err(SettingsError::Env {
                    var: "B2BGATE_RELAY_LEASE_MS",
                    message: "the lease must be at least 1 ms".to_owned(),
                });
            }
            self.relay_lease = Duration::from_millis(ms);
        }
        if let Some(v) = get("B2BGATE_PUNCHOUT_START_TTL_SECS") {
            self.punchout_start_ttl =
                Duration::from_secs(parse_num("B2BGATE_PUNCHOUT_START_TTL_SECS", &v)?);
        }
        Ok(())
    }

    /// The base URL for links we hand out, without a trailing slash.
    pub fn public_base_url(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_owned(),
            None => {
                let scheme = if self.tls_enabled() { "https" } else { "http" };
                format!("{scheme}://{bound}")
            }
        }
    }

    /// Whether HTTPS is configured.
    pub fn tls_enabled(&self) -> bool {
        self.tls_cert.is_some() && self.tls_key.is_some()
    }
}

fn parse_num<T: std::str::FromStr>(var: &'static str, v: &str) -> Result<T, SettingsError>
where
    T::Err: std::fmt::Display,
{
    v.trim().parse().map_err(|e| SettingsError::Env {
        var,
        message: format!("`{v}` is not a valid number: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_then_env() {
        let s = Settings::load_from(&env(&[
            ("B2BGATE_BIND", "0.0.0.0:9000"),
            ("B2BGATE_ADMIN_TOKEN", "tok"),
            ("B2BGATE_LOG_FORMAT", "json"),
            ("B2BGATE_CONFIG", "/nonexistent/b2bgate.toml"),
        ]));
        // An explicit config file that does not exist is an error, not silently ignored.
        assert!(matches!(s, Err(SettingsError::Read { .. })));
        let s = Settings::load_from(&env(&[
            ("B2BGATE_BIND", "0.0.0.0:9000"),
            ("B2BGATE_ADMIN_TOKEN", "s3cr3t-value"),
            ("B2BGATE_LOG_FORMAT", "json"),
        ]))
        .unwrap();
        assert!(
            !format!("{s:?}").contains("s3cr3t-value"),
            "secrets never print"
        );
        assert_eq!(s.bind.port(), 9000);
        assert_eq!(s.log_format, LogFormat::Json);
        assert_eq!(s.admin_token.unwrap().expose_secret(), "s3cr3t-value");
        assert_eq!(s.body_limit, DEFAULT_BODY_LIMIT);
    }

    #[test]
    fn default_database_lives_in_the_data_dir() {
        let s = Settings::load_from(&env(&[])).unwrap();
        assert_eq!(s.database_url, "sqlite://data/b2bgate.db");
        let s = Settings::load_from(&env(&[("B2BGATE_DATA_DIR", "/var/lib/b2bgate")])).unwrap();
        assert_eq!(s.database_url, "sqlite:///var/lib/b2bgate/b2bgate.db");
        let s = Settings::load_from(&env(&[
            ("B2BGATE_DATA_DIR", "/var/lib/b2bgate"),
            ("B2BGATE_DATABASE_URL", "postgres://db/b2bgate"),
        ]))
        .unwrap();
        assert_eq!(s.database_url, "postgres://db/b2bgate");
    }

    #[test]
    fn file_layer_is_overridden_by_env() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.toml");
        std::fs::write(
            &path,
            "bind = \"127.0.0.1:7000\"\nbody_limit = 1024\ndatabase_url = \"sqlite://x.db\"\n",
        )
        .unwrap();
        let p = path.to_str().unwrap();
        let s = Settings::load_from(&env(&[
            ("B2BGATE_CONFIG", p),
            ("B2BGATE_BODY_LIMIT", "2048"),
        ]))
        .unwrap();
        assert_eq!(s.bind.port(), 7000);
        assert_eq!(s.body_limit, 2048);
        assert_eq!(s.database_url, "sqlite://x.db");
    }

    #[test]
    fn unknown_file_key_and_bad_env_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.toml");
        std::fs::write(&path, "bnd = \"x\"\n").unwrap();
        let err =
            Settings::load_from(&env(&[("B2BGATE_CONFIG", path.to_str().unwrap())])).unwrap_err();
        assert!(err.to_string().contains("unknown field `bnd`"), "{err}");
        let err = Settings::load_from(&env(&[("B2BGATE_BODY_LIMIT", "lots")])).unwrap_err();
        assert!(err.to_string().starts_with("B2BGATE_BODY_LIMIT"), "{err}");
    }

    #[test]
    fn relay_lease_defaults_to_two_minutes_and_comes_from_env() {
        let s = Settings::load_from(&env(&[])).unwrap();
        assert_eq!(s.relay_lease, Duration::from_secs(120));
        let s = Settings::load_from(&env(&[("B2BGATE_RELAY_LEASE_MS", "1500")])).unwrap();
        assert_eq!(s.relay_lease, Duration::from_millis(1500));
        let err = Settings::load_from(&env(&[("B2BGATE_RELAY_LEASE_MS", "0")])).unwrap_err();
        assert!(
            err.to_string().starts_with("B2BGATE_RELAY_LEASE_MS"),
            "{err}"
        );
    }
}
