//! The registry console's certificates directory (`/etc/cockpit/ws-certs.d`, seed 002): the
//! console reads the files ending in `.cert` there and uses the **last in alphabetical order**;
//! when there is none it makes a self-signed certificate with openssl and saves it as
//! `0-self-signed.cert`. [`choose`] says which file that is; the workbench then doctors it.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The extension the console looks for.
pub const CERT_EXTENSION: &str = ".cert";
/// The file the console makes when the directory holds no `.cert` file.
pub const SELF_SIGNED_FILE: &str = "0-self-signed.cert";
/// The largest `.cert` file read (a bundle is a few kilobytes; a huge file is not a bundle).
pub const MAX_CERT_FILE: u64 = 1024 * 1024;
/// The most directory entries looked at (a certificates directory holds a handful).
pub const MAX_ENTRIES: usize = 10_000;

/// What the directory holds, as the console sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choice {
    /// The `.cert` files, in the order the console sorts them (byte order of the names).
    pub cert_files: Vec<String>,
    /// Other entries (ignored by the console), sorted.
    pub ignored: Vec<String>,
}

impl Choice {
    /// The file the console uses: the last `.cert` file.
    pub fn used(&self) -> Option<&str> {
        self.cert_files.last().map(String::as_str)
    }
}

/// Lists `dir` as the console would. Names that are not UTF-8 are shown lossily and never
/// chosen (the console's own sort is by bytes; such a file is rare enough to be reported
/// rather than guessed at).
pub(crate) fn choose(dir: &Path) -> Result<Choice> {
    if !dir.is_absolute() {
        return Err(Error::RelativePath {
            path: dir.to_path_buf(),
        });
    }
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let entries = std::fs::read_dir(dir).map_err(read_err)?;
    let mut cert_files = Vec::new();
    let mut ignored = Vec::new();
    for (count, entry) in entries.enumerate() {
        if count >= MAX_ENTRIES {
            return Err(Error::TooManyEntries {
                path: dir.to_path_buf(),
                max: MAX_ENTRIES,
            });
        }
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name();
        // Follows symbolic links, as the console's open() does (Kubernetes mounts secrets as
        // links into a `..data` directory).
        let is_file = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file());
        match name.to_str() {
            Some(n) if is_file && n.ends_with(CERT_EXTENSION) => cert_files.push(n.to_owned()),
            _ => ignored.push(name.to_string_lossy().into_owned()),
        }
    }
    cert_files.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    ignored.sort();
    Ok(Choice {
        cert_files,
        ignored,
    })
}

/// Reads one file of the directory, refusing one over [`MAX_CERT_FILE`] before reading it all.
pub(crate) fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    // Asked before opening: opening a named pipe waits for a writer, and a device may never
    // end. Asked again of the opened file, in case the path was swapped in between.
    let not_a_file = || Error::NotAFile {
        path: path.to_path_buf(),
    };
    if !std::fs::metadata(path).map_err(read_err)?.is_file() {
        return Err(not_a_file());
    }
    let file = std::fs::File::open(path).map_err(read_err)?;
    if !file.metadata().map_err(read_err)?.is_file() {
        return Err(not_a_file());
    }
    let mut bytes = Vec::new();
    file.take(MAX_CERT_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_CERT_FILE {
        return Err(Error::FileTooLarge {
            path: PathBuf::from(path),
            max: MAX_CERT_FILE,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_cert_file_in_byte_order_is_the_one_used() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "0-self-signed.cert",
            "console.cert",
            "Z-upper.cert",
            "zz.key",
            "a.cert.bak",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.cert")).unwrap();
        let choice = choose(dir.path()).unwrap();
        assert_eq!(
            choice.cert_files,
            vec!["0-self-signed.cert", "Z-upper.cert", "console.cert"],
            "upper case sorts before lower case, as the console's byte order does"
        );
        assert_eq!(choice.used(), Some("console.cert"));
        assert_eq!(choice.ignored, vec!["a.cert.bak", "sub.cert", "zz.key"]);
    }

    #[test]
    fn an_empty_directory_uses_nothing_and_relative_or_missing_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(choose(dir.path()).unwrap().used(), None);
        assert!(matches!(
            choose(Path::new("ws-certs.d")),
            Err(Error::RelativePath { .. })
        ));
        assert!(matches!(
            choose(&dir.path().join("missing")),
            Err(Error::Read { .. })
        ));
    }

    #[test]
    fn a_huge_file_is_refused_without_being_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.cert");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_CERT_FILE * 64).unwrap();
        assert!(matches!(
            read_capped(&path),
            Err(Error::FileTooLarge { .. })
        ));
        std::fs::write(&path, "small").unwrap();
        assert_eq!(read_capped(&path).unwrap(), b"small");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_secret_file_counts_as_the_console_reads_through_links() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("..data")).unwrap();
        std::fs::write(dir.path().join("..data/console.cert"), "x").unwrap();
        std::os::unix::fs::symlink("..data/console.cert", dir.path().join("console.cert")).unwrap();
        assert_eq!(choose(dir.path()).unwrap().used(), Some("console.cert"));
    }
}
