//! Drop folders: the file transport. Each partner has `<root>/<partner id>/` with
//!
//! - `in/`: the partner (or an SFTP server, a mount) puts interchanges here; files whose name
//!   starts with `.` or ends with `.tmp`/`.part` are still being written and are left alone;
//! - `processed/`: each file read successfully is moved here (name prefixed with the time);
//! - `error/`: each refused file is moved here with `<name>.reason.txt` saying why;
//! - `out/`: what we send: acknowledgements answered right away, and outbox deliveries to a
//!   `file://` URL. Written atomically: a hidden temporary name, then a rename, so a reader never
//!   sees half a file.
//!
//! A file is moved only after the pipeline has committed what it read (or archived it as
//! refused), so a crash between the two reads the file again, and the archive's dedup answers the
//! second time.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::watch;
use tracing::{info, warn};

use crate::partners::PartnerRegistry;
use crate::pipeline::edi::{self, EdiError};
use crate::store::Store;

/// Largest file read from a drop folder.
const MAX_FILE: u64 = 256 * 1024 * 1024;

/// Write `bytes` to `dir/name` atomically: a hidden temporary file in the same folder, flushed,
/// then renamed.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write as _;
    std::fs::create_dir_all(dir)?;
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let tmp = dir.join(format!(".{safe}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let target = dir.join(&safe);
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &target)?;
    Ok(target)
}

/// Poll every partner's `in/` folder until `shutdown` turns true.
pub async fn run(
    store: Store,
    partners: Arc<PartnerRegistry>,
    root: PathBuf,
    poll: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    info!(root = %root.display(), "Drop folders watched.");
    loop {
        if *shutdown.borrow() {
            break;
        }
        if let Err(e) = poll_once(&store, &partners, &root).await {
            warn!(error = %e, "Drop folder scan failed.");
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Read every waiting file once; the number of files handled.
pub async fn poll_once(
    store: &Store,
    partners: &PartnerRegistry,
    root: &Path,
) -> std::io::Result<usize> {
    let mut handled = 0;
    for partner in partners.iter() {
        let base = root.join(&partner.id);
        for sub in ["in", "processed", "error", "out"] {
            std::fs::create_dir_all(base.join(sub))?;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(base.join("in"))?
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or(".");
                !name.starts_with('.') && !name.ends_with(".tmp") && !name.ends_with(".part")
            })
            .collect();
        files.sort();
        // A file in this partner's folder is this partner's: another sender is refused.
        let own = partners.only(&partner.id);
        for file in files {
            handle_file(store, &own, &partner.id, &base, &file).await?;
            handled += 1;
        }
    }
    Ok(handled)
}

async fn handle_file(
    store: &Store,
    partners: &PartnerRegistry,
    partner_id: &str,
    base: &Path,
    file: &Path,
) -> std::io::Result<()> {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_owned();
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let fail = |reason: String| {
        let error_dir = base.join("error");
        let moved = error_dir.join(format!("{stamp}-{name}"));
        std::fs::rename(file, &moved)?;
        write_atomically(
            &error_dir,
            &format!("{stamp}-{name}.reason.txt"),
            reason.as_bytes(),
        )?;
        warn!(file = %moved.display(), %reason, "Drop file refused.");
        Ok::<(), std::io::Error>(())
    };
    if std::fs::metadata(file)?.len() > MAX_FILE {
        return fail(format!("the file is larger than {MAX_FILE} bytes"));
    }
    let bytes = std::fs::read(file)?;
    let Some(syntax) = edi::syntax_of(&bytes, None) else {
        return fail("not an interchange the drop folder reads (X12, EDIFACT, UBL)".to_owned());
    };
    match edi::receive_edi(
        store,
        partners,
        &bytes,
        Some(syntax.media_type().to_owned()),
    )
    .await
    {
        Ok(receipt) => {
            if receipt.sync {
                for (i, ack) in receipt.acks.iter().enumerate() {
                    write_atomically(
                        &base.join("out"),
                        &format!("{stamp}-{name}.ack{i}.edi"),
                        ack.as_bytes(),
                    )?;
                }
            }
            // Interchanges of the file refused while others were read: the reasons go to
            // error/ and their refusals (TA1, CONTRL) to out/, as for a refused file.
            if !receipt.refused.is_empty() {
                let reasons: Vec<&str> =
                    receipt.refused.iter().map(|r| r.message.as_str()).collect();
                write_atomically(
                    &base.join("error"),
                    &format!("{stamp}-{name}.refused.txt"),
                    reasons.join("\n").as_bytes(),
                )?;
                warn!(file = %file.display(), refused = reasons.len(), "Drop file read in part.");
                if !receipt.sync {
                    for (i, answer) in receipt
                        .refused
                        .iter()
                        .filter_map(|r| r.answer.as_deref())
                        .enumerate()
                    {
                        write_atomically(
                            &base.join("out"),
                            &format!("{stamp}-{name}.refusal{i}.edi"),
                            answer.as_bytes(),
                        )?;
                    }
                }
            }
            let moved = base.join("processed").join(format!("{stamp}-{name}"));
            std::fs::rename(file, &moved)?;
            info!(file = %moved.display(), partner_id = %receipt.partner_id, orders = receipt.orders.len(), "Drop file read.");
            Ok(())
        }
        Err(EdiError::Store(e)) => {
            // Ours: leave the file where it is; the next scan tries again.
            warn!(file = %file.display(), error = %e, "Drop file not read (storage); will retry.");
            Ok(())
        }
        Err(e) => {
            if let Some(answer) = e.answer() {
                write_atomically(
                    &base.join("out"),
                    &format!("{stamp}-{name}.refusal.edi"),
                    answer.as_bytes(),
                )?;
            }
            if let EdiError::UnknownPartner { .. } = &e {
                return fail(format!(
                    "{e} (this is the drop folder of partner `{partner_id}`: only its own \
                     documents are read here)"
                ));
            }
            fail(e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_leave_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_atomically(dir.path(), "a/b c.edi", b"ISA").unwrap();
        assert_eq!(path.file_name().unwrap(), "a_b_c.edi");
        assert_eq!(std::fs::read(&path).unwrap(), b"ISA");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a_b_c.edi"]);
    }
}
