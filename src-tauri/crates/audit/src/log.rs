//! The log files: `activity.jsonl` in the app's data directory, one JSON entry a line, each
//! line synced to disk before the change's reply; rotated by size into `activity.1.jsonl`
//! (newest) to `activity.<keep>.jsonl` (oldest, then dropped). Lines are only ever appended:
//! rotation renames whole files and never rewrites one.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::entry::Entry;
use crate::error::{Error, Result};

/// The current file's name.
pub const FILE_NAME: &str = "activity.jsonl";

/// When to rotate and how many old files to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    /// The size past which the current file is rotated before the next entry.
    pub max_bytes: u64,
    /// How many rotated files are kept.
    pub keep: usize,
}

impl Default for Rotation {
    /// 5 MiB a file and 9 old ones: 50 MB of history, some 200 000 changes.
    fn default() -> Self {
        Self {
            max_bytes: 5 * 1024 * 1024,
            keep: 9,
        }
    }
}

/// The activity log of one app data directory.
#[derive(Debug)]
pub struct AuditLog {
    dir: PathBuf,
    rotation: Rotation,
    /// The open current file and its size; `None` until the first entry, and again after a
    /// failed write, so that the next entry opens it afresh (the disk may have room again).
    file: Mutex<Option<(File, u64)>>,
}

/// Locks the open file. A panic while holding it can at worst leave a torn line, which readers
/// skip and the next open ends, so a poisoned lock is safe to keep using.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AuditLog {
    /// The log kept in `dir` (made at the first entry), rotated as `rotation` says.
    pub fn new(dir: impl Into<PathBuf>, rotation: Rotation) -> Self {
        Self {
            dir: dir.into(),
            rotation,
            file: Mutex::new(None),
        }
    }

    /// The directory the files are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The current file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// The path of rotated file `n` (1 is the newest).
    fn rotated(&self, n: usize) -> PathBuf {
        self.dir.join(format!("activity.{n}.jsonl"))
    }

    /// The files that exist, newest first.
    pub fn files_newest_first(&self) -> Vec<PathBuf> {
        std::iter::once(self.path())
            .chain((1..=self.rotation.keep).map(|n| self.rotated(n)))
            .filter(|path| path.is_file())
            .collect()
    }

    /// Appends `entry` as one line and syncs it to disk. A failure says why and leaves the
    /// file as it was or with a torn last line (which readers skip).
    pub fn append(&self, entry: &Entry) -> Result<()> {
        let mut line = serde_json::to_vec(entry).unwrap_or_default();
        line.push(b'\n');
        let mut slot = lock(&self.file);
        let result = self.append_locked(&mut slot, &line);
        if result.is_err() {
            *slot = None;
        }
        result
    }

    fn append_locked(&self, slot: &mut Option<(File, u64)>, line: &[u8]) -> Result<()> {
        if let Some((_, size)) = slot
            && *size > 0
            && *size + line.len() as u64 > self.rotation.max_bytes
        {
            *slot = None;
            self.rotate()?;
        }
        if slot.is_none() {
            *slot = Some(self.open_current()?);
        }
        let write_error = |source| Error::Write {
            path: self.path(),
            source,
        };
        let Some((file, size)) = slot.as_mut() else {
            return Ok(());
        };
        file.write_all(line).map_err(write_error)?;
        file.sync_data().map_err(write_error)?;
        *size += line.len() as u64;
        // A file found already too big at open (its rotation failed last time) rotates now.
        if *size > self.rotation.max_bytes {
            *slot = None;
            self.rotate()?;
        }
        Ok(())
    }

    /// Opens the current file for appending. When the last line was torn by a crash (no line
    /// break at the end), a line break ends it first, so the new entry starts on its own line
    /// and the torn one is skipped by readers.
    fn open_current(&self) -> Result<(File, u64)> {
        let path = self.path();
        let write_error = |source| Error::Write {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(|source| Error::Write {
            path: self.dir.clone(),
            source,
        })?;
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(write_error)?;
        let mut size = file.metadata().map_err(write_error)?.len();
        if size > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(size - 1)).map_err(write_error)?;
            file.read_exact(&mut last).map_err(write_error)?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(write_error)?;
                file.sync_data().map_err(write_error)?;
                size += 1;
            }
        }
        Ok((file, size))
    }

    /// Shifts the rotated files one older (dropping the oldest) and makes the current file
    /// the newest rotated one.
    fn rotate(&self) -> Result<()> {
        let rename_error =
            |path: PathBuf| move |source: std::io::Error| Error::Write { path, source };
        if self.rotation.keep == 0 {
            return fs::remove_file(self.path()).map_err(rename_error(self.path()));
        }
        let oldest = self.rotated(self.rotation.keep);
        if oldest.exists() {
            fs::remove_file(&oldest).map_err(rename_error(oldest.clone()))?;
        }
        for n in (1..self.rotation.keep).rev() {
            let from = self.rotated(n);
            if from.exists() {
                fs::rename(&from, self.rotated(n + 1)).map_err(rename_error(from.clone()))?;
            }
        }
        fs::rename(self.path(), self.rotated(1)).map_err(rename_error(self.path()))
    }
}

