//! The one writer behind every `--out`: what a path names decides how it is written.
//!
//! * **A regular file or a new name**: the bytes go to a temporary file in the same
//!   directory, which is synced and renamed over the name. A crash, a full disk or a
//!   stopped process leaves the old file (or none), never a half-written one. A replaced
//!   file keeps its permissions; a new one is made `0644`.
//! * **A symbolic link** is followed: the file it points to (at the end of the chain) is
//!   replaced as above, in *its* directory, and the link stays a link. A link to nowhere
//!   makes the file it names.
//! * **Standard output** (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`) is written to
//!   the process's own handle, so a shell's `>` and `>>` keep their meaning.
//! * **A FIFO or a character device** (a terminal, `/dev/null`, `/dev/full`) is opened
//!   and written through; it is never replaced. A write it refuses (`/dev/full`) is an
//!   error naming it.
//! * **A directory, a block device or a socket** is refused before anything is written
//!   ([`WriteError::is_refused`]: bad input, exit status 2).
//!
//! Every error names the file meant.

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

impl WriteError {
    fn new(file: &Path, source: std::io::Error) -> WriteError {
        WriteError {
            file: file.to_path_buf(),
            source,
        }
    }

    /// True when the path names something `--out` never writes (a directory, a block
    /// device, a socket): the user's mistake, not a failure of the run.
    pub fn is_refused(&self) -> bool {
        self.source.kind() == std::io::ErrorKind::InvalidInput
    }
}

/// Where the bytes for a path go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    /// A regular file or a new name (symbolic links resolved): written beside it and
    /// renamed over it.
    Replace(PathBuf),
    /// The process's standard output.
    Stdout,
    /// A FIFO or a character device, written through.
    Through(PathBuf),
}

impl Dest {
    /// True for a destination that is written in place and cannot be replaced, read back
    /// or have a file made beside it (standard output, a FIFO, a device).
    pub fn is_stream(&self) -> bool {
        !matches!(self, Dest::Replace(_))
    }
}

/// The names of the process's standard output.
fn is_stdout_name(path: &Path) -> bool {
    ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|n| path == Path::new(n))
}

/// The end of `path`'s chain of symbolic links (`path` itself when it is none, or does
/// not exist).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // Linux's own limit on a chain (ELOOP past it).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// What `path` names and so how it is written (the rules of the module's doc).
pub fn dest(path: &Path) -> Result<Dest, WriteError> {
    if is_stdout_name(path) {
        return Ok(Dest::Stdout);
    }
    let refuse = |what: &str| {
        WriteError::new(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("it is {what}; --out takes a regular file or a new name"),
            ),
        )
    };
    // `metadata` follows links, the kernel's magic ones of /proc and /dev/fd included.
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(WriteError::new(path, e)),
        Ok(m) => {
            let t = m.file_type();
            if t.is_dir() {
                return Err(refuse("a directory"));
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                if t.is_fifo() || t.is_char_device() {
                    return Ok(Dest::Through(path.to_path_buf()));
                }
                if t.is_block_device() {
                    return Err(refuse("a block device"));
                }
                if t.is_socket() {
                    return Err(refuse("a socket"));
                }
            }
            if !t.is_file() {
                return Err(refuse("not a regular file"));
            }
        }
    }
    resolve(path)
        .map(Dest::Replace)
        .map_err(|e| WriteError::new(path, e))
}

/// Writes `bytes` to `path` by the rules of the module's doc.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_with(path, |w| w.write_all(bytes))
}

/// Writes what `f` writes to `path` by the rules of the module's doc, through a buffer;
/// for a file, nothing is in place until `f` returned and every byte reached the disk.
pub fn write_with(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    write_wrapped(path, f, |file| Box::new(file))
}

/// [`write_with`] through the writer `wrap` makes of the file opened (tests pass one that
/// fails as a full disk does). On any failure a temporary file is removed and a replaced
/// file is untouched.
pub fn write_wrapped(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    wrap: impl for<'f> FnOnce(&'f mut std::fs::File) -> Box<dyn Write + 'f>,
) -> Result<(), WriteError> {
    match dest(path)? {
        Dest::Stdout => {
            let out = std::io::stdout();
            let mut w = std::io::BufWriter::new(out.lock());
            f(&mut w)
                .and_then(|()| w.flush())
                .map_err(|e| WriteError::new(path, e))
        }
        Dest::Through(p) => {
            let fail = |e| WriteError::new(&p, e);
            // No create, no truncate: a FIFO or a device is written as it is.
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .map_err(fail)?;
            let mut w = std::io::BufWriter::new(wrap(&mut file));
            f(&mut w).and_then(|()| w.flush()).map_err(fail)
        }
        Dest::Replace(p) => replace(&p, f, wrap, true),
    }
}

/// Writes `bytes` to a new file `path` atomically, and only if nothing is at `path` when
/// the file is linked into place (not even a link): else the error is of kind
/// `AlreadyExists`.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::new(
            path,
            std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        ));
    }
    replace(path, |w| w.write_all(bytes), |file| Box::new(file), false)
}

