//! The `b2bgate` command line.

use std::process::ExitCode;

use b2bgate::catalog_import::{self, Target};
use b2bgate::partners::PartnerRegistry;
use b2bgate::settings::Settings;
use b2bgate::startup::{open_store, Application};
use b2bgate::telemetry;
use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: mapping and serialising allocate and free many
/// small strings per document (`translate` spends a fifth of its instructions in glibc malloc).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// b2bgate: B2B punchout (cXML, SAP OCI) and EDI (X12, EDIFACT, UBL) gateway.
///
/// Settings come from built-in defaults, then config/b2bgate.toml (or the file in
/// B2BGATE_CONFIG), then environment variables: B2BGATE_BIND, B2BGATE_DATABASE_URL,
/// B2BGATE_PUBLIC_URL, B2BGATE_ADMIN_TOKEN, B2BGATE_PARTNERS_DIR, B2BGATE_DATA_DIR,
/// B2BGATE_LOG_FORMAT (pretty|json), B2BGATE_BODY_LIMIT, B2BGATE_TLS_CERT, B2BGATE_TLS_KEY,
/// B2BGATE_RELAY (on|off), B2BGATE_RELAY_POLL_MS, B2BGATE_RELAY_LEASE_MS; the README lists them all.
#[derive(Parser)]
#[command(name = "b2bgate", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the gateway: migrate the database, load and check partners, serve HTTP(S) until
    /// SIGTERM or Ctrl-C. Refuses to start when any partner profile has a problem.
    Serve,
    /// Apply database migrations and exit (SQLite file is created if missing).
    Migrate,
    /// Work with partner profiles.
    Partners {
        #[command(subcommand)]
        command: PartnersCommand,
    },
    /// Import and list catalogs and price lists.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Print every document in FILE (X12, EDIFACT, UBL or cXML, detected; `-` for stdin) as
    /// canonical JSON, one per line (NDJSON). Issues go to stderr. X12 and EDIFACT stream: memory
    /// stays bounded by the largest interchange, whatever the file's size. Exit code 0 when
    /// every document was translated, 1 when any was rejected.
    Translate {
        /// The file (`-` reads stdin).
        file: std::path::PathBuf,
        /// Worker threads mapping X12 and EDIFACT (0: one per available core; 1: no worker,
        /// everything on one thread). The output is the same whatever the number.
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Print the version and the syntaxes this build understands.
    Version,
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Import a catalog (or, with --price-list, contract prices) from a CSV or JSON file. Good
    /// rows are imported (updating items already there), bad rows are listed as `line L: reason`.
    /// Exits 0 when at least one row was imported. Columns: see demo/README.md.
    Import {
        /// The CSV or JSON file.
        file: std::path::PathBuf,
        /// Catalog to import items into (default: the catalog_id of a JSON catalog document).
        #[arg(long, value_name = "ID", conflicts_with = "price_list")]
        catalog: Option<String>,
        /// Import contract prices into this price list instead of catalog items.
        #[arg(long, value_name = "ID")]
        price_list: Option<String>,
        /// File format (default: from the extension, .csv or .json).
        #[arg(long, value_enum)]
        format: Option<catalog_import::Format>,
    },
    /// List catalogs and price lists with their sizes.
    List,
}

#[derive(Subcommand)]
enum PartnersCommand {
    /// Load every partners/*.toml, print every problem as file:key: message, and exit non-zero
    /// if there is any.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("b2bgate: settings: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Translate { file, threads } => translate_file(&file, threads),
        Command::Version => {
            println!("b2bgate {}", env!("CARGO_PKG_VERSION"));
            println!("syntaxes detected: cXML, UBL, X12, EDIFACT, canonical JSON");
            ExitCode::SUCCESS
        }
        Command::Partners {
            command: PartnersCommand::Check,
        } => partners_check(&settings),
        Command::Migrate => {
            telemetry::init(settings.log_format);
            run_async(async {
                match open_store(&settings).await {
                    Ok(store) => {
                        println!("migrations applied ({})", store.backend().as_str());
                        store.close().await;
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("b2bgate: {e}");
                        ExitCode::FAILURE
                    }
                }
            })
        }
        Command::Serve => {
            telemetry::init(settings.log_format);
            run_async(serve(settings))
        }
        // No telemetry: the report on stdout is the output.
        Command::Catalog { command } => run_async(catalog(&settings, command)),
    }
}

