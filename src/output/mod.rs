//! The output layer: findings in words and as data, above the rules and the check. A rule's
//! message in Dutch or English with its values filled in (`render`), findings as Arrow record
//! batches (`arrow`) and JSON lines (`json`), and the stream that runs a check on a thread of
//! its own and hands its findings on as record batches while it runs (`stream`). Nothing
//! below (findings, rules, the check) knows Arrow or words: a check hands its findings on
//! through `findings::Handoff`, which `stream::Batcher` implements.

pub mod arrow;
pub mod json;
pub mod render;
pub mod stream;
