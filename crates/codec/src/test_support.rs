//! Helpers shared by the codec's unit tests: where the shared corpus is, and golden files.

use std::path::{Path, PathBuf};

/// `../shared/corpus/<sub>` beside the repository, or one level further up (a git worktree
/// under a sibling folder); the first path when neither exists (callers check and skip).
pub fn corpus_dir(sub: &str) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = manifest.join("../../../shared/corpus").join(sub);
    let further = manifest.join("../../../../shared/corpus").join(sub);
    if !beside.exists() && further.exists() {
        further
    } else {
        beside
    }
}

/// Compare `doc` with the golden file `dir/name`, or rewrite it under `UPDATE_EXPECT=1`.
pub fn golden(dir: &str, name: &str, doc: &[u8]) {
    let path = Path::new(dir).join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
        std::fs::write(&path, doc).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `UPDATE_EXPECT=1 cargo test -p codec` to create it",
            path.display()
        )
    });
    assert!(
        doc == expected,
        "{} is out of date; run `UPDATE_EXPECT=1 cargo test -p codec` to regenerate it\n\
         --- expected ---\n{}\n--- rendered ---\n{}",
        path.display(),
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(doc)
    );
}
