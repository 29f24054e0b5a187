//! Writes the UI's TypeScript bindings to `ui/src/bindings`, or with `--check` fails when the
//! committed bindings differ from what the Rust types produce now.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let target = root.join("ui/src/bindings");
    let check = std::env::args().any(|a| a == "--check");
    if !check {
        return match ipc::export::write_all(&target) {
            Ok(()) => {
                println!("bindings written to {}", target.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cannot write bindings: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let fresh = std::env::temp_dir().join(format!("rc-bindings-{}", std::process::id()));
    let result = ipc::export::write_all(&fresh).and_then(|()| compare(&fresh, &target));
    let _ = std::fs::remove_dir_all(&fresh);
    match result {
        Ok(drift) if drift.is_empty() => {
            println!("bindings are up to date");
            ExitCode::SUCCESS
        }
        Ok(drift) => {
            eprintln!("the committed bindings in ui/src/bindings drifted from the Rust types:");
            for file in drift {
                eprintln!("  {}", file.display());
            }
            eprintln!("run `cargo run -p ipc --bin export-bindings` and commit the result");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("cannot check bindings: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The file names that differ, are missing, or are extra in `committed`.
fn compare(fresh: &Path, committed: &Path) -> std::io::Result<Vec<PathBuf>> {
    let list = |dir: &Path| -> std::io::Result<std::collections::BTreeSet<PathBuf>> {
        if !dir.exists() {
            return Ok(Default::default());
        }
        std::fs::read_dir(dir)?
            .map(|e| e.map(|e| PathBuf::from(e.file_name())))
            .filter(|p| {
                p.as_ref()
                    .map_or(true, |p| p.extension().is_some_and(|x| x == "ts"))
            })
            .collect()
    };
    let a = list(fresh)?;
    let b = list(committed)?;
    let mut drift = Vec::new();
    for name in a.union(&b) {
        let left = std::fs::read(fresh.join(name)).ok();
        let right = std::fs::read(committed.join(name)).ok();
        if left != right {
            drift.push(name.clone());
        }
    }
    Ok(drift)
}
