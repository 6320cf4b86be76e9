//! Zip archives, read by their central directory (APPNOTE 6.3.10), every member by its
//! index: two members with the same name are two members. The directory is read once per
//! archive ([`Archive::open`]); each member is then read on its own handle
//! ([`Archive::member_reader`]), inflated as it is read, guarded against zip bombs, and its
//! CRC-32 compared at its end.
//!
//! Our own reader and not the `zip` crate's: that one keys its members by name, so the
//! second of two members with the same name replaces the first (a delivery must see both).
//! Deflate: a member of up to [`WHOLE_MAX_BYTES`] is unpacked whole by libdeflate (twice the
//! speed of zlib-rs, BENCHMARKS.md "Reading a delivery"), within a memory budget shared by
//! all threads ([`WHOLE_BYTES`]); a larger one, or one that does not fit the budget at that
//! moment, is inflated as it is read by zlib-rs through flate2, which streams (libdeflate
//! does not). BZIP2 by libbz2-rs and LZMA by lzma-rust2, both pure Rust, as Python's
//! `zipfile` reads them. Any other method is `unsupported-compression`, and so is an LZMA
//! member whose dictionary (up to its declared size) passes [`MAX_LZMA_DICTIONARY`]: the
//! dictionary is held in memory whole (7-Zip's largest preset uses 64 MiB).
//!
//! Names: with the UTF-8 flag (bit 11) a name is UTF-8 (invalid bytes shown as U+FFFD);
//! without it, CP437, as the zip specification says and Python's `zipfile` decodes it, so
//! names read the same as before. The raw bytes are kept ([`Member::raw_name`]). A name ends
//! at its first NUL, as in `zipfile`.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::files::{self, Stamp, EMPTY_ZIP_MAGIC, ZIP_MAGIC};
use super::problem::{Problem, ProblemKind};
use crate::stop::Stop;

const GIB: u64 = 1 << 30;

/// Limits against zip bombs; sizes are bytes unpacked.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct ZipLimits {
    pub max_member_bytes: u64,
    pub max_total_bytes: u64,
    pub max_ratio: f64,
    pub max_members: usize,
}

impl Default for ZipLimits {
    fn default() -> ZipLimits {
        ZipLimits {
            max_member_bytes: 2 * GIB,
            max_total_bytes: 8 * GIB,
            max_ratio: 200.0,
            max_members: 2000,
        }
    }
}

/// The LZMA dictionary a member may ask for: a larger one would be held in memory whole.
pub const MAX_LZMA_DICTIONARY: u32 = 64 << 20;

/// The compression methods read (APPNOTE 4.4.5).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Method {
    Stored,
    Deflate,
    Bzip2,
    Lzma,
}

impl Method {
    pub fn of(number: u16) -> Option<Method> {
        match number {
            0 => Some(Method::Stored),
            8 => Some(Method::Deflate),
            12 => Some(Method::Bzip2),
            14 => Some(Method::Lzma),
            _ => None,
        }
    }
}

/// One entry of the central directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its place in the central directory (folders counted).
    pub index: usize,
    /// The name as shown: decoded (see the module's doc), up to its first NUL.
    pub name: String,
    /// The name's bytes as stored.
    pub raw_name: Vec<u8>,
    pub flags: u16,
    pub method: u16,
    pub crc32: u32,
    pub compressed_size: u64,
    /// The size declared unpacked (it may lie: the reader does not trust it).
    pub size: u64,
    /// Where its local header starts in the file.
    pub header_offset: u64,
    pub external_attr: u32,
    /// Kept to be written again as they were (`fix` of a zip): the system and version that
    /// made it (the meaning of `external_attr`), its time and date (MS-DOS), its comment.
    pub made_by: u16,
    pub time: u16,
    pub date: u16,
    pub comment: Vec<u8>,
}

impl Member {
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/')
    }

    pub fn is_encrypted(&self) -> bool {
        self.flags & 0x1 != 0
    }

    /// A Unix symbolic link (its mode in the high bits of the external attributes).
    pub fn is_symlink(&self) -> bool {
        (self.external_attr >> 16) & 0o170_000 == 0o120_000
    }

    /// The file name without its folders.
    pub fn base_name(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
}

