//! gmsd-fast: checks GMSD Wmo delivery files exactly as the CBS aanleverprotocol says.
//!
//! The pipeline: [`scan`] splits bytes into lines; [`check`] is the engine that runs the
//! three CBS passes over them with the [`rules`] (each rule declared once, beside its check),
//! for the protocol version in [`spec`]; [`findings`] collects what they find (exact counts,
//! capped detail) and turns it into words and Arrow; [`count`] computes the clients and
//! voorzieningen of CBS's op-orde report. [`record`] (a record's fields and values) and
//! [`bsn`] (elfproef, masking) are the leaves everything else uses. A [`stop::Stop`] token
//! in the options ends a long check early, on request. [`fix`] repairs what the rules can
//! repair without guessing (`gmsd-fast fix`), in a streaming pass of its own that decides
//! with the rules' checks and checks what it writes. [`input`] reads a delivery (folders, zip
//! archives, standard input) and checks its files across cores, in input order. The Python
//! bindings live in `python.rs`, behind the `python` feature.

pub mod bsn;
pub mod check;
pub mod count;
pub mod findings;
pub mod fix;
pub mod generate;
pub mod input;
pub mod options;
pub mod output;
pub(crate) mod queue;
pub mod record;
pub mod rule;
pub mod rules;
pub mod scan;
pub mod spec;
pub mod stop;

#[cfg(feature = "python")]
mod python;

pub use check::{check_bytes, check_bytes_stoppable, check_path, check_reader};
pub use findings::{FileReport, Finding, Verdict};
pub use fix::{fix_bytes, fix_path, fix_reader, FixLog, FixOptions, FixReport};
pub use options::{OptionError, Options};
pub use rule::{Rule, RuleSet, Severity};
pub use spec::{Lang, Period, Spec};
pub use stop::{Stop, Stopped};
