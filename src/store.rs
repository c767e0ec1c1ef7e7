//! The only code that writes to disk. Every write is atomic (temp file in the same
//! folder, fsync, rename, fsync of the folder) and every read-modify-write of the
//! progress file holds an exclusive lock on a separate `.lock` file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::paths::{Origin, Paths};
use crate::progress::ProgressFile;

/// Read the progress file if there is one. Never creates anything.
pub fn read_progress(path: &Path) -> Result<ProgressFile> {
    let target = resolve_target(path)?;
    match read_text(&target)? {
        Some(text) => ProgressFile::parse(path, text),
        None => Ok(ProgressFile::new_empty(path)),
    }
}

fn read_text(path: &Path) -> Result<Option<String>> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read progress file", path, e)),
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Error::data_with_hint(
            format!(
                "the progress path `{}` is a folder, not a file",
                path.display()
            ),
            "pass `--progress FILE` with a file path, e.g. `.../progress.toml`",
        ));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io("read progress file", path, e))?;
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let (line, column) = crate::error::line_col(e.as_bytes(), e.utf8_error().valid_up_to());
        Error::CorruptProgress {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: "the progress file is not valid UTF-8 text".into(),
            hint: Some("fix that line by hand; nothing was written".into()),
        }
    })
}

/// Why [`read_regular`] read nothing.
#[derive(Debug)]
pub enum Refused {
    /// There is no such file.
    Missing,
    /// A folder, a FIFO, a device or a socket: not read, and not waited on.
    NotRegular(&'static str),
    /// Larger than the limit; not read.
    TooLarge,
    /// Any other failure to open or read.
    Io(io::Error),
}

impl Refused {
    /// The sentence for a file that is not a regular file or is too large, naming it
    /// as `what` (e.g. "the progress file"); `None` for a missing file or an I/O error.
    pub fn describe(&self, what: &str, path: &Path, limit: &str) -> Option<String> {
        match self {
            Refused::NotRegular(kind) => Some(format!(
                "{what} `{}` is {kind}, not a regular file; nothing was read",
                path.display()
            )),
            Refused::TooLarge => Some(format!(
                "{what} `{}` is larger than {limit}; nothing was read",
                path.display()
            )),
            Refused::Missing | Refused::Io(_) => None,
        }
    }
}

/// Read a whole file, but only a regular one of at most `limit` bytes. The file is
/// opened without waiting (`O_NONBLOCK`: a FIFO with no writer opens at once) and
/// the opened file itself is checked, so nothing can be swapped in between; then at
/// most `limit + 1` bytes are read, so a file that grows meanwhile is refused too.
pub fn read_regular(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, Refused> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(Refused::Io(e)),
    };
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(kind_of(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge);
    }
    Ok(bytes)
}

/// "a FIFO", "a character device", ...: what a file that is not a regular file is.
fn kind_of(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        return "a folder";
    }
    "a special file"
}

/// A progress path that is a symlink (say, into a dotfiles repo) is written
/// through: the target changes, the link stays. A dangling link is an error.
fn resolve_target(path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => Ok(target),
            Err(_) => Err(Error::data_with_hint(
                format!(
                    "the progress file `{}` is a symbolic link to `{}`, which does not exist",
                    path.display(),
                    fs::read_link(path).unwrap_or_default().display()
                ),
                "create the target file's folder, or point the link somewhere that exists",
            )),
        },
        _ => Ok(path.to_path_buf()),
    }
}

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Written,
    Unchanged,
}

/// Read-modify-write the progress file under the lock. `change` edits the parsed
/// file; nothing is written when the text comes out the same, or when `change`
/// fails (a command given several items writes all of them or none).
pub fn update_progress<T>(
    paths: &Paths,
    change: impl FnOnce(&mut ProgressFile) -> Result<T>,
) -> Result<(T, Outcome)> {
    let path = &paths.progress;
    let target = resolve_target(path)?;
    ensure_parent(&target, paths.progress_origin)?;
    let _lock = Lock::acquire(&Paths::lock_for(&target))?;
    remove_stale_temp_files(&target);

    let mut file = match read_text(&target)? {
        Some(text) => ProgressFile::parse(path, text)?,
        None => ProgressFile::new_empty(path),
    };
    let value = change(&mut file)?;
    let text = file.text();
    let unchanged = match &file.original {
        Some(original) => *original == text,
        None => {
            file.progress.roadmaps.is_empty()
                && file.progress.active.is_none()
                && file.progress.profiles.is_empty()
        }
    };
    if unchanged {
        return Ok((value, Outcome::Unchanged));
    }
    write_atomic(&target, text.as_bytes())?;
    Ok((value, Outcome::Written))
}

/// The progress lock, held while something other than [`update_progress`] rewrites
/// the file (git, during `roadmap sync`), so a `roadmap done` at the same moment
/// waits and then reads the new file rather than being overwritten by it.
pub struct ProgressLock {
    _lock: Lock,
}

/// Where the progress file really is (a symbolic link resolved), with its folder
/// created as the first write would create it.
pub fn progress_target(paths: &Paths) -> Result<PathBuf> {
    let target = resolve_target(&paths.progress)?;
    ensure_parent(&target, paths.progress_origin)?;
    Ok(target)
}