/// Decodes a name as the module's doc says, as it is shown ([`shown_name`]).
pub fn decode_name(raw: &[u8], utf8: bool) -> String {
    let raw = raw.split(|b| *b == 0).next().unwrap_or(raw);
    if let Ok(text) = std::str::from_utf8(raw) {
        return shown_name(text); // many tools write UTF-8 without the flag
    }
    if utf8 {
        return shown_name(&String::from_utf8_lossy(raw));
    }
    let text: String = raw
        .iter()
        .map(|&b| {
            if b < 0x80 {
                b as char
            } else {
                CP437_HIGH[usize::from(b - 0x80)]
            }
        })
        .collect();
    shown_name(&text)
}

/// A name as it can be shown: a control character as its picture (`␛` for ESC, `␀` for
/// NUL, `␡` for DEL; U+FFFD for the C1 controls, which have none), so that a name never
/// drives a terminal and gains no `/` or `\\`. The Python layer shows paths by it too.
pub fn shown_name(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match u32::from(c) {
            code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
            0x7f => '\u{2421}',
            0x80..=0x9f => '\u{fffd}',
            _ => c,
        })
        .collect()
}

/// The number that tells apart inputs shown under one name: `levering.zip/a.csv (2)`. It
/// follows the name, after its extension, so that no real member name (which ends in `.csv`
/// or `.txt`) can look like it, and it speaks no language.
pub fn numbered(name: &str, occurrence: usize) -> String {
    format!("{name} ({occurrence})")
}

/// How the members of the archive shown as `archive` are shown, by index (folders too):
/// `archive/name`, numbered in archive order where several members that are not folders
/// have the same name (each is its own file, checked and shown on its own).
pub fn members_shown(archive: &str, members: &[Member]) -> Vec<String> {
    let mut total: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for member in members.iter().filter(|m| !m.is_dir()) {
        *total.entry(member.name.as_str()).or_default() += 1;
    }
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    members
        .iter()
        .map(|member| {
            let shown = format!("{archive}/{}", member.name);
            if member.is_dir() || total[member.name.as_str()] < 2 {
                return shown;
            }
            let n = seen.entry(member.name.as_str()).or_default();
            *n += 1;
            numbered(&shown, *n)
        })
        .collect()
}

/// Code page 437, bytes 0x80–0xFF (as Python's `cp437` codec).
const CP437_HIGH: [char; 128] = [
    '\u{c7}', '\u{fc}', '\u{e9}', '\u{e2}', '\u{e4}', '\u{e0}', '\u{e5}', '\u{e7}', '\u{ea}',
    '\u{eb}', '\u{e8}', '\u{ef}', '\u{ee}', '\u{ec}', '\u{c4}', '\u{c5}', '\u{c9}', '\u{e6}',
    '\u{c6}', '\u{f4}', '\u{f6}', '\u{f2}', '\u{fb}', '\u{f9}', '\u{ff}', '\u{d6}', '\u{dc}',
    '\u{a2}', '\u{a3}', '\u{a5}', '\u{20a7}', '\u{192}', '\u{e1}', '\u{ed}', '\u{f3}', '\u{fa}',
    '\u{f1}', '\u{d1}', '\u{aa}', '\u{ba}', '\u{bf}', '\u{2310}', '\u{ac}', '\u{bd}', '\u{bc}',
    '\u{a1}', '\u{ab}', '\u{bb}', '\u{2591}', '\u{2592}', '\u{2593}', '\u{2502}', '\u{2524}',
    '\u{2561}', '\u{2562}', '\u{2556}', '\u{2555}', '\u{2563}', '\u{2551}', '\u{2557}', '\u{255d}',
    '\u{255c}', '\u{255b}', '\u{2510}', '\u{2514}', '\u{2534}', '\u{252c}', '\u{251c}', '\u{2500}',
    '\u{253c}', '\u{255e}', '\u{255f}', '\u{255a}', '\u{2554}', '\u{2569}', '\u{2566}', '\u{2560}',
    '\u{2550}', '\u{256c}', '\u{2567}', '\u{2568}', '\u{2564}', '\u{2565}', '\u{2559}', '\u{2558}',
    '\u{2552}', '\u{2553}', '\u{256b}', '\u{256a}', '\u{2518}', '\u{250c}', '\u{2588}', '\u{2584}',
    '\u{258c}', '\u{2590}', '\u{2580}', '\u{3b1}', '\u{df}', '\u{393}', '\u{3c0}', '\u{3a3}',
    '\u{3c3}', '\u{b5}', '\u{3c4}', '\u{3a6}', '\u{398}', '\u{3a9}', '\u{3b4}', '\u{221e}',
    '\u{3c6}', '\u{3b5}', '\u{2229}', '\u{2261}', '\u{b1}', '\u{2265}', '\u{2264}', '\u{2320}',
    '\u{2321}', '\u{f7}', '\u{2248}', '\u{b0}', '\u{2219}', '\u{b7}', '\u{221a}', '\u{207f}',
    '\u{b2}', '\u{25a0}', '\u{a0}',
];