fn replace(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    wrap: impl for<'f> FnOnce(&'f mut std::fs::File) -> Box<dyn Write + 'f>,
    overwrite: bool,
) -> Result<(), WriteError> {
    let fail = |e| WriteError::new(path, e);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A replaced file keeps its permissions; a new one is for others to read, as usual:
    // 0644, not a temporary file's 0600.
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        let old = std::fs::metadata(path).ok().filter(|m| m.is_file());
        std::fs::Permissions::from_mode(old.map_or(0o644, |m| m.permissions().mode() & 0o7777))
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".rensa-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(fail)?;
    {
        let mut w = std::io::BufWriter::new(wrap(tmp.as_file_mut()));
        f(&mut w).and_then(|()| w.flush()).map_err(fail)?;
    }
    #[cfg(unix)]
    tmp.as_file().set_permissions(mode).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    if overwrite {
        tmp.persist(path).map_err(|e| fail(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| fail(e.error))?;
    }
    // The rename itself reaches the disk with the directory (where the file system can
    // sync a directory at all).
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
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

    fn full(room: usize) -> impl for<'f> FnOnce(&'f mut std::fs::File) -> Box<dyn Write + 'f> {
        move |f| Box::new(FullDisk { inner: f, room })
    }

    #[test]
    fn a_full_disk_leaves_no_partial_file_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("result.json");
        let err = write_wrapped(&path, |w| w.write_all(&[b'x'; 10_000]), full(100)).unwrap_err();
        assert!(err.to_string().contains("result.json"), "{err}");
        assert!(err.to_string().contains("No space left"), "{err}");
        assert!(!err.is_refused());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write(&path, b"old").unwrap();
        let _ = write_wrapped(&path, |w| w.write_all(b"new and longer"), full(3));
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
    fn write_new_never_replaces_a_file_or_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_new(&path, b"first").unwrap();
        let e = write_new(&path, b"second").unwrap_err();
        assert_eq!(e.source.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        // Only the file itself is left: no temporary file.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            let link = dir.path().join("dangling.ron");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
            let e = write_new(&link, b"x").unwrap_err();
            assert_eq!(e.source.kind(), std::io::ErrorKind::AlreadyExists);
            assert!(!dir.path().join("nowhere").exists());
        }
    }

    #[test]
    fn a_replaced_file_keeps_its_permissions_and_a_new_one_is_0644() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("r.csv");
            write(&path, b"1").unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o644);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            write(&path, b"2").unwrap();
            assert_eq!(mode(&path), 0o600);
            assert_eq!(std::fs::read(&path).unwrap(), b"2");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("scratch");
        std::fs::create_dir(&real_dir).unwrap();
        let real = real_dir.join("result.csv");
        std::fs::write(&real, b"old").unwrap();
        let link = dir.path().join("result.csv");
        // A relative link, resolved against its own directory.
        std::os::unix::fs::symlink("scratch/result.csv", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        // The temporary file was made beside the target: nothing else is left anywhere.
        assert_eq!(std::fs::read_dir(&real_dir).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // A dangling link makes the file it names.
        let dangling = dir.path().join("new.csv");
        std::os::unix::fs::symlink(real_dir.join("made.csv"), &dangling).unwrap();
        write(&dangling, b"made").unwrap();
        assert_eq!(std::fs::read(real_dir.join("made.csv")).unwrap(), b"made");
        // A loop is an error naming the link, not a hang.
        let a = dir.path().join("loop-a");
        std::os::unix::fs::symlink("loop-b", &a).unwrap();
        std::os::unix::fs::symlink("loop-a", dir.path().join("loop-b")).unwrap();
        let e = write(&a, b"x").unwrap_err();
        assert!(e.to_string().contains("loop-a"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_through_and_never_replaced() {
        assert_eq!(
            dest(Path::new("/dev/null")).unwrap(),
            Dest::Through("/dev/null".into())
        );
        write(Path::new("/dev/null"), b"gone").unwrap();
        assert!(
            std::fs::metadata("/dev/null")
                .map(|m| {
                    use std::os::unix::fs::FileTypeExt;
                    m.file_type().is_char_device()
                })
                .unwrap()
        );
        assert_eq!(dest(Path::new("/dev/stdout")).unwrap(), Dest::Stdout);
        assert!(Dest::Stdout.is_stream());
        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), b"x").unwrap_err();
        assert!(e.is_refused(), "{e}");
        assert!(e.to_string().contains("a directory"), "{e}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_that_refuses_the_bytes_is_named() {
        // /dev/full accepts opening and fails every write with ENOSPC.
        let e = write(Path::new("/dev/full"), b"x").unwrap_err();
        assert!(e.to_string().contains("/dev/full"), "{e}");
        assert_eq!(e.source.kind(), std::io::ErrorKind::StorageFull);
    }
}
