//! Files and folders: which files a folder delivers, whether a file is read as a zip, and
//! whether a file stayed the same while it was read ([`Stamp`]).

use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The extensions CBS reads (§4.1.1), lower case.
pub const CHECKED_EXTENSIONS: [&str; 2] = ["csv", "txt"];

/// The first bytes of a zip archive's first member, and of an empty archive.
pub const ZIP_MAGIC: &[u8; 4] = b"PK\x03\x04";
pub const EMPTY_ZIP_MAGIC: &[u8; 4] = b"PK\x05\x06";
pub const GZIP_MAGIC: &[u8; 2] = b"\x1f\x8b";

/// The extension of a file name, lower case, as Python's `os.path.splitext` finds it: after
/// the last dot that has something other than dots before it (`.csv` has none).
pub fn extension(name: &[u8]) -> Option<String> {
    let dot = name.iter().rposition(|b| *b == b'.')?;
    if name[..dot].iter().all(|b| *b == b'.') {
        return None;
    }
    Some(String::from_utf8_lossy(&name[dot + 1..]).to_lowercase())
}

fn name_bytes(name: &OsStr) -> Vec<u8> {
    name.as_encoded_bytes().to_vec()
}

/// The files a folder delivers: its `.csv`, `.txt` and `.zip` files (extension in any case),
/// not hidden, not in subfolders, sorted by name (by their bytes: for UTF-8 names the order
/// of their characters).
pub fn folder_files(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name();
        let bytes = name_bytes(&name);
        if bytes.starts_with(b".") {
            continue;
        }
        let delivered = extension(&bytes)
            .is_some_and(|ext| CHECKED_EXTENSIONS.contains(&ext.as_str()) || ext == "zip");
        // A symbolic link counts as what it points to; a folder, FIFO or device is no file.
        if delivered && fs::metadata(entry.path()).is_ok_and(|m| m.is_file()) {
            names.push((bytes, entry.path()));
        }
    }
    names.sort();
    Ok(names.into_iter().map(|(_, path)| path).collect())
}

/// The error of a path that is neither a folder nor a regular file (a FIFO, a device, a
/// socket): opening a FIFO waits for a writer and a device may never end, so it is refused
/// before it is opened.
pub fn not_a_regular_file() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

/// Whether a file is read as a zip archive: its name ends in `.zip` (any case), or it starts
/// with the zip magic and its name does not end in `.csv`/`.txt` (such a file is checked as
/// a file, and the check says it is no text, S002, as CBS would refuse it).
pub fn is_zip(path: &Path, head: &[u8]) -> bool {
    let ext = path
        .file_name()
        .and_then(|n| extension(n.as_encoded_bytes()));
    match ext.as_deref() {
        Some("zip") => true,
        Some("csv" | "txt") => false,
        _ => head.starts_with(ZIP_MAGIC),
    }
}

/// The first `n` bytes of a file (fewer if it is shorter).
pub fn head(path: &Path, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    File::open(path)?.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// What identifies a version of a file: device and inode, size and modification time.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    device: u64,
    inode: u64,
    pub size: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Stamp {
            device,
            inode,
            size: meta.len(),
            modified: meta.modified().ok(),
        }
    }

    pub fn of_path(path: &Path) -> io::Result<Stamp> {
        Ok(Stamp::of(&fs::metadata(path)?))
    }

    /// `Err` (a [`FileChanged`]) unless `path` is still this version of the file, and the
    /// check that read it read all of it (`read` bytes, when given).
    pub fn unchanged(&self, path: &Path, shown: &str, read: Option<u64>) -> io::Result<()> {
        let after = match fs::metadata(path) {
            Ok(meta) => Stamp::of(&meta),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(FileChanged::error(shown, Change::Removed))
            }
            Err(e) => return Err(e),
        };
        self.unchanged_as(&after, shown, read)
    }

    /// [`Stamp::unchanged`], given the file's stamp now.
    pub fn unchanged_as(&self, after: &Stamp, shown: &str, read: Option<u64>) -> io::Result<()> {
        let change = if (after.device, after.inode) != (self.device, self.inode) {
            Change::Replaced
        } else if after.size > self.size || read.is_some_and(|n| n > self.size) {
            Change::Grown
        } else if after.size < self.size || read.is_some_and(|n| n < self.size) {
            Change::Shrunk
        } else if after.modified != self.modified {
            Change::Modified
        } else {
            return Ok(());
        };
        Err(FileChanged::error(shown, change))
    }
}

/// How a file changed while it was read.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Removed,
    Replaced,
    Grown,
    Shrunk,
    Modified,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Removed => "removed",
            Change::Replaced => "replaced",
            Change::Grown => "grown",
            Change::Shrunk => "shrunk",
            Change::Modified => "modified",
        }
    }
}

/// A file that changed while it was checked: an I/O error, not a finding (a result would
/// describe no version of the file). Travels inside `io::Error` ([`FileChanged::of_error`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChanged {
    pub path: String,
    pub change: Change,
}

impl FileChanged {
    fn error(path: &str, change: Change) -> io::Error {
        io::Error::other(FileChanged {
            path: path.to_string(),
            change,
        })
    }

    pub fn of_error(err: &io::Error) -> Option<&FileChanged> {
        err.get_ref()
            .and_then(|inner| inner.downcast_ref::<FileChanged>())
    }
}

impl fmt::Display for FileChanged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} changed while it was checked ({})",
            self.path,
            self.change.as_str()
        )
    }
}

impl std::error::Error for FileChanged {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_as_python_splits_them() {
        for (name, ext) in [
            (&b"a.CSV"[..], Some("csv")),
            (b"a.b.Txt", Some("txt")),
            (b".csv", None),
            (b"..csv", None),
            (b"x", None),
            (b"x.", Some("")),
            (b"a\xfa.zip", Some("zip")),
        ] {
            assert_eq!(extension(name).as_deref(), ext, "{name:?}");
        }
    }

    #[test]
    fn zips_by_name_or_magic() {
        let zip = b"PK\x03\x04rest";
        assert!(is_zip(Path::new("a.ZIP"), b"plain"));
        assert!(is_zip(Path::new("levering"), zip));
        assert!(!is_zip(Path::new("WMO_H22025_x.csv"), zip));
        assert!(!is_zip(Path::new("levering"), b"a;b"));
    }
}