/// Reads at an offset of a shared file without moving a shared cursor: each member's reader
/// has its own position.
#[derive(Clone, Debug)]
struct At {
    file: Arc<File>,
    pos: u64,
}

impl At {
    fn read_exact_at(&self, buf: &mut [u8], pos: u64) -> io::Result<()> {
        let mut at = At {
            file: self.file.clone(),
            pos,
        };
        at.read_exact(buf)
    }
}

impl Read for At {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("four bytes"))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"))
}

/// Why an archive's directory could not be read: it is not one (`corrupt-zip`), or the
/// file could not be read (the user's problem, not the delivery's).
#[derive(Debug)]
pub enum DirectoryError {
    Corrupt(&'static str),
    Io(io::Error),
}

impl From<io::Error> for DirectoryError {
    fn from(err: io::Error) -> DirectoryError {
        match err.kind() {
            io::ErrorKind::UnexpectedEof => DirectoryError::Corrupt("cut short"),
            _ => DirectoryError::Io(err),
        }
    }
}

const EOCD: &[u8; 4] = EMPTY_ZIP_MAGIC;
const EOCD_LEN: usize = 22;
const ZIP64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const ZIP64_EOCD: &[u8; 4] = b"PK\x06\x06";
const CENTRAL: &[u8; 4] = b"PK\x01\x02";

/// The central directory of the archive `file` of `len` bytes: its members in order, with
/// offsets corrected for data before the archive (a self-extracting stub), as `zipfile` does.
fn read_directory(file: &At, len: u64) -> Result<Vec<Member>, DirectoryError> {
    use DirectoryError::Corrupt;
    if len < EOCD_LEN as u64 {
        return Err(Corrupt("too short"));
    }
    // The end record: at the very end without a comment, else the last one in the last 64 KiB.
    let tail_len = len.min(EOCD_LEN as u64 + 0xFFFF) as usize;
    let mut tail = vec![0u8; tail_len];
    file.read_exact_at(&mut tail, len - tail_len as u64)?;
    let at = if tail[tail_len - EOCD_LEN..].starts_with(EOCD) {
        tail_len - EOCD_LEN
    } else {
        memchr::memmem::rfind(&tail[..tail_len - EOCD_LEN + 4], EOCD).ok_or(Corrupt("no end"))?
    };
    if at + EOCD_LEN > tail_len {
        return Err(Corrupt("end record cut short"));
    }
    let end = &tail[at..at + EOCD_LEN];
    let end_offset = len - tail_len as u64 + at as u64;
    let mut entries = u64::from(u16_at(end, 10));
    let mut dir_size = u64::from(u32_at(end, 12));
    let mut dir_offset = u64::from(u32_at(end, 16));
    let mut dir_end = end_offset;
    // ZIP64: a locator just before the end record points at the ZIP64 end record.
    if end_offset >= 20 {
        let mut locator = [0u8; 20];
        file.read_exact_at(&mut locator, end_offset - 20)?;
        if locator.starts_with(ZIP64_LOCATOR) {
            if end_offset < 76 {
                return Err(Corrupt("zip64 end record missing"));
            }
            let record_at = end_offset - 20 - 56;
            let mut record = [0u8; 56];
            file.read_exact_at(&mut record, record_at)?;
            if !record.starts_with(ZIP64_EOCD) {
                return Err(Corrupt("zip64 end record missing"));
            }
            entries = u64_at(&record, 32);
            dir_size = u64_at(&record, 40);
            dir_offset = u64_at(&record, 48);
            dir_end = record_at;
        }
    }
    // Bytes before the archive shift every offset (`concat` in zipfile).
    let concat = dir_end
        .checked_sub(dir_size)
        .and_then(|start| start.checked_sub(dir_offset))
        .ok_or(Corrupt("directory outside the file"))?;
    let dir_start = dir_offset + concat;
    if dir_size > len || entries > dir_size / 46 + 1 {
        return Err(Corrupt("directory larger than the file"));
    }
    let mut dir = vec![0u8; dir_size as usize];
    file.read_exact_at(&mut dir, dir_start)?;
    let mut members = Vec::new();
    let mut pos = 0usize;
    while pos < dir.len() {
        if dir.len() - pos < 46 || !dir[pos..].starts_with(CENTRAL) {
            return Err(Corrupt("bad directory entry"));
        }
        let e = &dir[pos..pos + 46];
        let (name_len, extra_len, comment_len) = (
            usize::from(u16_at(e, 28)),
            usize::from(u16_at(e, 30)),
            usize::from(u16_at(e, 32)),
        );
        let total = 46 + name_len + extra_len + comment_len;
        if dir.len() - pos < total {
            return Err(Corrupt("directory entry cut short"));
        }
        let raw_name = dir[pos + 46..pos + 46 + name_len].to_vec();
        let extra = &dir[pos + 46 + name_len..pos + 46 + name_len + extra_len];
        let flags = u16_at(e, 8);
        let mut member = Member {
            index: members.len(),
            name: decode_name(&raw_name, flags & 0x800 != 0),
            raw_name,
            flags,
            method: u16_at(e, 10),
            crc32: u32_at(e, 16),
            compressed_size: u64::from(u32_at(e, 20)),
            size: u64::from(u32_at(e, 24)),
            header_offset: u64::from(u32_at(e, 42)),
            external_attr: u32_at(e, 38),
            made_by: u16_at(e, 4),
            time: u16_at(e, 12),
            date: u16_at(e, 14),
            comment: dir[pos + 46 + name_len + extra_len..pos + total].to_vec(),
        };
        zip64_extra(&mut member, extra)?;
        member.header_offset += concat;
        members.push(member);
        pos += total;
    }
    Ok(members)
}

/// The ZIP64 extended information (extra field 0x0001): the sizes and offset whose 32-bit
/// fields are all ones, in this order.
fn zip64_extra(member: &mut Member, mut extra: &[u8]) -> Result<(), DirectoryError> {
    while extra.len() >= 4 {
        let (id, len) = (u16_at(extra, 0), usize::from(u16_at(extra, 2)));
        let data = extra
            .get(4..4 + len)
            .ok_or(DirectoryError::Corrupt("extra field cut short"))?;
        if id == 1 {
            let mut values = data.chunks_exact(8).map(|c| u64_at(c, 0));
            for field in [
                &mut member.size,
                &mut member.compressed_size,
                &mut member.header_offset,
            ] {
                if *field == u64::from(u32::MAX) {
                    *field = values
                        .next()
                        .ok_or(DirectoryError::Corrupt("zip64 field missing"))?;
                }
            }
        }
        extra = &extra[4 + len..];
    }
    Ok(())
}

/// The kind of unsafe path a member name is, if it is one.
pub fn unsafe_path(name: &str) -> Option<ProblemKind> {
    if name.split(['/', '\\']).any(|part| part == "..") {
        return Some(ProblemKind::UnsafePathDotdot);
    }
    if name.starts_with(['/', '\\']) {
        return Some(ProblemKind::UnsafePathAbsolute);
    }
    let b = name.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return Some(ProblemKind::UnsafePathDrive);
    }
    if name.contains('\\') {
        return Some(ProblemKind::UnsafePathBackslash);
    }
    None
}