/// The lines of a file from the last to the first, read in chunks from the end, so the newest
/// entries of a big file come without reading the rest.
pub(crate) struct Backwards {
    file: File,
    path: PathBuf,
    /// Where the unread part ends.
    pos: u64,
    /// The start of a line whose beginning is not read yet.
    carry: Vec<u8>,
    /// Whole lines read, in file order (popped from the end).
    ready: Vec<Line>,
    /// The carried line passed [`MAX_LINE`]: it is dropped until its start is found.
    overlong: bool,
}

/// The chunk read at a time.
const CHUNK: u64 = 64 * 1024;
/// A line longer than this is not one of ours (an entry is under 4 KiB): it is skipped
/// rather than held in memory whole.
pub(crate) const MAX_LINE: usize = 256 * 1024;

/// A line as read: an entry's bytes, or a line too long to be one.
pub(crate) enum Line {
    /// A whole line's bytes (without its line break).
    Bytes(Vec<u8>),
    /// A line past [`MAX_LINE`], dropped.
    Overlong,
}

impl Backwards {
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let read_error = |source| Error::Read {
            path: path.to_owned(),
            source,
        };
        let file = File::open(path).map_err(read_error)?;
        let pos = file.metadata().map_err(read_error)?.len();
        Ok(Self {
            file,
            path: path.to_owned(),
            pos,
            carry: Vec::new(),
            ready: Vec::new(),
            overlong: false,
        })
    }

    /// The previous line, or `None` at the start of the file.
    pub(crate) fn next_line(&mut self) -> Result<Option<Line>> {
        loop {
            if let Some(line) = self.ready.pop() {
                return Ok(Some(line));
            }
            if self.pos == 0 {
                if self.overlong {
                    self.overlong = false;
                    self.carry.clear();
                    return Ok(Some(Line::Overlong));
                }
                if self.carry.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(Line::Bytes(std::mem::take(&mut self.carry))));
            }
            let n = CHUNK.min(self.pos);
            self.pos -= n;
            let mut chunk = vec![0u8; n as usize];
            self.file
                .seek(SeekFrom::Start(self.pos))
                .and_then(|_| self.file.read_exact(&mut chunk))
                .map_err(|source| Error::Read {
                    path: self.path.clone(),
                    source,
                })?;
            if !self.overlong {
                chunk.extend_from_slice(&self.carry);
            }
            self.carry = chunk;
            match self.carry.iter().position(|b| *b == b'\n') {
                Some(first_break) => {
                    let rest = self.carry.split_off(first_break + 1);
                    self.carry.pop();
                    let mut pieces: Vec<&[u8]> = rest.split(|b| *b == b'\n').collect();
                    let overlong = std::mem::take(&mut self.overlong);
                    if overlong {
                        // The last piece is the start of the overlong line, whose later part
                        // was dropped: the line is said as one skipped line.
                        pieces.pop();
                    }
                    self.ready
                        .extend(pieces.into_iter().map(|piece| Line::Bytes(piece.to_vec())));
                    if overlong {
                        self.ready.push(Line::Overlong);
                    }
                }
                None if self.carry.len() > MAX_LINE => {
                    self.carry.clear();
                    self.overlong = true;
                }
                None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_backwards(path: &Path) -> Vec<String> {
        let mut reader = Backwards::open(path).unwrap();
        let mut out = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            match line {
                Line::Bytes(bytes) => out.push(String::from_utf8(bytes).unwrap()),
                Line::Overlong => out.push("<overlong>".into()),
            }
        }
        out
    }

    #[test]
    fn lines_come_last_first_across_chunk_borders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let lines: Vec<String> = (0..20_000).map(|i| format!("line {i}")).collect();
        fs::write(&path, lines.join("\n") + "\n").unwrap();
        let read = lines_backwards(&path);
        let expected: Vec<String> = std::iter::once(String::new())
            .chain(lines.iter().rev().cloned())
            .collect();
        assert_eq!(read, expected);
    }
}
