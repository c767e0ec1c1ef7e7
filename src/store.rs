//! The only code that writes to disk. Every write is atomic (temp file in the same
//! folder, fsync, rename, fsync of the folder) and every read-modify-write of the
//! progress file holds an exclusive lock on a separate `.lock` file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::progress::ProgressFile;

/// Progress files larger than this are refused unread (SPEC section 8): a year of
/// daily notes is a few hundred kilobytes.
pub const MAX_PROGRESS_BYTES: u64 = 16 * 1024 * 1024;

/// Read the progress file if there is one. Never creates anything.
pub fn read_progress(path: &Path) -> Result<ProgressFile> {
    refuse_a_folder(path)?;
    let target = resolve_target(path)?;
    match read_text(&target)? {
        Some(text) => ProgressFile::parse(path, text),
        None => Ok(ProgressFile::new_empty(path)),
    }
}

/// A progress file that is not a regular file or is too large is refused before
/// its lock file is made; [`read_text`] checks the opened file again.
fn refuse_before_locking(target: &Path) -> Result<()> {
    match fs::metadata(target) {
        Ok(meta) if !meta.is_file() => read_text(target).map(drop),
        Ok(meta) if meta.len() > MAX_PROGRESS_BYTES => read_text(target).map(drop),
        _ => Ok(()),
    }
}

/// A progress path that names a folder (`newdir/`, `.`, an existing folder) is
/// refused before anything is read, locked or created.
fn refuse_a_folder(path: &Path) -> Result<()> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let named = bytes.ends_with(b"/")
        || bytes.ends_with(b"/.")
        || bytes.ends_with(b"/..")
        || bytes == b"."
        || bytes == b"..";
    if !named && !path.is_dir() {
        return Ok(());
    }
    let example = path.join("progress.toml");
    let message = if path.is_dir() {
        format!(
            "the progress path `{}` is a folder, not a file",
            path.display()
        )
    } else {
        format!(
            "the progress path `{}` ends in `/`, so it names a folder, not a file",
            path.display()
        )
    };
    Err(Error::data_with_hint(
        message,
        format!(
            "pass `--progress FILE` with a file path, e.g. `{}`",
            example.display()
        ),
    ))
}