/// Python's `round`: halves to even.
fn round(x: f64) -> u64 {
    x.round_ties_even() as u64
}

/// Whether a member may be read, decided from the central directory alone: `None`, or the
/// problem. `shown` is how the member is shown (`archive.zip/member.csv`).
pub fn member_problem(member: &Member, shown: &str, limits: &ZipLimits) -> Option<Problem> {
    let name = member.name.as_str();
    let problem = |kind| Problem::of_member(shown, name, kind);
    if let Some(kind) = unsafe_path(name) {
        return Some(problem(kind));
    }
    if member.is_symlink() {
        return Some(problem(ProblemKind::Symlink));
    }
    if member.is_encrypted() {
        return Some(problem(ProblemKind::Encrypted));
    }
    let ext = files::extension(member.base_name().as_bytes());
    match ext.as_deref() {
        Some("zip") => return Some(problem(ProblemKind::NestedZip)),
        Some("csv" | "txt") => {}
        _ => return Some(problem(ProblemKind::NotCsvOrTxt)),
    }
    if Method::of(member.method).is_none() {
        return Some(
            problem(ProblemKind::UnsupportedCompression)
                .with_int("method", u64::from(member.method)),
        );
    }
    if member.size > limits.max_member_bytes {
        return Some(
            problem(ProblemKind::MemberTooLarge)
                .with_int("size", member.size)
                .with_int("limit", limits.max_member_bytes),
        );
    }
    let max_ratio = round(limits.max_ratio);
    if member.compressed_size == 0 {
        if member.size > 0 && limits.max_ratio < f64::INFINITY {
            return Some(
                problem(ProblemKind::MemberRatioInfinite).with_int("max_ratio", max_ratio),
            );
        }
    } else {
        let ratio = member.size as f64 / member.compressed_size as f64;
        if ratio > limits.max_ratio {
            return Some(
                problem(ProblemKind::MemberRatio)
                    .with_int("ratio", round(ratio))
                    .with_int("max_ratio", max_ratio),
            );
        }
    }
    None
}

