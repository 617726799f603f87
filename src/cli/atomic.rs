//! Atomic file writes: the bytes go to a temporary file in the target's directory, which
//! is then renamed over the target. A crash or a full disk leaves the old file (or none),
//! never a half-written one; the error names the file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file that could not be written.
#[derive(Debug)]
pub struct WriteError {
    /// The file meant.
    pub file: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write {}: {}", self.file.display(), self.source)
    }
}

impl std::error::Error for WriteError {}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_through(path, bytes, |f| Box::new(f))
}

/// Writes `bytes` to `path` atomically, through the writer `wrap` makes of the temporary
/// file (tests pass one that fails, as a full disk does). On any failure the temporary
/// file is removed and `path` is untouched.
pub fn write_through(
    path: &Path,
    bytes: &[u8],
    wrap: impl for<'f> FnOnce(&'f mut std::fs::File) -> Box<dyn Write + 'f>,
) -> Result<(), WriteError> {
    write_as(path, bytes, wrap, true)
}

/// Writes `bytes` to a new file `path` atomically, and only if `path` does not exist when
/// the file is linked into place (a file created meanwhile is not overwritten either): the
/// error is then of kind `AlreadyExists`.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_as(path, bytes, |f| Box::new(f), false)
}

fn write_as(
    path: &Path,
    bytes: &[u8],
    wrap: impl for<'f> FnOnce(&'f mut std::fs::File) -> Box<dyn Write + 'f>,
    replace: bool,
) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        file: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".rensa-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(fail)?;
    {
        let mut w = wrap(tmp.as_file_mut());
        w.write_all(bytes).map_err(fail)?;
        w.flush().map_err(fail)?;
    }
    // A report is for reading by others: the usual 0644, not a temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    if replace {
        tmp.persist(path).map_err(|e| fail(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| fail(e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that accepts `room` bytes, then fails as a full disk does.
    struct FullDisk<'a> {
        inner: &'a mut std::fs::File,
        room: usize,
    }

    impl Write for FullDisk<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "No space left on device",
                ));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.inner.write(&buf[..n])
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush()
        }
    }

    #[test]
    fn a_full_disk_leaves_no_partial_file_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("result.json");
        let err = write_through(&path, &[b'x'; 10_000], |f| {
            Box::new(FullDisk {
                inner: f,
                room: 100,
            })
        })
        .unwrap_err();
        assert!(err.to_string().contains("result.json"), "{err}");
        assert!(err.to_string().contains("No space left"), "{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write(&path, b"old").unwrap();
        let _ = write_through(&path, b"new and longer", |f| {
            Box::new(FullDisk { inner: f, room: 3 })
        });
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_directory_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/result.json");
        let err = write(&path, b"{}").unwrap_err();
        assert!(err.to_string().contains("no/such/dir/result.json"), "{err}");
    }

    #[test]
    fn write_new_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_new(&path, b"first").unwrap();
        let e = write_new(&path, b"second").unwrap_err();
        assert_eq!(e.source.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        // Only the file itself is left: no temporary file.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