fn read_text(path: &Path) -> Result<Option<String>> {
    let bytes = match read_regular(path, MAX_PROGRESS_BYTES) {
        Ok(bytes) => bytes,
        Err(Refused::Missing) => return Ok(None),
        Err(Refused::Io(e)) => return Err(Error::io("read progress file", path, e)),
        Err(refused @ Refused::NotRegular(_)) if refused.is_folder() => {
            return Err(refuse_a_folder(path).err().unwrap_or_else(|| {
                Error::data(format!(
                    "the progress path `{}` is a folder, not a file",
                    path.display()
                ))
            }));
        }
        Err(refused) => {
            let message = refused
                .describe("the progress file", path, "16 MiB")
                .unwrap_or_default();
            return Err(Error::data_with_hint(
                message,
                "point `--progress` (or $ROADMAP_PROGRESS) at a regular progress file; nothing was written",
            ));
        }
    };
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
    /// A folder where a file was expected.
    pub fn is_folder(&self) -> bool {
        matches!(self, Refused::NotRegular(kind) if *kind == FOLDER)
    }

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

/// Open a file to read, but only a regular one of at most `limit` bytes. The file
/// is opened without waiting (`O_NONBLOCK`: a FIFO with no writer opens at once)
/// and the opened file itself is checked, so nothing can be swapped in between.
/// The answer reads at most `limit + 1` bytes, so a file that grows meanwhile can
/// be refused too.
fn open_regular(path: &Path, limit: u64) -> std::result::Result<(io::Take<File>, u64), Refused> {
    let mut options = OpenOptions::new();
    let file = match no_wait(options.read(true)).open(path) {
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
    Ok((file.take(limit.saturating_add(1)), meta.len()))
}

/// Read a whole file, but only a regular one of at most `limit` bytes (see
/// [`open_regular`]).
pub fn read_regular(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, Refused> {
    let (mut file, len) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(Refused::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge);
    }
    Ok(bytes)
}

/// The XXH64 of a regular file's bytes, read in pieces and never held whole; the
/// same refusals as [`read_regular`].
pub fn hash_regular(path: &Path, limit: u64) -> std::result::Result<u64, Refused> {
    let (mut file, _) = open_regular(path, limit)?;
    let mut hasher = crate::roadmap::cache::Xxh64::new();
    let mut piece = vec![0u8; 64 * 1024];
    let mut read = 0u64;
    loop {
        match file.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => {
                read += n as u64;
                hasher.update(&piece[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Refused::Io(e)),
        }
    }
    if read > limit {
        return Err(Refused::TooLarge);
    }
    Ok(hasher.finish())
}

const FOLDER: &str = "a folder";

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
        return FOLDER;
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
    update(paths, change, Freed::Yes)
}

/// [`update_progress`] for the last thing a command does before its process
/// ends: the file as read is left to the end of the process instead of being
/// freed record by record, which costs more than writing it did.
pub fn update_progress_and_end<T>(
    paths: &Paths,
    change: impl FnOnce(&mut ProgressFile) -> Result<T>,
) -> Result<(T, Outcome)> {
    update(paths, change, Freed::AtExit)
}

#[derive(Clone, Copy, PartialEq)]
enum Freed {
    Yes,
    AtExit,
}

fn update<T>(
    paths: &Paths,
    change: impl FnOnce(&mut ProgressFile) -> Result<T>,
    freed: Freed,
) -> Result<(T, Outcome)> {
    let path = &paths.progress;
    let target = progress_target(paths)?;
    refuse_before_locking(&target)?;
    let _lock = Lock::acquire(&Paths::lock_for(&target))?;
    remove_stale_temp_files(&target);

    let mut file = match read_text(&target)? {
        Some(text) => ProgressFile::parse(path, text)?,
        None => ProgressFile::new_empty(path),
    };
    let value = change(&mut file)?;
    let file: &ProgressFile = match freed {
        Freed::Yes => &file,
        Freed::AtExit => Box::leak(Box::new(file)),
    };
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
    refuse_a_folder(&paths.progress)?;
    let target = resolve_target(&paths.progress)?;
    refuse_a_folder(&target)?;
    ensure_parent(&target)?;
    Ok(target)
}

/// Take the progress lock, waiting for any other writer to finish.
pub fn lock_progress(paths: &Paths) -> Result<ProgressLock> {
    let target = progress_target(paths)?;
    Ok(ProgressLock {
        _lock: Lock::acquire(&Paths::lock_for(&target))?,
    })
}

/// SPEC section 1: the first write creates the progress file's folders, for the
/// default path and for `--progress`/`$ROADMAP_PROGRESS` alike.
fn ensure_parent(target: &Path) -> Result<()> {
    match target.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => create_folders(parent),
        None => Ok(()),
    }
}

/// `mkdir -p`, where each new folder takes the owner of the folder it was made
/// in when root makes it inside a user's folder (`sudo` with `HOME` kept), so the
/// user is not locked out of their own data.
pub fn create_folders(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut missing = Vec::new();
    let mut existing = None;
    for ancestor in dir.ancestors() {
        let ancestor = if ancestor.as_os_str().is_empty() {
            Path::new(".")
        } else {
            ancestor
        };
        match fs::metadata(ancestor) {
            Ok(meta) => {
                existing = Some(meta);
                break;
            }
            Err(_) => missing.push(ancestor.to_path_buf()),
        }
    }
    fs::create_dir_all(dir).map_err(|e| Error::io("create folder", dir, e))?;
    if let Some(owner) = existing {
        for folder in missing.iter().rev() {
            #[cfg(unix)]
            if let Some((uid, gid)) = fs::metadata(folder)
                .ok()
                .and_then(|made| folder_owner_for(&made, &owner))
            {
                let _ = std::os::unix::fs::chown(folder, Some(uid), Some(gid));
            }
        }
    }
    Ok(())
}

/// The owner and group to give a file or folder root has just made inside a
/// folder someone else owns: that folder's. Anyone else makes files as themselves.
#[cfg(unix)]
fn folder_owner_for(made: &fs::Metadata, folder: &fs::Metadata) -> Option<(u32, u32)> {
    use std::os::unix::fs::MetadataExt;
    let owner = (folder.uid(), folder.gid());
    (made.uid() == 0 && folder.uid() != 0 && (made.uid(), made.gid()) != owner).then_some(owner)
}

/// The folder a file is in, `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Open without waiting and without becoming the controlling terminal: a FIFO or
/// a device where a file should be is then found by its metadata, not waited on.
fn no_wait(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options
}

/// An exclusive lock on `progress.toml.lock`, released when dropped (or when the
/// process dies, so a stale lock file never blocks anyone).
struct Lock {
    _file: File,
}

impl Lock {
    fn acquire(path: &Path) -> Result<Lock> {
        let (file, created) = Lock::open(path)?;
        let meta = file
            .metadata()
            .map_err(|e| Error::io("read lock file", path, e))?;
        if !meta.is_file() {
            return Err(Error::data_with_hint(
                format!(
                    "the lock file `{}` is {}, not a regular file; nothing was written",
                    path.display(),
                    kind_of(&meta.file_type())
                ),
                format!(
                    "remove it (`rm {}`); the next write makes a new one",
                    path.display()
                ),
            ));
        }
        #[cfg(unix)]
        if created
            && let Some((uid, gid)) = fs::metadata(folder_of(path))
                .ok()
                .and_then(|folder| folder_owner_for(&meta, &folder))
        {
            let _ = std::os::unix::fs::fchown(&file, Some(uid), Some(gid));
        }
        #[cfg(not(unix))]
        let _ = created;
        file.lock().map_err(|e| Error::io("lock", path, e))?;
        Ok(Lock { _file: file })
    }

    /// The lock file, and whether this call made it.
    fn open(path: &Path) -> Result<(File, bool)> {
        let mut last = None;
        for _ in 0..3 {
            let mut options = OpenOptions::new();
            no_wait(options.read(true).write(true).create_new(true));
            match options.open(path) {
                Ok(file) => return Ok((file, true)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::io("create lock file", path, e)),
            }
            let mut options = OpenOptions::new();
            no_wait(options.read(true).write(true));
            match options.open(path) {
                Ok(file) => return Ok((file, false)),
                // Removed in between: make it again.
                Err(e) if e.kind() == io::ErrorKind::NotFound => last = Some(e),
                Err(e) => return Err(Error::io("open lock file", path, e)),
            }
        }
        Err(Error::io(
            "create lock file",
            path,
            last.unwrap_or_else(|| io::Error::from(io::ErrorKind::NotFound)),
        ))
    }
}

/// Replace `path` with `bytes` atomically: a temporary file in the same folder,
/// fsync, rename over the old file, fsync of the folder. The new file keeps the
/// old one's owner, group and mode (also when root writes a user's file); a new
/// file follows the umask, and one root makes in a user's folder is the user's.
/// On any failure the old file is untouched and the temp file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes, passed to the temporary file as it
/// is made (through a buffer): a large export is never held whole.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let dir = folder_of(path);
    let existing = fs::metadata(path).ok().filter(|m| m.is_file());
    let prefix = temp_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() {
        // Made with 0666 and the umask applied by the kernel, as `touch` would.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a temporary file in", dir, e))?;
    let write = |temp: &mut tempfile::NamedTempFile| -> io::Result<()> {
        let mut buffered = io::BufWriter::with_capacity(64 * 1024, temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
        drop(buffered);
        match &existing {
            Some(old) => keep_owner_and_mode(temp.as_file(), old)?,
            None => {
                #[cfg(unix)]
                if let Some((uid, gid)) = fs::metadata(dir)
                    .ok()
                    .zip(temp.as_file().metadata().ok())
                    .and_then(|(folder, made)| folder_owner_for(&made, &folder))
                {
                    let _ = std::os::unix::fs::fchown(temp.as_file(), Some(uid), Some(gid));
                }
            }
        }
        temp.as_file().sync_all()
    };
    write(&mut temp).map_err(|e| Error::io("write", path, e))?;
    temp.persist(path)
        .map_err(|e| Error::io("replace", path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Give the temporary file the owner, group and mode of the file it replaces.
/// Only root may give a file away; anyone may keep a group they are in. The mode
/// is set last, as a change of owner clears the set-id bits.
#[cfg(unix)]
fn keep_owner_and_mode(temp: &File, old: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let made = temp.metadata()?;
    if (made.uid(), made.gid()) != (old.uid(), old.gid())
        && std::os::unix::fs::fchown(temp, Some(old.uid()), Some(old.gid())).is_err()
    {
        let _ = std::os::unix::fs::fchown(temp, None, Some(old.gid()));
    }
    temp.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))
}

#[cfg(not(unix))]
fn keep_owner_and_mode(temp: &File, old: &fs::Metadata) -> io::Result<()> {
    temp.set_permissions(old.permissions())
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
    let dir = folder_of(target);
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

/// Write a file the user named (an export). A regular file (or a new one) is
/// replaced atomically; anything else (a device, a FIFO, `/dev/stdout` or another
/// of the process's own descriptors) is written into, never replaced, so
/// `-o /dev/null` leaves the device and `-o /dev/stdout >> f` appends to `f`.
/// `-` is not a path here.
pub fn write_output_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_output_file_with(path, |out| out.write_all(bytes))
}

/// [`write_output_file`] of what `write` writes, as it writes it.
pub fn write_output_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    if path.is_dir() {
        return Err(Error::data(format!(
            "`{}` is a folder; name a file to write",
            path.display()
        )));
    }
    let special = fs::metadata(path).is_ok_and(|m| !m.is_file());
    if special || names_a_descriptor(path) {
        return write_into(path, write);
    }
    let target = resolve_target(path)?;
    write_atomic_with(&target, write)
}

/// Write into what is there, as a shell's `>>` would.
fn write_into(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let file = OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| Error::io("open", path, e))?;
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, file);
    write(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(|e| Error::io("write", path, e))
}

/// `/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`, or a link to one: a file the
/// process already has open, which a caller means to write into.
fn names_a_descriptor(path: &Path) -> bool {
    let mut path = path.to_path_buf();
    for _ in 0..16 {
        let text = path.to_string_lossy();
        let fd_of_a_process = text
            .strip_prefix("/proc/")
            .and_then(|rest| rest.split_once("/fd/"))
            .is_some_and(|(pid, _)| {
                pid == "self" || pid == "thread-self" || pid.bytes().all(|b| b.is_ascii_digit())
            });
        if text.starts_with("/dev/fd/") || fd_of_a_process {
            return true;
        }
        match fs::read_link(&path) {
            Ok(next) => path = folder_of(&path).join(next),
            Err(_) => return false,
        }
    }
    false
}

/// Write a file that must not exist yet (a new roadmap), creating its folders.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_folders(parent)?;
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
        && create_folders(parent).is_ok()
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
            progress_origin: crate::paths::Origin::Flag,
            user_roadmaps: None,
        }
    }

    #[test]
    fn a_file_hashed_as_read_hashes_as_its_bytes_and_is_refused_alike() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.yaml");
        // Longer than one piece read, and not a multiple of it.
        let text: Vec<u8> = (0..200_003u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &text).unwrap();
        let whole = read_regular(&path, 1 << 20).unwrap();
        assert_eq!(
            hash_regular(&path, 1 << 20).unwrap(),
            crate::roadmap::cache::xxh64(&whole)
        );
        assert!(matches!(hash_regular(&path, 1000), Err(Refused::TooLarge)));
        assert!(matches!(read_regular(&path, 1000), Err(Refused::TooLarge)));
        assert!(matches!(
            hash_regular(dir.path(), 1 << 20),
            Err(Refused::NotRegular(FOLDER))
        ));
        assert!(matches!(
            hash_regular(&dir.path().join("none"), 1 << 20),
            Err(Refused::Missing)
        ));
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