/// Bytes unpacked so far from one archive, shared by the threads reading its members.
#[derive(Debug)]
pub struct Budget {
    pub limit: AtomicU64,
    used: AtomicU64,
}

impl Budget {
    pub fn new(limit: u64) -> Budget {
        Budget {
            limit: AtomicU64::new(limit),
            used: AtomicU64::new(0),
        }
    }

    /// Takes `n` bytes; whether the archive is still within its limit.
    fn take(&self, n: u64) -> bool {
        self.used.fetch_add(n, Ordering::Relaxed) + n <= self.limit.load(Ordering::Relaxed)
    }

    pub fn limit(&self) -> u64 {
        self.limit.load(Ordering::Relaxed)
    }
}

/// A zip archive whose directory has been read: what its members are, and how to read them.
#[derive(Debug)]
pub struct Archive {
    pub path: PathBuf,
    /// The archive as shown (its path as given).
    pub shown: String,
    pub members: Vec<Member>,
    /// How each member is shown, by index ([`members_shown`]).
    pub members_shown: Vec<String>,
    pub limits: ZipLimits,
    /// The total unpacked from it, shared by its members' readers.
    pub budget: Budget,
    /// The version of the file the directory was read from.
    pub stamp: Stamp,
}

/// What reading an archive's directory found.
#[derive(Debug)]
pub enum Opened {
    /// The archive, and the indexes of the members to check (in archive order) with the
    /// problems of the others, in archive order too.
    Archive(Arc<Archive>, Vec<Result<usize, Problem>>),
    /// The whole archive could not be checked.
    Refused(Vec<Problem>),
}

impl Archive {
    /// Reads the directory of the archive at `path` (shown as `shown`) and decides which
    /// members may be read, by their declared sizes first (before anything is unpacked).
    /// Errors are the user's (no such file, no permission); what is wrong with the archive
    /// is a problem.
    pub fn open(path: &Path, shown: &str, limits: ZipLimits) -> io::Result<Opened> {
        let file = File::open(path)?;
        let meta = file.metadata()?;
        let stamp = Stamp::of(&meta);
        let reader = At {
            file: Arc::new(file),
            pos: 0,
        };
        let mut head = [0u8; 4];
        let starts_right = meta.len() >= 4
            && reader.read_exact_at(&mut head, 0).is_ok()
            && (&head == ZIP_MAGIC || &head == EMPTY_ZIP_MAGIC);
        if !starts_right {
            return Ok(Opened::Refused(vec![Problem::new(
                shown,
                ProblemKind::NotAZip,
            )]));
        }
        let all = match read_directory(&reader, meta.len()) {
            Ok(members) => members,
            Err(DirectoryError::Corrupt(_)) => {
                return Ok(Opened::Refused(vec![Problem::new(
                    shown,
                    ProblemKind::CorruptZip,
                )]))
            }
            Err(DirectoryError::Io(err)) => return Err(err),
        };
        let files = all.iter().filter(|m| !m.is_dir()).count();
        if files > limits.max_members {
            return Ok(Opened::Refused(vec![Problem::new(
                shown,
                ProblemKind::TooManyMembers,
            )
            .with_int("count", files as u64)
            .with_int("max_count", limits.max_members as u64)]));
        }
        if files == 0 {
            return Ok(Opened::Refused(vec![Problem::new(
                shown,
                ProblemKind::EmptyZip,
            )]));
        }
        let mut decided = Vec::with_capacity(files);
        let mut total = 0u64;
        let members_shown = members_shown(shown, &all);
        for member in all.iter().filter(|m| !m.is_dir()) {
            let member_shown = &members_shown[member.index];
            match member_problem(member, member_shown, &limits) {
                Some(problem) => decided.push(Err(problem)),
                None => {
                    total = total.saturating_add(member.size);
                    decided.push(Ok(member.index));
                }
            }
        }
        if total > limits.max_total_bytes {
            let mut problems: Vec<Problem> = decided.into_iter().filter_map(Result::err).collect();
            problems.push(
                Problem::new(shown, ProblemKind::TotalTooLarge)
                    .with_int("size", total)
                    .with_int("limit", limits.max_total_bytes),
            );
            return Ok(Opened::Refused(problems));
        }
        let archive = Archive {
            path: path.to_path_buf(),
            shown: shown.to_string(),
            members: all,
            members_shown,
            limits,
            budget: Budget::new(limits.max_total_bytes),
            stamp,
        };
        Ok(Opened::Archive(Arc::new(archive), decided))
    }

