//! Writes the third-party list of the About dialog, `ui/src/about/thirdParty.ts`, or with
//! `--check` fails when the committed list differs from what the dependency trees give now
//! (`make lint`, like the bindings).
//!
//! - Rust: every crate the app's binary is built from, as cargo itself resolves it for
//!   `registry-console` alone on Linux x86_64 (`cargo tree -e normal`: the features the app
//!   really enables, no build scripts' or tests' dependencies), with its version, SPDX
//!   licence expression and repository. Our own workspace crates are left out.
//! - UI: every npm package the built UI can contain, i.e. the production dependencies in
//!   `ui/package-lock.json` (dev-only packages such as Vite or the Tauri CLI are not shipped),
//!   with the licence and repository their `package.json` in `ui/node_modules` declares.
//!
//! Why ours and not `cargo-about`: CI would have to `cargo install` it on its cold path (a few
//! minutes on 2 cores), for a list cargo and npm already give.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The platform the Linux packages are built for: the list is the same on every build machine.
const TARGET: &str = "x86_64-unknown-linux-gnu";

/// One third-party package.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Package {
    name: String,
    version: String,
    license: String,
    repository: String,
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let out = root.join("ui/src/about/thirdParty.ts");
    let check = std::env::args().any(|a| a == "--check");
    let text = match rust_crates(&root).and_then(|rust| Ok((rust, npm_packages(&root.join("ui"))?)))
    {
        Ok((rust, npm)) => render(&rust, &npm),
        Err(e) => {
            eprintln!("cannot list third-party packages: {e}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        if std::fs::read_to_string(&out).ok().as_deref() == Some(text.as_str()) {
            println!("third-party list is up to date");
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "{} differs from the dependency trees: run `cargo run -p ipc --bin export-licenses` and commit the result",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    if let Err(e) = std::fs::write(&out, text) {
        eprintln!("cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!("third-party list written to {}", out.display());
    ExitCode::SUCCESS
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The crates of the app's binary, from `cargo tree`.
fn rust_crates(root: &Path) -> Result<Vec<Package>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args([
            "tree",
            "--quiet",
            "--locked",
            "-p",
            "registry-console",
            "-e",
            "normal",
            "--target",
            TARGET,
            "--prefix",
            "none",
            "--format",
            "{p}\t{l}\t{r}",
        ])
        .output()?;
    if !output.status.success() {
        return Err(format!("cargo tree: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    let mut found = BTreeMap::new();
    for line in String::from_utf8(output.stdout)?.lines() {
        let line = line.trim_end_matches(" (*)");
        let mut fields = line.split('\t');
        let (Some(package), Some(license), Some(repository)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // `name v1.2.3`, `name v1.2.3 (proc-macro)`, or `name v0.1.0 (/path)` for our own.
        if package.contains(" (/") {
            continue;
        }
        let mut words = package.split(' ');
        let (Some(name), Some(version)) = (words.next(), words.next()) else {
            continue;
        };
        let version = version.trim_start_matches('v');
        found.insert(
            (name.to_owned(), version.to_owned()),
            Package {
                name: name.to_owned(),
                version: version.to_owned(),
                license: license.to_owned(),
                repository: repository.to_owned(),
            },
        );
    }
    if found.is_empty() {
        return Err("cargo tree listed no crates".into());
    }
    Ok(found.into_values().collect())
}

/// The production packages of the UI, from its lock file and `node_modules`.
fn npm_packages(ui: &Path) -> Result<Vec<Package>> {
    let lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ui.join("package-lock.json"))?)?;
    let packages = lock["packages"]
        .as_object()
        .ok_or("package-lock.json has no `packages` (lockfileVersion 2 or later is needed)")?;
    let mut found = Vec::new();
    for (path, entry) in packages {
        let Some(name) = path
            .rsplit("node_modules/")
            .next()
            .filter(|_| !path.is_empty())
        else {
            continue;
        };
        if entry["dev"].as_bool() == Some(true) || entry["devOptional"].as_bool() == Some(true) {
            continue;
        }
        let manifest_path: PathBuf = ui.join(path).join("package.json");
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&manifest_path)
                .map_err(|e| format!("{}: {e} (run `npm ci` in ui/)", manifest_path.display()))?,
        )?;
        let version = manifest["version"].as_str().unwrap_or_default();
        if Some(version) != entry["version"].as_str() {
            return Err(format!(
                "{name} is {version} in ui/node_modules but {} in the lock file (run `npm ci` in ui/)",
                entry["version"]
            )
            .into());
        }
        let repository = match &manifest["repository"] {
            serde_json::Value::String(s) => s.clone(),
            other => other["url"].as_str().unwrap_or_default().to_owned(),
        };
        found.push(Package {
            name: name.to_owned(),
            version: version.to_owned(),
            license: manifest["license"]
                .as_str()
                .or(entry["license"].as_str())
                .unwrap_or("UNKNOWN")
                .to_owned(),
            repository: repository
                .trim_start_matches("git+")
                .trim_end_matches(".git")
                .to_owned(),
        });
    }
    found.sort();
    Ok(found)
}

/// The TypeScript module: two arrays, one package a line.
fn render(rust: &[Package], npm: &[Package]) -> String {
    let mut text = String::from(
        "// Generated by `cargo run -p ipc --bin export-licenses` from the app's dependency trees.\n\
         // Do not edit: `make lint` fails when this file drifts.\n\n\
         /** A third-party package the app is built from. */\n\
         export type ThirdParty = { name: string; version: string; license: string; repository: string };\n",
    );
    for (constant, what, list) in [
        ("RUST_CRATES", "Rust crates linked into the app", rust),
        ("UI_PACKAGES", "npm packages in the built UI", npm),
    ] {
        text.push_str(&format!(
            "\n/** {what}. */\nexport const {constant}: ThirdParty[] = [\n"
        ));
        for p in list {
            text.push_str(&format!(
                "  {{ name: {}, version: {}, license: {}, repository: {} }},\n",
                json(&p.name),
                json(&p.version),
                json(&p.license),
                json(&p.repository)
            ));
        }
        text.push_str("];\n");
    }
    text
}

fn json(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}
