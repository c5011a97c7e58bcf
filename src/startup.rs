//! Building and running the application: open the store, migrate, load partners, bind, serve.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use openssl::ssl::{SslAcceptor, SslAcceptorBuilder, SslFiletype, SslMethod};
use secrecy::SecretString;
use tracing_actix_web::TracingLogger;

use crate::metrics::Metrics;
use crate::partners::{PartnerProblems, PartnerRegistry};
use crate::pipeline::punchout::PunchoutConfig;
use crate::pipeline::relay::{Relay, RelayConfig};
use crate::settings::Settings;
use crate::store::{redact_url, Store, StoreError};
use crate::telemetry::GatewayRootSpan;
use crate::transport::http::{self, AppState};

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// Partner profiles have problems (every one is listed).
    #[error("partner profiles have problems:\n{0}")]
    Partners(#[from] PartnerProblems),
    /// The database could not be opened or migrated.
    #[error("database {url}: {source}")]
    Store {
        /// Redacted URL.
        url: String,
        /// Cause.
        source: StoreError,
    },
    /// TLS files could not be loaded.
    #[error("TLS: {0}")]
    Tls(String),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// Address.
        addr: String,
        /// Cause.
        source: std::io::Error,
    },
}

/// A built, bound, not yet running gateway.
pub struct Application {
    port: u16,
    server: Server,
    store: Store,
    public_url: String,
    generated_admin_token: Option<String>,
    relay: Option<RelayConfig>,
    partners: Arc<PartnerRegistry>,
    drop: Option<(std::path::PathBuf, std::time::Duration)>,
}

impl Application {
    /// Open the store (creating and migrating it), load and validate partners, and bind.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let registry = PartnerRegistry::load(&settings.partners_dir)?;
        Self::build_with_partners(settings, registry).await
    }

    /// Like [`Application::build`] with an already loaded partner registry.
    pub async fn build_with_partners(
        settings: Settings,
        registry: PartnerRegistry,
    ) -> Result<Self, StartupError> {
        for p in registry.iter().filter(|p| p.uses_dev_secrets) {
            tracing::warn!(
                partner_id = %p.id,
                "Partner uses development default secrets; set its secret environment variables before production use."
            );
        }
        let store = open_store(&settings).await?;
        // The demo partner's shop works at once: load the embedded demo catalog if it is empty.
        crate::catalog_import::load_demo_catalog(&store, &registry)
            .await
            .map_err(|source| StartupError::Store {
                url: redact_url(&settings.database_url),
                source,
            })?;

        let (admin_token, generated_admin_token) = match &settings.admin_token {
            Some(t) => (t.clone(), None),
            None => {
                let t = crate::security::random_token();
                (SecretString::from(t.clone()), Some(t))
            }
        };

        let listener = TcpListener::bind(settings.bind).map_err(|source| StartupError::Bind {
            addr: settings.bind.to_string(),
            source,
        })?;
        let local = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: settings.bind.to_string(),
            source,
        })?;
        let public_url = settings.public_base_url(local);

        let partners = Arc::new(registry);
        let state = web::Data::new(AppState {
            store: store.clone(),
            partners: partners.clone(),
            admin_token,
            public_url: public_url.clone(),
            body_limit: settings.body_limit,
            metrics: Arc::new(Metrics::default()),
            punchout: PunchoutConfig {
                public_url: public_url.clone(),
                session_ttl: settings.punchout_session_ttl,
                start_ttl: settings.punchout_start_ttl,
            },
        });

        let factory = move || {
            App::new()
                .wrap(from_fn(http::middleware::observe))
                .wrap(TracingLogger::<GatewayRootSpan>::new())
                .configure(http::configure(state.clone()))
        };
        let mut server = HttpServer::new(factory)
            .shutdown_timeout(settings.shutdown_timeout.as_secs())
            .client_request_timeout(std::time::Duration::from_secs(60));
        if let Some(workers) = settings.workers {
            server = server.workers(workers.max(1));
        }
        let server = if settings.tls_enabled() {
            let acceptor = tls_acceptor(&settings)?;
            server.listen_openssl(listener, acceptor)
        } else {
            server.listen(listener)
        }
        .map_err(|source| StartupError::Bind {
            addr: local.to_string(),
            source,
        })?
        .run();

        tracing::info!(
            address = %local,
            public_url = %public_url,
            database = %redact_url(&settings.database_url),
            tls = settings.tls_enabled(),
            "b2bgate listening."
        );
        let relay = settings.relay_enabled.then(|| RelayConfig {
            poll: settings.relay_poll,
            lease: settings.relay_lease,
            ..RelayConfig::default()
        });
        Ok(Self {
            port: local.port(),
            server,
            store,
            public_url,
            generated_admin_token,
            relay,
            partners,
            drop: settings.drop_dir.clone().map(|d| (d, settings.drop_poll)),
        })
    }

    /// The bound port (tests bind port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The base URL handed out in links.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The admin token generated because none was configured (print it once, then forget it).
    pub fn take_generated_admin_token(&mut self) -> Option<String> {
        self.generated_admin_token.take()
    }

    /// The store (tests inspect it).
    pub fn store(&self) -> Store {
        self.store.clone()
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serve until SIGTERM/SIGINT (graceful: in-flight requests finish within the shutdown
    /// timeout), then close the database.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let relay = self.relay.map(|config| {
            let relay = Relay::new(self.store.clone(), config, self.partners.clone());
            tokio::spawn(relay.run(stopped))
        });
        let folders = self.drop.map(|(root, poll)| {
            tokio::spawn(crate::transport::folder::run(
                self.store.clone(),
                self.partners.clone(),
                root,
                poll,
                stop.subscribe(),
            ))
        });
        let result = self.server.await;
        // The relay finishes the delivery in hand, then stops; an unfinished lease is taken over
        // by another worker after it expires.
        let _ = stop.send(true);
        if let Some(folders) = folders {
            let _ = folders.await;
        }
        if let Some(relay) = relay {
            let _ = relay.await;
        }
        self.store.close().await;
        tracing::info!("b2bgate stopped.");
        result
    }
}

/// Open the configured database and apply migrations (`b2bgate migrate` and `serve` share it).
pub async fn open_store(settings: &Settings) -> Result<Store, StartupError> {
    let wrap = |source| StartupError::Store {
        url: redact_url(&settings.database_url),
        source,
    };
    let store = Store::connect(&settings.database_url, settings.db_max_connections)
        .await
        .map_err(wrap)?;
    store.migrate().await.map_err(wrap)?;
    Ok(store)
}

fn tls_acceptor(settings: &Settings) -> Result<SslAcceptorBuilder, StartupError> {
    let (Some(cert), Some(key)) = (&settings.tls_cert, &settings.tls_key) else {
        return Err(StartupError::Tls(
            "both a certificate and a key are needed".into(),
        ));
    };
    let mut builder = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls())
        .map_err(|e| StartupError::Tls(e.to_string()))?;
    builder
        .set_private_key_file(key, SslFiletype::PEM)
        .map_err(|e| StartupError::Tls(format!("key {}: {e}", key.display())))?;
    builder
        .set_certificate_chain_file(cert)
        .map_err(|e| StartupError::Tls(format!("certificate {}: {e}", cert.display())))?;
    builder
        .check_private_key()
        .map_err(|e| StartupError::Tls(format!("the key does not match the certificate: {e}")))?;
    Ok(builder)
}