fn partners_check(settings: &Settings) -> ExitCode {
    match PartnerRegistry::load(&settings.partners_dir) {
        Ok(reg) => {
            for p in reg.iter() {
                let pr = &p.profile;
                let protocols: Vec<&str> = [
                    (pr.cxml.is_some(), "cxml"),
                    (pr.oci.is_some(), "oci"),
                    (pr.x12.is_some(), "x12"),
                    (pr.edifact.is_some(), "edifact"),
                    (pr.ubl.is_some(), "ubl"),
                ]
                .into_iter()
                .filter_map(|(on, n)| on.then_some(n))
                .collect();
                let dev = if p.uses_dev_secrets {
                    " [development secrets]"
                } else {
                    ""
                };
                println!("ok  {} ({}): {}{dev}", p.id, pr.name, protocols.join(", "));
            }
            println!(
                "{} partner(s) in {} are valid",
                reg.len(),
                settings.partners_dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in &problems.0 {
                println!("{p}");
            }
            eprintln!(
                "{} problem(s) in {}",
                problems.0.len(),
                settings.partners_dir.display()
            );
            ExitCode::FAILURE
        }
    }
}

async fn catalog(settings: &Settings, command: CatalogCommand) -> ExitCode {
    let store = match open_store(settings).await {
        Ok(store) => store,
        Err(e) => {
            eprintln!("b2bgate: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = match command {
        CatalogCommand::Import {
            file,
            catalog,
            price_list,
            format,
        } => {
            let target = match price_list {
                Some(id) => Target::PriceList(id),
                None => Target::Catalog(catalog),
            };
            match catalog_import::import_file(&store, &file, &target, format).await {
                Ok(report) => {
                    let plural = |n: u64, one: &str, many: &str| {
                        format!("{n} {}", if n == 1 { one } else { many })
                    };
                    let (one, many) = match target {
                        Target::PriceList(_) => ("price", "prices"),
                        Target::Catalog(_) => ("item", "items"),
                    };
                    println!(
                        "{} {}: imported {}, rejected {}",
                        report.kind,
                        report.id,
                        plural(report.imported, one, many),
                        plural(report.rejected.len() as u64, "row", "rows"),
                    );
                    if report.price_entries > 0 {
                        println!(
                            "imported {} from the items' price lists",
                            plural(report.price_entries, "contract price", "contract prices")
                        );
                    }
                    for r in &report.rejected {
                        println!("{r}");
                    }
                    if report.imported > 0 {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("b2bgate: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        CatalogCommand::List => {
            let lists = async {
                Ok::<_, b2bgate::store::StoreError>((
                    store.catalog_summaries().await?,
                    store.price_list_summaries().await?,
                ))
            };
            match lists.await {
                Ok((catalogs, price_lists)) => {
                    for (id, n) in catalogs {
                        println!("catalog     {id}: {n} items");
                    }
                    for (id, n) in price_lists {
                        println!("price list  {id}: {n} prices");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("b2bgate: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    };
    store.close().await;
    code
}

async fn serve(settings: Settings) -> ExitCode {
    let mut app = match Application::build(settings).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("b2bgate: not starting: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(token) = app.take_generated_admin_token() {
        // Printed once on the terminal, never logged.
        eprintln!(
            "B2BGATE_ADMIN_TOKEN was not set; admin API token for this run:\n  {token}\n(set B2BGATE_ADMIN_TOKEN to keep one across restarts)"
        );
    }
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("b2bgate: server error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_async<F: std::future::Future<Output = ExitCode>>(f: F) -> ExitCode {
    actix_web::rt::System::new().block_on(f)
}

fn translate_file(file: &std::path::Path, threads: usize) -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let threads = match threads {
        0 => b2bgate::translate::default_threads(),
        n => n,
    };
    let result = if file.as_os_str() == "-" {
        b2bgate::translate::translate_with_threads(
            std::io::stdin().lock(),
            &mut stdout.lock(),
            &mut stderr.lock(),
            threads,
        )
    } else {
        match std::fs::File::open(file) {
            Ok(f) => b2bgate::translate::translate_sized(
                &f,
                f.metadata()
                    .ok()
                    .filter(std::fs::Metadata::is_file)
                    .map_or(u64::MAX, |m| m.len()),
                &mut stdout.lock(),
                &mut stderr.lock(),
                threads,
            ),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", file.display());
                return ExitCode::from(2);
            }
        }
    };
    match result {
        Ok(s) => {
            eprintln!(
                "{} document(s) translated, {} rejected",
                s.documents, s.rejected
            );
            if s.rejected == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