/// Take the progress lock, waiting for any other writer to finish.
pub fn lock_progress(paths: &Paths) -> Result<ProgressLock> {
    let target = progress_target(paths)?;
    Ok(ProgressLock {
        _lock: Lock::acquire(&Paths::lock_for(&target))?,
    })
}

/// SPEC section 1: the first write creates the default folders. A path the user
/// chose must have its folder already, so a typo does not scatter folders.
fn ensure_parent(target: &Path, origin: Origin) -> Result<()> {
    let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    if parent.is_dir() {
        return Ok(());
    }
    if origin == Origin::Default {
        return fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e));
    }
    Err(Error::data_with_hint(
        format!(
            "the folder `{}` for the progress file does not exist",
            parent.display()
        ),
        format!(
            "create it first (`mkdir -p {}`), or choose another path",
            parent.display()
        ),
    ))
}

/// An exclusive lock on `progress.toml.lock`, released when dropped (or when the
/// process dies, so a stale lock file never blocks anyone).
struct Lock {
    _file: File,
}

impl Lock {
    fn acquire(path: &Path) -> Result<Lock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| Error::io("create lock file", path, e))?;
        file.lock().map_err(|e| Error::io("lock", path, e))?;
        Ok(Lock { _file: file })
    }
}

/// Replace `path` with `bytes` atomically: a temporary file in the same folder,
/// fsync, rename over the old file, fsync of the folder. Keeps the old file's
/// permissions. On any failure the old file is untouched and the temp file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a temporary file in", dir, e))?;
    let write = |temp: &mut tempfile::NamedTempFile| -> io::Result<()> {
        temp.write_all(bytes)?;
        temp.flush()?;
        let permissions = match fs::metadata(path) {
            Ok(meta) => meta.permissions(),
            Err(_) => default_permissions(temp.as_file())?,
        };
        temp.as_file().set_permissions(permissions)?;
        temp.as_file().sync_all()
    };
    write(&mut temp).map_err(|e| Error::io("write", path, e))?;
    temp.persist(path)
        .map_err(|e| Error::io("replace", path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// A new file is readable by others, as files an editor creates are.
#[cfg(unix)]
fn default_permissions(_temp: &File) -> io::Result<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(temp: &File) -> io::Result<fs::Permissions> {
    temp.metadata().map(|m| m.permissions())
}

/// Temporary files are named after their target (`.progress.toml.XXXXXX.tmp`),
/// so the ones a killed writer left behind can be found.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Under the lock no other writer of this file is running, so any temporary file
/// for it is left over from a process that was killed mid-write.
fn remove_stale_temp_files(target: &Path) {
    let prefix = temp_prefix(target);
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") && name.len() > prefix.len() + 4 {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Make the rename durable. Not every platform can open a folder; the rename
/// itself is already atomic there.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Write a new file the user named (an export), atomically. `-` is not a path here.
pub fn write_output_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.is_dir() {
        return Err(Error::data(format!(
            "`{}` is a folder; name a file to write",
            path.display()
        )));
    }
    let target = resolve_target(path)?;
    write_atomic(&target, bytes)
}

/// Write a file that must not exist yet (a new roadmap), creating its folders.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
    }
    if fs::symlink_metadata(path).is_ok() {
        return Err(Error::usage_with_hint(
            format!("`{}` already exists", path.display()),
            "choose another id, or edit that file",
        ));
    }
    write_atomic(path, bytes)
}

/// Write a cache entry atomically, creating its folders. Errors are ignored:
/// the cache is an optimisation, and a read-only or full disk must not fail a command.
pub fn write_cache(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent()
        && fs::create_dir_all(parent).is_ok()
    {
        let _ = write_atomic(path, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(dir: &Path) -> Paths {
        Paths {
            progress: dir.join("progress.toml"),
            progress_origin: Origin::Flag,
            user_roadmaps: None,
        }
    }

    #[test]
    fn nothing_is_written_when_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        let ((), outcome) = update_progress(&p, |_| Ok(())).unwrap();
        assert_eq!(outcome, Outcome::Unchanged);
        assert!(!p.progress.exists());
    }

    #[test]
    fn write_then_read_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        let ((), outcome) = update_progress(&p, |f| {
            f.set_active("ai-engineer");
            Ok(())
        })
        .unwrap();
        assert_eq!(outcome, Outcome::Written);
        let file = read_progress(&p.progress).unwrap();
        assert_eq!(file.progress.active.as_deref(), Some("ai-engineer"));
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_failed_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        fs::write(&p.progress, "format = 1\n").unwrap();
        let result: Result<((), Outcome)> = update_progress(&p, |f| {
            f.set_active("x");
            Err(Error::usage("no"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&p.progress).unwrap(), "format = 1\n");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        fs::write(&real, "format = 1\n").unwrap();
        let link = dir.path().join("progress.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let p = paths(dir.path());
        update_progress(&p, |f| {
            f.set_active("x");
            Ok(())
        })
        .unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            fs::read_to_string(&real)
                .unwrap()
                .contains("roadmap = \"x\"")
        );
    }
}
