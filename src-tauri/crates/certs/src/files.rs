//! Writing bundles, keys and CA files: atomically (a temp file in the same directory, synced,
//! then renamed), mode 0600 from the start, and never over an existing file unless asked.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::SavedFile;

/// The mode of every file written here.
pub const PRIVATE_MODE: u32 = 0o600;

/// Writes `bytes` to `path` (absolute) atomically with mode 0600.
pub fn write_private(path: &Path, bytes: &[u8], overwrite: bool) -> Result<SavedFile> {
    if !path.is_absolute() {
        return Err(Error::RelativePath {
            path: path.to_owned(),
        });
    }
    let write_err = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    if !overwrite && path.exists() {
        return Err(Error::Exists {
            path: path.to_owned(),
        });
    }
    let dir = path.parent().unwrap_or(Path::new("/"));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rc-");
    // Private from the first byte (Windows has no mode bits; its temp files are private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(PRIVATE_MODE));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(write_err)?;
    tmp.write_all(bytes).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    if overwrite {
        tmp.persist(path).map_err(|e| write_err(e.error))?;
    } else {
        // Refuses atomically if someone created the file in the meantime.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Exists {
                    path: path.to_owned(),
                }
            } else {
                write_err(e.error)
            }
        })?;
    }
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
        mode: PRIVATE_MODE,
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn writes_0600_and_refuses_to_overwrite_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("console.cert");
        let saved = write_private(&path, b"one", false).unwrap();
        assert_eq!(saved.mode, 0o600);
        assert_eq!(saved.bytes, 3);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(matches!(
            write_private(&path, b"two", false),
            Err(Error::Exists { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_private(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temp file left behind");
        assert!(matches!(
            write_private(Path::new("relative.pem"), b"x", false),
            Err(Error::RelativePath { .. })
        ));
        assert!(matches!(
            write_private(&dir.path().join("missing/dir/x.pem"), b"x", false),
            Err(Error::Write { .. })
        ));
    }
}