    /// How member `index` is shown.
    pub fn shown(&self, index: usize) -> String {
        self.members_shown[index].clone()
    }

    /// A reader of member `index`, on a handle of its own: it unpacks the member as it is
    /// read, keeps to the limits (the member's, and the archive's total shared with the other
    /// members), compares the CRC-32 at the end and looks at `stop` before each read. What
    /// goes wrong with the member is a [`Problem`] inside the `io::Error`; an archive that
    /// is no longer the one whose directory was read is a `FileChanged`.
    pub fn member_reader(
        self: &Arc<Archive>,
        index: usize,
        stop: Option<Stop>,
    ) -> io::Result<MemberReader> {
        let member = &self.members[index];
        let shown = self.shown(index);
        let data = self.member_data(index)?;
        let raw = data.take(member.compressed_size);
        let method = Method::of(member.method).expect("only members with a known method");
        let inflate: Box<dyn Read + Send> = match method {
            Method::Stored => Box::new(raw),
            Method::Deflate => Box::new(flate2::bufread::DeflateDecoder::new(
                BufReader::with_capacity(INPUT_BUFFER, raw),
            )),
            Method::Bzip2 => Box::new(bzip2::bufread::BzDecoder::new(BufReader::with_capacity(
                INPUT_BUFFER,
                raw,
            ))),
            Method::Lzma => lzma_reader(raw, member, &shown)?,
        };
        let limit = self.unpack_limit(member);
        Ok(MemberReader {
            inner: inflate,
            archive: self.clone(),
            index,
            shown,
            limit,
            unpacked: 0,
            crc: crc32fast::Hasher::new(),
            stop,
            failed: None,
            ended: false,
        })
    }

    /// Where member `index`'s packed data start, on a handle of its own: after its local
    /// header, whose name must be the directory's. The archive must still be the version
    /// whose directory was read (else `FileChanged`).
    fn member_data(&self, index: usize) -> io::Result<At> {
        let member = &self.members[index];
        let file = File::open(&self.path)?;
        self.stamp
            .unchanged_as(&Stamp::of(&file.metadata()?), &self.shown, None)?;
        let file = At {
            file: Arc::new(file),
            pos: 0,
        };
        let shown = self.shown(index);
        let damaged = || Problem::of_member(&shown, &shown, ProblemKind::Damaged).into_error();
        let mut local = [0u8; 30];
        file.read_exact_at(&mut local, member.header_offset)
            .map_err(|_| damaged())?;
        let (name_len, extra_len) = (u16_at(&local, 26), u16_at(&local, 28));
        let mut local_name = vec![0u8; usize::from(name_len)];
        file.read_exact_at(&mut local_name, member.header_offset + 30)
            .map_err(|_| damaged())?;
        if !local.starts_with(ZIP_MAGIC) || local_name != member.raw_name {
            return Err(damaged());
        }
        Ok(At {
            file: file.file.clone(),
            pos: member.header_offset + 30 + u64::from(name_len) + u64::from(extra_len),
        })
    }

    /// Member `index`'s packed bytes as stored (its compressed size of them), to be copied
    /// as they are: nothing is unpacked or verified.
    pub fn packed_reader(&self, index: usize) -> io::Result<impl Read + Send> {
        let size = self.members[index].compressed_size;
        Ok(self.member_data(index)?.take(size))
    }

    /// The bytes a member may unpack to: its limit, or its ratio's, the smaller.
    fn unpack_limit(&self, member: &Member) -> u64 {
        self.limits
            .max_member_bytes
            .min((self.limits.max_ratio * member.compressed_size.max(1) as f64) as u64)
    }

    /// Whether member `index` is unpacked whole ([`Archive::member_whole`]): a Deflate member
    /// of at most `up_to` bytes declared, and never more than [`WHOLE_MAX_BYTES`].
    pub fn unpacks_whole(&self, index: usize, up_to: u64) -> bool {
        let member = &self.members[index];
        Method::of(member.method) == Some(Method::Deflate)
            && member.size <= up_to.min(WHOLE_MAX_BYTES)
    }

