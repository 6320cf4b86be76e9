//! Reading a delivery: the bottom of the pipeline, below [`crate::check`]. The paths a user
//! names become [`Input`]s ([`expand`]): sources to check (files, zip members, a stream) and
//! problems (inputs that cannot be checked, rule L004); [`Checks`] checks the sources across
//! cores, in input order, each source's findings streamed as record batches.
//!
//! Decisions (the same as the Python layer's before it moved here):
//!
//! - A folder is read **non-recursively**: its `.csv`, `.txt` and `.zip` files (extension in
//!   any case, hidden files skipped), sorted by name. A delivery is one flat folder; walking
//!   subfolders would pick up old deliveries and backups.
//! - A file is opened as a zip when its name ends in `.zip` (any case), or when it starts
//!   with the zip magic `PK\x03\x04` and its name does not end in `.csv`/`.txt`. A
//!   `.csv`/`.txt` file that is really a zip is checked as a file, so the check reports S002
//!   (not a text file), exactly as CBS would refuse it. A `.zip` file without zip magic is a
//!   problem (`not-a-zip`).
//! - Zip members are never extracted to disk: each is unpacked as it is checked, and stopped
//!   once it unpacks to more than `max_member_bytes`, more than `max_ratio` times its packed
//!   size, more than it declared, or the archive to more than `max_total_bytes` (declared
//!   sizes can lie). Declared sizes are checked first, before anything is unpacked; too many
//!   members, or a declared total over the limit, refuse the whole archive. A member whose
//!   CRC-32 does not match at its end is `damaged`, after the findings already made.
//! - Members are identified by their place in the archive's directory: two members with the
//!   same name are two sources (and two results), never one. Names without the UTF-8 flag
//!   are CP437, as the zip specification says (see [`zip`]).
//! - A problem is a kind ([`ProblemKind`], the message keys of L004) and values (sizes,
//!   names, counts); its words are L004's, in the user's language.
//! - A stream (standard input) is one file, read as it comes. It has no name unless one is
//!   given (then pass 1 says so, N006). A zip or gzip stream is refused
//!   ([`CompressedInput`]).
//! - Stopping: every read looks at the stop token first; [`Checks`] starts no further source
//!   once it was requested, and a stopped check ends with `Stopped`.
//! - A file or archive that changes while it is checked ends with [`FileChanged`]: its result
//!   would describe no version of it.
//! - A path that is missing, unreadable or neither a folder nor a regular file (a FIFO, a
//!   device) is a [`PathError`] before it is opened: the user's mistake, not the delivery's.

pub mod files;
pub mod pipeline;
pub mod problem;
pub mod run;
pub mod source;
#[cfg(test)]
mod tests;
pub mod zip;

pub use files::{Change, FileChanged, Stamp};
pub use problem::{Problem, ProblemKind, Value};
pub use run::{expand, Checked, Checks, EndHook, Input, PathError, SourceStream};
#[cfg(unix)]
pub use source::stdin;
#[cfg(unix)]
pub use source::FdReader;
pub use source::{CompressedInput, GivenCheck, Refusing, Source};
pub use zip::{Archive, Member, ZipLimits};
