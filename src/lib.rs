//! gmsd-fast: checks GMSD Wmo delivery files exactly as the CBS aanleverprotocol says.
//!
//! The pipeline, one module each: [`scan`] splits bytes into lines; [`check`] runs the three
//! CBS passes over them, guided by the protocol version in [`spec`] and the rules of
//! [`rules`]; [`findings`] collects what they find (exact counts, capped detail) and turns it
//! into Arrow; [`count`] computes the clients and voorzieningen of CBS's op-orde report.
//! A [`stop::Stop`] token in the options ends a long check early, on request.
//! The Python bindings live in `python.rs`, behind the `python` feature.

pub mod check;
pub mod count;
pub mod findings;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod rules;
pub mod scan;
pub mod spec;
pub mod stop;

#[cfg(feature = "python")]
mod python;

pub use check::{check_bytes, check_bytes_stoppable, check_path, check_reader, Options};
pub use findings::{FileReport, Finding, Verdict};
pub use rules::{Rule, RuleSet, Severity};
pub use spec::{Lang, Period, Spec};
pub use stop::{Stop, Stopped};