    /// Member `index` unpacked whole in memory by libdeflate (twice zlib-rs's speed, but it
    /// cannot stream: BENCHMARKS.md, "Reading a delivery"), its CRC-32 compared, before it
    /// is checked: the same problems as [`Archive::member_reader`] finds while reading, found
    /// before any finding. It holds at most its declared size: more is `damaged`, as is
    /// anything but exactly that size; a member its limits would stop while unpacking is
    /// refused with the same problem, unpacked or not. `None` when the bytes held by the
    /// members unpacked whole at this moment, in any archive, would pass [`WHOLE_BYTES`], or
    /// when it is not unpacked whole at all ([`Archive::unpacks_whole`] with `up_to`): the
    /// caller then reads it as a stream.
    pub fn member_whole(
        self: &Arc<Archive>,
        index: usize,
        up_to: u64,
        stop: Option<&Stop>,
    ) -> io::Result<Option<Whole>> {
        if !self.unpacks_whole(index, up_to) {
            return Ok(None);
        }
        let member = &self.members[index];
        let Some(mut held) = Held::take(member.size.saturating_add(member.compressed_size)) else {
            return Ok(None);
        };
        crate::stop::check(stop)?;
        let shown = self.shown(index);
        let problem = |kind| Problem::of_member(&shown, &shown, kind);
        let limit = self.unpack_limit(member);
        if member.size > limit {
            let problem = if limit < self.limits.max_member_bytes {
                problem(ProblemKind::StoppedRatio)
                    .with_int("max_ratio", round(self.limits.max_ratio))
            } else {
                problem(ProblemKind::StoppedSize).with_int("limit", self.limits.max_member_bytes)
            };
            return Err(problem.into_error());
        }
        if !self.budget.take(member.size) {
            return Err(problem(ProblemKind::StoppedTotal)
                .with_int("limit", self.budget.limit())
                .into_error());
        }
        let data = self.member_data(index)?;
        let mut packed = vec![0u8; member.compressed_size as usize];
        data.read_exact_at(&mut packed, data.pos)
            .map_err(|_| problem(ProblemKind::Damaged).into_error())?;
        let mut bytes = vec![0u8; member.size as usize];
        let unpacked = libdeflater::Decompressor::new().deflate_decompress(&packed, &mut bytes);
        drop(packed);
        // The packed bytes are given back at once: another thread may unpack meanwhile.
        held.keep(member.size);
        if unpacked.ok() != Some(bytes.len()) || crc32fast::hash(&bytes) != member.crc32 {
            return Err(problem(ProblemKind::Damaged).into_error());
        }
        Ok(Some(Whole { bytes, held }))
    }
}

/// A Deflate member of at most this many bytes declared is unpacked whole
/// ([`Archive::member_whole`]). Small in tests, so that their members of a few MB stream.
#[cfg(not(test))]
pub const WHOLE_MAX_BYTES: u64 = 16 << 20;
#[cfg(test)]
pub const WHOLE_MAX_BYTES: u64 = 1 << 20;

/// A member read as a stream by a caller (`fix`, through Python) is unpacked whole only up to
/// this size: the fix holds its own buffers beside it, and with members of up to
/// [`WHOLE_MAX_BYTES`] the freed ones stayed in the process's heap (the national delivery's
/// fix peaked at 99 MB against 79 MB; BENCHMARKS.md, "Issue 24, closing").
pub const READER_WHOLE_MAX_BYTES: u64 = 4 << 20;

/// The bytes (packed and unpacked) that the members unpacked whole may hold at once, over
/// every thread and archive: the reader's memory stays bounded however many cores it has.
pub const WHOLE_BYTES: u64 = 32 << 20;

static WHOLE_HELD: AtomicU64 = AtomicU64::new(0);

/// Bytes of [`WHOLE_BYTES`] taken, given back when dropped.
#[derive(Debug)]
pub(crate) struct Held(u64);

impl Held {
    pub(crate) fn take(n: u64) -> Option<Held> {
        WHOLE_HELD
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                (n <= WHOLE_BYTES - held).then_some(held + n)
            })
            .ok()
            .map(|_| Held(n))
    }

    /// Gives back all but `n` of the bytes taken.
    fn keep(&mut self, n: u64) {
        let back = self.0.saturating_sub(n);
        WHOLE_HELD.fetch_sub(back, Ordering::AcqRel);
        self.0 -= back;
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        WHOLE_HELD.fetch_sub(self.0, Ordering::AcqRel);
    }
}

/// A member unpacked whole ([`Archive::member_whole`]); its memory counts towards
/// [`WHOLE_BYTES`] until it is dropped.
#[derive(Debug)]
pub struct Whole {
    pub bytes: Vec<u8>,
    #[cfg_attr(not(test), allow(dead_code, reason = "held for its drop"))]
    held: Held,
}

impl AsRef<[u8]> for Whole {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
impl Whole {
    /// The bytes of [`WHOLE_BYTES`] it holds: its unpacked size (the packed bytes were given
    /// back once unpacked).
    pub(crate) fn held(&self) -> u64 {
        self.held.0
    }
}

/// How much compressed data a member's reader asks for at once.
const INPUT_BUFFER: usize = 256 << 10;

/// An LZMA member (APPNOTE 5.8.8): version, the size of the properties, the properties
/// (a byte and the dictionary size), then the stream; its end is marked when flag bit 1 is
/// set, else it ends at the declared size.
fn lzma_reader(
    mut raw: io::Take<At>,
    member: &Member,
    shown: &str,
) -> io::Result<Box<dyn Read + Send>> {
    let damaged = || Problem::of_member(shown, shown, ProblemKind::Damaged).into_error();
    let mut header = [0u8; 9];
    raw.read_exact(&mut header).map_err(|_| damaged())?;
    if u16_at(&header, 2) != 5 {
        return Err(damaged());
    }
    let dictionary = u32_at(&header, 5);
    if dictionary.min(u32::try_from(member.size).unwrap_or(u32::MAX)) > MAX_LZMA_DICTIONARY {
        return Err(
            Problem::of_member(shown, &member.name, ProblemKind::UnsupportedCompression)
                .with_int("method", u64::from(member.method))
                .into_error(),
        );
    }
    let size = if member.flags & 0x2 != 0 {
        u64::MAX
    } else {
        member.size
    };
    let reader = lzma_rust2::LzmaReader::new_with_props(
        BufReader::with_capacity(INPUT_BUFFER, raw),
        size,
        header[4],
        dictionary,
        None,
    )
    .map_err(|_| damaged())?;
    Ok(Box::new(reader))
}

/// Reads one member unpacked (see [`Archive::member_reader`]).
pub struct MemberReader {
    inner: Box<dyn Read + Send>,
    archive: Arc<Archive>,
    index: usize,
    shown: String,
    /// The bytes it may unpack to: the member's limit, or its ratio's, the smaller.
    limit: u64,
    pub unpacked: u64,
    crc: crc32fast::Hasher,
    stop: Option<Stop>,
    /// The problem that ended it: every later read fails with it again.
    failed: Option<Problem>,
    ended: bool,
}

impl MemberReader {
    fn problem(&self, kind: ProblemKind) -> Problem {
        Problem::of_member(&self.shown, &self.shown, kind)
    }

    fn fail(&mut self, problem: Problem) -> io::Error {
        self.failed = Some(problem.clone());
        problem.into_error()
    }

    /// The member as shown.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    fn member(&self) -> &Member {
        &self.archive.members[self.index]
    }
}

impl Read for MemberReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(problem) = &self.failed {
            return Err(problem.clone().into_error());
        }
        crate::stop::check(self.stop.as_ref())?;
        if self.ended || buf.is_empty() {
            return Ok(0);
        }
        let n = match self.inner.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(_) => return Err(self.fail(self.problem(ProblemKind::Damaged))),
        };
        self.unpacked += n as u64;
        let limits = self.archive.limits;
        if self.unpacked > self.limit {
            let problem = if self.limit < limits.max_member_bytes {
                self.problem(ProblemKind::StoppedRatio)
                    .with_int("max_ratio", round(limits.max_ratio))
            } else {
                self.problem(ProblemKind::StoppedSize)
                    .with_int("limit", limits.max_member_bytes)
            };
            return Err(self.fail(problem));
        }
        if !self.archive.budget.take(n as u64) {
            let problem = self
                .problem(ProblemKind::StoppedTotal)
                .with_int("limit", self.archive.budget.limit());
            return Err(self.fail(problem));
        }
        // More than it declared: the header lies (a bomb in disguise, or damage).
        if self.unpacked > self.member().size {
            return Err(self.fail(self.problem(ProblemKind::Damaged)));
        }
        self.crc.update(&buf[..n]);
        if n == 0 {
            self.ended = true;
            let crc = std::mem::take(&mut self.crc).finalize();
            if crc != self.member().crc32 || self.unpacked != self.member().size {
                return Err(self.fail(self.problem(ProblemKind::Damaged)));
            }
        }
        Ok(n)
    }
}
