//! `gmsd-fast fix`: repairs what is mechanical, never guesses, and says what it changed.
//!
//! A streaming pass of its own, beside the check (whose hot path it leaves alone): it reads
//! the input in blocks, decides per line and writes the output. A record that the valid path
//! accepts (`FieldRules::clean_fields`) is copied byte for byte, in runs of such lines. Any
//! other line is checked again with the rules' own reporting code, run into a sink that only
//! counts ([`Scratch`]), and what that check reports decides what is repaired: a rule with a
//! repair (declared beside the rule, [`Rule::fix`]) gets its repair function applied (also
//! declared beside the rule's check), and the line or field is checked again, until nothing
//! that can be repaired is left. So a field of `"1"` in a type column loses its quotes (F010)
//! and then gets its zeros (F003), and no repair is ever made that the check would not ask
//! for: rows without findings are unchanged, and fixing twice equals fixing once.
//!
//! What is repaired and how sure each repair is: see [`Rule::fix`] and the rules' modules.
//! Unsafe repairs (`FixOptions::unsafe_fixes`) need a decision: an aanmaakdatum in scientific
//! notation is set from the one all other records agree on ([`agreed_aanmaakdatum`], a first
//! pass) or from the user's; an ambiguous date such as `03-04-2025` is read day first; a
//! one-position reden beëindiging is read as a new code.
//!
//! What is written is checked as it is written ([`Checking`]): the report of a fix holds the
//! fix log (every fix counted per rule and column, the first `max_per_rule` of each rule kept
//! with line, column and the value before and after, masked as findings are) and the check of
//! the output. With a writer for it, the changed lines are shown as a diff (BSNs masked).
//!
//! Reading (with the valid path's verdicts worked out ahead by two threads), repairing,
//! checking and writing run on threads of their own, joined by channels of one block
//! ([`fix_reader`]): a fix costs about twice a check, which these spread over the cores.

pub mod arrow;
pub mod zip;

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;

use memchr::memchr;

use crate::bsn::{mask_bsn, mask_embedded_bsns};
use crate::check::{Checking, BLOCK_SIZE};
use crate::findings::value::{display_value, is_unusual_space};
use crate::findings::{Counts, FileReport, Sink};
use crate::options::{OptionError, Options};
use crate::rules::field::FieldRules;
use crate::rules::file_name::check_name;
use crate::rules::record::RecordRules;
use crate::rules::repair::{self, Allowed, Change, Place, Repairer};
use crate::rules::structure::{self, Role, Start};
use crate::rules::{Applicability, Rule, RuleSet};
use crate::scan::MAX_LINE_BYTES;
use crate::spec::{ColumnKind, Spec};
use crate::stop;

/// What `gmsd-fast fix` may do beyond the safe repairs.
#[derive(Clone, Debug, Default)]
pub struct FixOptions {
    /// Also make the unsafe repairs (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// The aanmaakdatum to write where Excel wrote it in scientific notation (an unsafe
    /// repair), if one is known.
    pub aanmaakdatum: Option<Aanmaakdatum>,
}

/// Where the aanmaakdatum for the unsafe repair of F007 comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Aanmaakdatum {
    /// Given by the user (`--aanmaakdatum`): written as given.
    Given(Vec<u8>),
    /// The one every intact record agrees on ([`agreed_aanmaakdatum`]): written only where
    /// the number in scientific notation rounds to it.
    Agreed(Vec<u8>),
}

impl Aanmaakdatum {
    /// The user's aanmaakdatum (`--aanmaakdatum`), if it is a valid one for the protocol's
    /// aanmaakdatum column, as the check decides it.
    pub fn given(spec: &'static Spec, text: &str) -> Result<Aanmaakdatum, OptionError> {
        let fields = FieldRules::new(spec, None, false);
        let plan = &fields.plans[spec.roles.aanmaakdatum];
        let raw = text.trim().as_bytes();
        if raw.len() == plan.width && fields.clean_value(plan, raw).is_some() {
            Ok(Aanmaakdatum::Given(raw.to_vec()))
        } else {
            Err(OptionError::InvalidAanmaakdatum(text.to_string()))
        }
    }
}

/// One repair made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub rule: Rule,
    /// Physical line (header = 1); `None` for the file as a whole (its encoding).
    pub line: Option<u64>,
    /// Column 1–18, for a repair of one field.
    pub column: Option<u8>,
    pub applicability: Applicability,
    /// The value before and after, shown as findings show values: BSNs masked unless
    /// revealed. A repair of a line shows what it took away or added (`;`, `\r`, `\n`), of
    /// the encoding the encodings.
    pub old: String,
    pub new: String,
}

/// What a fix changed.
#[derive(Clone, Debug, Default)]
pub struct FixLog {
    /// Every repair, counted per rule and column.
    pub counts: Counts,
    /// The first `max_per_rule` repairs of each rule, in the order they were made.
    pub fixes: Vec<Fix>,
    /// Lines written otherwise than they were read.
    pub lines_changed: u64,
}

impl FixLog {
    /// Every repair made, however many were kept.
    pub fn total(&self) -> u64 {
        self.counts.total()
    }
}

/// The outcome of fixing one file.
#[derive(Clone, Debug)]
pub struct FixReport {
    pub log: FixLog,
    /// Bytes read and written.
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// The check of what was written, named as the output.
    pub check: FileReport,
}

/// What decides the repairs of one file: the rules compiled for it, the user's choices, the
/// first record as read and as written (which the others are compared with), and the log of
/// what was done. The decision itself is the rules' (`rules::repair`), which the check uses
/// to count what is repairable.
struct Repairs<'o> {
    options: &'o Options,
    fix: &'o FixOptions,
    spec: &'static Spec,
    fields: FieldRules,
    records: RecordRules,
    repairer: Repairer,
    /// The last record line decided stays without its line break (`repair::Outcome::open`).
    open: bool,
    log: FixLog,
    max_per_rule: u64,
}

impl Repairs<'_> {
    /// Whether a repair of `rule` with this applicability may be made.
    fn allowed(&self, rule: Rule, how: Applicability) -> bool {
        self.options.rules.contains(rule) && (how == Applicability::Safe || self.fix.unsafe_fixes)
    }

    /// Whether the log keeps the next repair of `rule` in detail.
    fn keeps(&self, rule: Rule) -> bool {
        self.log.counts.of_rule(rule) < self.max_per_rule
    }

    fn record(
        &mut self,
        rule: Rule,
        line: Option<u64>,
        column: Option<u8>,
        how: Applicability,
        old: impl FnOnce() -> String,
        new: impl FnOnce() -> String,
    ) {
        let kept = self.log.counts.of_rule(rule);
        self.log.counts.add(rule, column, 1);
        if kept < self.max_per_rule {
            self.log.fixes.push(Fix {
                rule,
                line,
                column,
                applicability: how,
                old: old(),
                new: new(),
            });
        }
    }

    /// A value as findings show it ([`masked`]).
    fn shown(&self, i: usize, raw: &[u8]) -> String {
        let column = &self.spec.columns[i];
        masked(
            &display_value(raw),
            column.kind == ColumnKind::Bsn,
            self.options.reveal_bsn,
        )
    }

    /// The decision's view of this fix: the rules, and what may be repaired (a function of
    /// the fields it borrows, so that the repairer can be borrowed beside it).
    fn context<'c>(
        fields: &'c FieldRules,
        records: &'c RecordRules,
        options: &Options,
        fix: &'c FixOptions,
    ) -> repair::Context<'c> {
        let aanmaakdatum = fix.aanmaakdatum.as_ref().map(|a| match a {
            Aanmaakdatum::Given(v) => (v.as_slice(), true),
            Aanmaakdatum::Agreed(v) => (v.as_slice(), false),
        });
        repair::Context {
            fields,
            records,
            allowed: Allowed {
                rules: options.rules,
                unsafe_fixes: fix.unsafe_fixes,
                aanmaakdatum,
            },
            steps: true,
        }
    }

    /// Logs the repairs of a decision on line `number`.
    fn log_steps(&mut self, number: u64, steps: Vec<repair::Step>) {
        for step in steps {
            match step.change {
                Change::Field { index, old, new } => {
                    let column = Some(self.spec.columns[index].number);
                    // Values are shown (masked) only for the repairs the log keeps.
                    let shown = self
                        .keeps(step.rule)
                        .then(|| (self.shown(index, &old), self.shown(index, &new)));
                    let (old, new) = shown.unwrap_or_default();
                    self.record(step.rule, Some(number), column, step.how, || old, || new);
                }
                Change::Line { old, new } => {
                    self.record(step.rule, Some(number), None, step.how, || old, || new);
                }
            }
        }
    }

    /// The header row repaired: its encoding (S014) and a separator too many (S008).
    fn header<'l>(&mut self, number: u64, line: Cow<'l, [u8]>) -> Cow<'l, [u8]> {
        let context = Self::context(&self.fields, &self.records, self.options, self.fix);
        let outcome = self.repairer.header(&context, number, &line);
        self.log_steps(number, outcome.steps);
        match outcome.line {
            Some(new) => Cow::Owned(new),
            None => line,
        }
    }

    /// A record line repaired as the decision says (`rules::repair`); `None` when it is
    /// dropped (a row of separators only).
    fn record_line<'l>(
        &mut self,
        number: u64,
        line: Cow<'l, [u8]>,
        place: Place,
    ) -> Option<Cow<'l, [u8]>> {
        let context = Self::context(&self.fields, &self.records, self.options, self.fix);
        let outcome = self.repairer.record(&context, number, &line, place, None);
        let written: Option<Cow<'l, [u8]>> = match (outcome.dropped, outcome.line) {
            (true, _) => None,
            (false, Some(new)) => Some(Cow::Owned(new)),
            (false, None) => Some(line),
        };
        self.open = outcome.open;
        self.log_steps(number, outcome.steps);
        written
    }
}

/// Blocks waiting in each channel between the threads of a fix, at most.
const BLOCKS_IN_FLIGHT: usize = 1;

/// The size of the blocks a fix reads and writes: half the check's, since a fix holds about
/// ten of them at a time (read, screened, repaired, written, checked).
const FIX_BLOCK: usize = BLOCK_SIZE / 2;

/// Where the fixed bytes go: into blocks, each handed to a thread that checks what is written
/// and one that writes it, so that both run beside the repairs (writing costs about as much as
/// repairing, checking a little less). At most [`BLOCKS_IN_FLIGHT`] blocks wait for each.
struct Output {
    buffer: Vec<u8>,
    /// The threads the blocks go to; none in the first pass of an unsafe fix.
    consumers: Vec<SyncSender<Arc<Vec<u8>>>>,
    written: u64,
}

impl Output {
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.buffer.len() + bytes.len() > FIX_BLOCK {
            self.flush()?;
        }
        self.buffer.extend_from_slice(bytes);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        self.written += self.buffer.len() as u64;
        let block = std::mem::replace(&mut self.buffer, Vec::with_capacity(FIX_BLOCK));
        let block = Arc::new(block);
        for consumer in &self.consumers {
            // A thread that stopped did so on an error, returned when it is joined.
            consumer
                .send(Arc::clone(&block))
                .map_err(|_| io::Error::other("the output could not be written"))?;
        }
        Ok(())
    }
}

/// How the input's bytes are read (as the check reads them).
enum Decoding {
    /// Not known yet: the first byte is kept until a second has come.
    Unknown(Vec<u8>),
    Plain,
    Utf16(Box<encoding_rs::Decoder>),
    /// UTF-16 whose repair (S002) is not selected: copied as it is.
    AsItIs,
}

/// What the first pass of an unsafe fix looks for: the aanmaakdatum of the intact records.
#[derive(Default)]
struct Survey {
    seen: Option<Vec<u8>>,
    disagree: bool,
}

/// One file on its way through the repairs, fed in chunks of any size.
struct Fixer<'w, 'o> {
    repairs: Repairs<'o>,
    out: Output,
    diff: Option<Diff<'w>>,
    decoding: Decoding,
    /// The start of a line that ends in a later chunk (at most one line's worth).
    carry: Vec<u8>,
    /// In a line too long to be a record (S011), copied as it is up to its line feed.
    passing: bool,
    lines: u64,
    /// Where pass 2 starts: the header row's place, the separator of the header and the
    /// records, decided as the check decides them (`structure::Start`).
    start: Start,
    /// No text (a zip, a workbook, NUL bytes in the first line: S002): every line is copied
    /// as it is.
    not_text: bool,
    /// The last line ended in CR LF (a missing final line end is added the same way).
    crlf: bool,
    bytes_in: u64,
    survey: Option<Survey>,
    /// The first error of the writer; nothing more is done after it.
    error: Option<io::Error>,
    /// The values of a record on the valid path (kept to save initialising them per line).
    row: crate::record::Row,
    /// The valid path's verdicts on the whole lines of the block being fed, worked out ahead
    /// by the thread that reads ([`screen`]).
    verdicts: Option<Verdicts>,
}

/// The changed lines, as a diff to show (BSNs masked).
struct Diff<'w> {
    writer: &'w mut dyn Write,
    header: Option<String>,
}

impl<'w, 'o> Fixer<'w, 'o> {
    fn new(
        input: &str,
        options: &'o Options,
        fix: &'o FixOptions,
        out: Output,
        diff: Option<Diff<'w>>,
    ) -> Fixer<'w, 'o> {
        let spec = options.spec;
        let period = input_period(input, options);
        Fixer {
            repairs: Repairs {
                options,
                fix,
                spec,
                fields: FieldRules::new(spec, period, options.reveal_bsn),
                records: RecordRules::new(spec, period),
                repairer: Repairer::default(),
                open: false,
                log: FixLog::default(),
                max_per_rule: options.max_per_rule as u64,
            },
            out,
            diff,
            decoding: Decoding::Unknown(Vec::new()),
            carry: Vec::new(),
            passing: false,
            lines: 0,
            start: Start::default(),
            not_text: false,
            crlf: false,
            bytes_in: 0,
            survey: None,
            error: None,
            row: crate::record::Row::default(),
            verdicts: None,
        }
    }

    fn feed(&mut self, chunk: &[u8]) {
        if self.error.is_some() {
            return;
        }
        self.bytes_in += chunk.len() as u64;
        if let Err(err) = self.feed_decoding(chunk, false) {
            self.error = Some(err);
        }
    }

    /// Decides the encoding from the first bytes, then hands the text on.
    fn feed_decoding(&mut self, chunk: &[u8], last: bool) -> io::Result<()> {
        match &mut self.decoding {
            Decoding::Plain => self.feed_text(chunk),
            Decoding::AsItIs => self.out.put(chunk),
            Decoding::Utf16(_) => {
                let Decoding::Utf16(mut decoder) =
                    std::mem::replace(&mut self.decoding, Decoding::Plain)
                else {
                    unreachable!("matched above");
                };
                let decoded = self.feed_utf16(&mut decoder, chunk, last);
                self.decoding = Decoding::Utf16(decoder);
                decoded
            }
            Decoding::Unknown(kept) => {
                if !kept.is_empty() {
                    // The text is no longer the block the verdicts were worked out on.
                    self.verdicts = None;
                }
                kept.extend_from_slice(chunk);
                if kept.len() < 2 && !last {
                    return Ok(());
                }
                let head = std::mem::take(kept);
                self.decoding = if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
                    self.utf16(&head)
                } else {
                    Decoding::Plain
                };
                self.feed_decoding(&head, last)
            }
        }
    }

    fn feed_utf16(
        &mut self,
        decoder: &mut encoding_rs::Decoder,
        mut input: &[u8],
        last: bool,
    ) -> io::Result<()> {
        let mut output = vec![0u8; (input.len() * 3 / 2 + 16).min(FIX_BLOCK * 2)];
        loop {
            let (result, read, written, _) = decoder.decode_to_utf8(input, &mut output, last);
            input = &input[read..];
            self.feed_text(&output[..written])?;
            if result == encoding_rs::CoderResult::InputEmpty {
                return Ok(());
            }
        }
    }

    /// A file in UTF-16 is decoded and written as UTF-8 (S002's repair), or copied as it is
    /// when that repair is not selected.
    #[cold]
    fn utf16(&mut self, head: &[u8]) -> Decoding {
        let how = Rule::NotText.applicability();
        if self.survey.is_none() && !self.repairs.allowed(Rule::NotText, how) {
            return Decoding::AsItIs;
        }
        let (decoder, name) = if head.starts_with(b"\xFF\xFE") {
            (
                encoding_rs::UTF_16LE.new_decoder_with_bom_removal(),
                "UTF-16LE",
            )
        } else {
            (
                encoding_rs::UTF_16BE.new_decoder_with_bom_removal(),
                "UTF-16BE",
            )
        };
        if self.survey.is_none() {
            self.repairs.record(
                Rule::NotText,
                None,
                None,
                how,
                || name.to_string(),
                || "UTF-8".to_string(),
            );
        }
        Decoding::Utf16(Box::new(decoder))
    }

    /// Text in UTF-8 (or ANSI): whole lines in `chunk` are decided where they are; a line
    /// that is fine is not copied on its own but as part of the run of fine lines it is in.
    fn feed_text(&mut self, mut chunk: &[u8]) -> io::Result<()> {
        if self.passing {
            match memchr(b'\n', chunk) {
                Some(end) => {
                    self.out.put(&chunk[..=end])?;
                    self.passing = false;
                    self.crlf = end > 0 && chunk[end - 1] == b'\r';
                    chunk = &chunk[end + 1..];
                }
                None => return self.out.put(chunk),
            }
        }
        if !self.carry.is_empty() {
            match memchr(b'\n', chunk) {
                Some(end) => {
                    let mut line = std::mem::take(&mut self.carry);
                    line.extend_from_slice(&chunk[..end]);
                    self.lines += 1;
                    self.line(&line, true)?;
                    line.clear();
                    self.carry = line;
                    chunk = &chunk[end + 1..];
                }
                None => {
                    self.carry.extend_from_slice(chunk);
                    return self.pass_if_too_long();
                }
            }
        }
        let mut verdicts = self.verdicts.take();
        let (mut run, mut at) = (0, 0);
        while let Some(found) = memchr(b'\n', &chunk[at..]) {
            let end = at + found;
            self.lines += 1;
            let verdict = verdicts.as_mut().and_then(Verdicts::next);
            if !self.unchanged(&chunk[at..end], verdict) {
                self.out.put(&chunk[run..at])?;
                self.line(&chunk[at..end], true)?;
                run = end + 1;
            }
            at = end + 1;
        }
        self.out.put(&chunk[run..at])?;
        if at > 0 {
            // How the last whole line ended, whichever way it went.
            self.crlf = at >= 2 && chunk[at - 2] == b'\r';
        }
        self.carry.extend_from_slice(&chunk[at..]);
        self.pass_if_too_long()
    }

    /// A line begun in `carry` that is already too long to be a record is copied as it is
    /// (as the check only reports it, S011), so that no line is held longer than that.
    fn pass_if_too_long(&mut self) -> io::Result<()> {
        if self.carry.len() <= MAX_LINE_BYTES + 1 {
            return Ok(());
        }
        self.lines += 1;
        if self.lines == 1 {
            self.not_text = not_text(&self.carry);
        }
        self.start.too_long();
        let carry = std::mem::take(&mut self.carry);
        let kept = if self.lines == 1 && !self.not_text {
            self.without_bom(&carry)
        } else {
            &carry
        };
        if kept.len() < carry.len() {
            self.repairs.log.lines_changed += 1;
        }
        self.out.put(kept)?;
        self.passing = true;
        Ok(())
    }

    /// S003's repair of a first line too long to be read further (S011, copied as it is):
    /// only its byte order mark is taken away.
    #[cold]
    fn without_bom<'l>(&mut self, line: &'l [u8]) -> &'l [u8] {
        match structure::without_bom(line) {
            Some(rest) if self.takes_bom() => rest,
            _ => line,
        }
    }

    /// Whether S003's repair (taking the byte order mark away) is asked for; if so, it is
    /// recorded.
    fn takes_bom(&mut self) -> bool {
        let allowed = self
            .repairs
            .allowed(Rule::ByteOrderMark, Rule::ByteOrderMark.applicability());
        if allowed {
            self.repairs.record(
                Rule::ByteOrderMark,
                Some(1),
                None,
                Rule::ByteOrderMark.applicability(),
                || "EF BB BF".to_string(),
                String::new,
            );
        }
        allowed
    }

    /// Whether a whole line (without its line feed) is a record the valid path accepts: no
    /// rule finds anything in it, so it is copied as it is, with the lines around it.
    /// `verdict` is the valid path's, worked out ahead with the protocol's separator.
    #[inline]
    fn unchanged(&mut self, line: &[u8], verdict: Option<bool>) -> bool {
        if let Some(survey) = self.survey.as_mut() {
            survey_line(survey, &self.repairs.fields, line);
            return true;
        }
        if !self.start.header_done() {
            return false;
        }
        if self.not_text {
            return true;
        }
        if !self.start.decided() {
            return false;
        }
        let content = line.strip_suffix(b"\r").unwrap_or(line);
        let clean = match verdict {
            Some(clean) if self.repairs.fields.separator == self.repairs.spec.separator => clean,
            _ => self
                .repairs
                .fields
                .clean_fields(content, &mut self.row)
                .is_some(),
        };
        clean
    }

    /// One line (`raw`, without its line feed; `ended` whether it had one): repaired where
    /// the check finds something to repair, written, shown in the diff when changed.
    #[cold]
    fn line(&mut self, raw: &[u8], ended: bool) -> io::Result<()> {
        let number = self.lines;
        self.repairs.open = false;
        if let Some(survey) = self.survey.as_mut() {
            survey_line(survey, &self.repairs.fields, raw);
            return Ok(());
        }
        let (content, end): (&[u8], &[u8]) = match (ended, raw.strip_suffix(b"\r")) {
            (true, Some(content)) => (content, b"\r\n"),
            (true, None) => (raw, b"\n"),
            (false, _) => (raw, b""),
        };
        if number == 1 {
            self.not_text = not_text(content);
        }
        if self.not_text {
            self.out.put(raw)?;
            return if ended { self.out.put(b"\n") } else { Ok(()) };
        }
        let mut line = Cow::Borrowed(content);
        if content.len() > MAX_LINE_BYTES {
            self.start.too_long();
            if number == 1 {
                line = Cow::Borrowed(self.without_bom(content));
            }
        } else {
            match self.repair(number, line, !ended) {
                Some(repaired) => line = repaired,
                None => return self.dropped(number, content),
            }
        }
        if ended {
            self.crlf = end == b"\r\n";
        }
        let added_end = if !ended && !raw.is_empty() && !self.not_text && !self.repairs.open {
            self.final_line_end(number)
        } else {
            b""
        };
        if line.as_ref() == content && added_end.is_empty() {
            self.out.put(raw)?;
            return if ended { self.out.put(b"\n") } else { Ok(()) };
        }
        self.repairs.log.lines_changed += 1;
        if self.diff.is_some() {
            self.show(number, content, &line, !added_end.is_empty())?;
        }
        self.out.put(&line)?;
        self.out.put(end)?;
        self.out.put(added_end)
    }

    /// A line the repairs drop (a row of separators only): nothing is written of it, its line
    /// end neither; the diff shows it gone.
    #[cold]
    fn dropped(&mut self, number: u64, content: &[u8]) -> io::Result<()> {
        self.repairs.log.lines_changed += 1;
        if self.diff.is_some() {
            let old = self.shown_line(content);
            if let Some(diff) = self.diff.as_mut() {
                if let Some(header) = diff.header.take() {
                    diff.writer.write_all(header.as_bytes())?;
                }
                write!(diff.writer, "@@ -{number} +{number},0 @@\n-{old}\n")?;
            }
        }
        Ok(())
    }

    /// S010's repair for the last line, `number`, which ends without a line break: the line
    /// end of the line before it (LF when there is none), if the repair is selected.
    fn final_line_end(&mut self, number: u64) -> &'static [u8] {
        if !self.repairs.allowed(
            Rule::MissingFinalNewline,
            Rule::MissingFinalNewline.applicability(),
        ) {
            return b"";
        }
        let (end, shown): (&'static [u8], &str) = if self.crlf {
            (b"\r\n", "\\r\\n")
        } else {
            (b"\n", "\\n")
        };
        self.repairs.record(
            Rule::MissingFinalNewline,
            Some(number),
            None,
            Rule::MissingFinalNewline.applicability(),
            String::new,
            || shown.to_string(),
        );
        end
    }

    /// The repairs of one line that is not too long, in the order the check meets it:
    /// the start of the file, a blank line, the header, a record; `cut` when it is the last
    /// and ends without a line break. `None` when the line is dropped.
    fn repair<'l>(
        &mut self,
        number: u64,
        mut line: Cow<'l, [u8]>,
        cut: bool,
    ) -> Option<Cow<'l, [u8]>> {
        if number == 1 {
            let rest = structure::without_bom(&line).map(<[u8]>::to_vec);
            if let Some(rest) = rest {
                if self.takes_bom() {
                    line = Cow::Owned(rest);
                } else {
                    // The rest of the line is what the check reads; the mark stays.
                    let mut kept = b"\xEF\xBB\xBF".to_vec();
                    let first = self.repair_first(number, Cow::Owned(rest), cut);
                    kept.extend_from_slice(&first.unwrap_or_default());
                    return Some(Cow::Owned(kept));
                }
            }
        }
        self.repair_first(number, line, cut)
    }

    /// [`Self::repair`] after the byte order mark.
    fn repair_first<'l>(
        &mut self,
        number: u64,
        line: Cow<'l, [u8]>,
        cut: bool,
    ) -> Option<Cow<'l, [u8]>> {
        if line.is_empty() {
            return Some(line);
        }
        let first = if self.start.decided() {
            false
        } else {
            let spec = self.repairs.spec;
            let separator = &mut self.repairs.fields.separator;
            match self.start.line(spec, number, &line, separator, None) {
                Role::Header => return Some(self.repairs.header(number, line)),
                Role::Record { first } => first,
            }
        };
        self.repairs.record_line(number, line, Place { first, cut })
    }

    /// Writes a changed line to the diff: its number, the line before and after.
    #[cold]
    fn show(&mut self, number: u64, old: &[u8], new: &[u8], end_added: bool) -> io::Result<()> {
        let (old, new) = (self.shown_line(old), self.shown_line(new));
        let Some(diff) = self.diff.as_mut() else {
            return Ok(());
        };
        if let Some(header) = diff.header.take() {
            diff.writer.write_all(header.as_bytes())?;
        }
        let note = if end_added {
            "\\ No newline at end of file\n"
        } else {
            ""
        };
        write!(
            diff.writer,
            "@@ -{number} +{number} @@\n-{old}\n{note}+{new}\n"
        )
    }

    /// A line as the diff shows it: fields shown as findings show values (the BSN column
    /// masked, and any nine digits passing the elfproef elsewhere, unless revealed), control
    /// characters and the byte order mark made visible.
    fn shown_line(&self, line: &[u8]) -> String {
        let repairs = &self.repairs;
        let separator = repairs.fields.separator;
        let bsn = repairs.spec.roles.bsn;
        let text = String::from_utf8_lossy(line);
        let mut out = String::with_capacity(line.len() + 8);
        for (i, field) in text.split(char::from(separator)).enumerate() {
            if i > 0 {
                out.push(char::from(separator));
            }
            // Column names (the header) hold no digit, and no BSN.
            let bsn = i == bsn && field.bytes().any(|b| b.is_ascii_digit());
            out.push_str(&masked(&visible(field), bsn, repairs.options.reveal_bsn));
        }
        out
    }

    fn finish(mut self) -> io::Result<Fixed> {
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        if !matches!(self.decoding, Decoding::Plain | Decoding::AsItIs) {
            self.feed_decoding(&[], true)?;
        }
        if self.passing {
            // The last line was too long to be a record and ends without a line feed.
            self.passing = false;
            if !self.not_text {
                let end = self.final_line_end(self.lines);
                if !end.is_empty() {
                    self.repairs.log.lines_changed += 1;
                }
                self.out.put(end)?;
            }
        } else if !self.carry.is_empty() {
            let line = std::mem::take(&mut self.carry);
            self.lines += 1;
            self.line(&line, false)?;
        }
        self.out.flush()?;
        self.out.consumers.clear();
        Ok(Fixed {
            log: self.repairs.log,
            bytes_in: self.bytes_in,
            bytes_out: self.out.written,
        })
    }
}

/// What a fix made, besides the check of it.
struct Fixed {
    log: FixLog,
    bytes_in: u64,
    bytes_out: u64,
}

/// A value as findings show it: the BSN column masked to its last two digits, and elsewhere
/// any nine digits that pass the elfproef, also after the zeros that pad a number to its
/// width (a BSN in a toewijzingsnummer stays masked once padded, as in F003's suggestion);
/// all of it when `reveal`.
fn masked(text: &str, bsn: bool, reveal: bool) -> String {
    if reveal {
        return text.to_string();
    }
    if bsn {
        return mask_bsn(text);
    }
    let masked = mask_embedded_bsns(text);
    let zeros = text.len() - text.trim_start_matches('0').len();
    if masked == text && zeros > 0 && text.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{}{}", &text[..zeros], mask_embedded_bsns(&text[zeros..]));
    }
    masked
}

/// Whether the first line shows that the file is no text (S002: a zip, a workbook, NUL
/// bytes), as the check finds it: such a file is copied as it is.
fn not_text(first_line: &[u8]) -> bool {
    // The check sees at most the first MAX_LINE_BYTES of a line, after a byte order mark.
    let seen = &first_line[..first_line.len().min(MAX_LINE_BYTES)];
    structure::no_text(structure::without_bom(seen).unwrap_or(seen)).is_some()
}

/// The reporting period of the input, from its name (or the delivery window), as pass 1 reads
/// it: what the field rules of a fix are compiled for.
fn input_period(input: &str, options: &Options) -> Option<crate::spec::Period> {
    check_name(input, options.window, &mut Sink::new(RuleSet::empty(), 0))
}

/// Control characters, the byte order mark and the other characters that look like a space
/// made visible, as in finding values.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_unusual_space(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_unusual_space(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The first pass of an unsafe fix: the aanmaakdatum of a record, when it is intact.
fn survey_line(survey: &mut Survey, fields: &FieldRules, line: &[u8]) {
    let column = fields.spec.roles.aanmaakdatum;
    let plan = &fields.plans[column];
    let mut parts = line.split(|b| *b == fields.separator);
    let Some(value) = parts.nth(column) else {
        return;
    };
    if value.len() != plan.width || fields.clean_value(plan, value).is_none() {
        return;
    }
    match &survey.seen {
        None => survey.seen = Some(value.to_vec()),
        Some(seen) if seen.as_slice() != value => survey.disagree = true,
        Some(_) => {}
    }
}

/// The aanmaakdatum every intact record of a file agrees on, if they all agree (the first
/// pass of an unsafe fix of F007): read from `reader` as the fix reads it.
pub fn agreed_aanmaakdatum(reader: impl Read, options: &Options) -> io::Result<Option<Vec<u8>>> {
    let fix = FixOptions::default();
    let out = Output {
        buffer: Vec::new(),
        consumers: Vec::new(),
        written: 0,
    };
    let mut fixer = Fixer::new("", options, &fix, out, None);
    fixer.survey = Some(Survey::default());
    read_into(reader, options, &mut fixer)?;
    fixer.finish_survey()
}

impl Fixer<'_, '_> {
    fn finish_survey(mut self) -> io::Result<Option<Vec<u8>>> {
        if !matches!(self.decoding, Decoding::Plain | Decoding::AsItIs) {
            self.feed_decoding(&[], true)?;
        }
        if !self.carry.is_empty() {
            let line = std::mem::take(&mut self.carry);
            self.line(&line, false)?;
        }
        let survey = self.survey.take().unwrap_or_default();
        Ok(survey.seen.filter(|_| !survey.disagree))
    }
}

/// Reads `reader` into `fixer` in blocks, looking at the stop token before each read.
fn read_into(
    mut reader: impl Read,
    options: &Options,
    fixer: &mut Fixer<'_, '_>,
) -> io::Result<()> {
    let mut buffer = vec![0u8; FIX_BLOCK];
    loop {
        stop::check(options.stop.as_ref())?;
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => fixer.feed(&buffer[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        if let Some(err) = fixer.error.take() {
            return Err(err);
        }
    }
}

/// The valid path's verdicts on the whole lines of a block, in order: bit `i` for the `i`-th.
struct Verdicts {
    bits: Vec<u64>,
    count: usize,
    next: usize,
}

impl Verdicts {
    fn next(&mut self) -> Option<bool> {
        let i = self.next;
        (i < self.count).then(|| {
            self.next += 1;
            self.bits[i / 64] >> (i % 64) & 1 != 0
        })
    }
}

/// A block of the input read ahead, with the verdicts on its whole lines (none for UTF-16).
struct Screened {
    block: Vec<u8>,
    verdicts: Option<Verdicts>,
}

/// A block of the input as read, and what its screening needs to know of the blocks before
/// it: whether a line starts with it, and whether the file is in UTF-16 (then it is not
/// screened).
struct Unscreened {
    block: Vec<u8>,
    at_line_start: bool,
    utf16: bool,
}

/// Threads that screen blocks, each taking every so many blocks in turn.
const SCREENERS: usize = 2;

/// The thread that reads: reads the input in blocks, looking at the stop token before each
/// read, and hands them in turn to the [`SCREENERS`] (so that block `k` goes to screener
/// `k % SCREENERS`, and an error to the one whose turn it is).
fn read_ahead(
    mut reader: impl Read,
    options: &Options,
    screeners: &[SyncSender<io::Result<Unscreened>>],
) {
    let (mut at_line_start, mut utf16) = (true, None);
    for turn in (0..screeners.len()).cycle() {
        let mut block = vec![0u8; FIX_BLOCK];
        let read = loop {
            if let Err(err) = stop::check(options.stop.as_ref()) {
                break Err(err.into());
            }
            match reader.read(&mut block) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let n = match read {
            Ok(0) => return,
            Ok(n) => n,
            Err(err) => {
                let _ = screeners[turn].send(Err(err));
                return;
            }
        };
        block.truncate(n);
        let utf16 =
            *utf16.get_or_insert(block.starts_with(b"\xFF\xFE") || block.starts_with(b"\xFE\xFF"));
        let next_at_line_start = block.last() == Some(&b'\n');
        let read = Unscreened {
            block,
            at_line_start,
            utf16,
        };
        at_line_start = next_at_line_start;
        if screeners[turn].send(Ok(read)).is_err() {
            return;
        }
    }
}

/// A screener: works out for every whole line of a block whether the valid path accepts it,
/// so that the repairs need not, and hands the block on with the verdicts. A block's whole
/// lines are those after the end of a line begun in an earlier block, as the fixer splits
/// them; the verdicts are the valid path's with the protocol's separator, which the fixer
/// uses only while it splits at that one.
fn screen(
    fields: &FieldRules,
    blocks: std::sync::mpsc::Receiver<io::Result<Unscreened>>,
    screened: &SyncSender<io::Result<Screened>>,
) {
    let mut row = crate::record::Row::default();
    for read in blocks {
        let read = match read {
            Ok(read) => read,
            Err(err) => {
                let _ = screened.send(Err(err));
                return;
            }
        };
        let block = read.block;
        let verdicts = (!read.utf16).then(|| {
            let mut at = if read.at_line_start {
                0
            } else {
                memchr(b'\n', &block).map_or(block.len(), |end| end + 1)
            };
            let mut verdicts = Verdicts {
                bits: Vec::with_capacity(FIX_BLOCK / 64 / 64),
                count: 0,
                next: 0,
            };
            while let Some(found) = memchr(b'\n', &block[at..]) {
                let line = &block[at..at + found];
                let content = line.strip_suffix(b"\r").unwrap_or(line);
                let clean = fields.clean_fields(content, &mut row).is_some();
                if verdicts.count.is_multiple_of(64) {
                    verdicts.bits.push(0);
                }
                *verdicts.bits.last_mut().expect("pushed") |=
                    u64::from(clean) << (verdicts.count % 64);
                verdicts.count += 1;
                at += found + 1;
            }
            verdicts
        });
        if screened.send(Ok(Screened { block, verdicts })).is_err() {
            return;
        }
    }
}

/// Names and writers of one fix: the input's name (for the diff and the period), the
/// output's (for the check of what is written), where the diff goes.
pub struct Target<'w> {
    pub input: &'w str,
    pub output: &'w str,
    pub diff: Option<&'w mut dyn Write>,
}

/// Fixes what `reader` holds into `writer`, in blocks of [`FIX_BLOCK`], and checks what it
/// writes as it writes it. Memory stays bounded whatever the size of the input. A requested
/// `options.stop` ends it with an error that [`crate::Stopped::is`] recognises.
pub fn fix_reader(
    reader: impl Read + Send,
    writer: &mut (dyn Write + Send),
    target: Target<'_>,
    options: &Options,
    fix: &FixOptions,
) -> io::Result<FixReport> {
    let (fixed, checked) = run(reader, writer, target, options, fix, true)?;
    let checked = checked.ok_or_else(|| io::Error::other("the output was not checked"))?;
    Ok(fixed.with_check(checked))
}

/// Fixes the file at `path` into the file at `written` (which the caller opened as `writer`,
/// and names `target.output`), then checks that file on as many threads as `options.jobs`
/// allows: what is on disk is checked, and the check is no longer the longest thread of the
/// fix. With unsafe repairs and no aanmaakdatum given, a first pass finds the one the intact
/// records agree on ([`agreed_aanmaakdatum`]).
pub fn fix_file(
    path: &Path,
    writer: &mut (dyn Write + Send),
    written: &Path,
    target: Target<'_>,
    options: &Options,
    fix: &FixOptions,
) -> io::Result<FixReport> {
    let fix = with_agreed_aanmaakdatum(path, options, fix)?;
    let output = target.output.to_string();
    let (fixed, _) = run(
        std::fs::File::open(path)?,
        writer,
        target,
        options,
        &fix,
        false,
    )?;
    let check = crate::check::check_path(written, &output, options)?;
    Ok(fixed.with_check(check))
}

impl Fixed {
    fn with_check(self, check: FileReport) -> FixReport {
        FixReport {
            log: self.log,
            bytes_in: self.bytes_in,
            bytes_out: self.bytes_out,
            check,
        }
    }
}

/// The threads of a fix: one reads, [`SCREENERS`] work out the valid path's verdicts ahead,
/// this one repairs, one writes and (when `check` is asked for) one checks what is written.
fn run(
    reader: impl Read + Send,
    writer: &mut (dyn Write + Send),
    target: Target<'_>,
    options: &Options,
    fix: &FixOptions,
    check: bool,
) -> io::Result<(Fixed, Option<FileReport>)> {
    // What the screeners judge lines by: the field rules of the input's period, as the fixer's.
    let fields = FieldRules::new(
        options.spec,
        input_period(target.input, options),
        options.reveal_bsn,
    );
    std::thread::scope(|scope| {
        let (to_writer, blocks) = sync_channel::<Arc<Vec<u8>>>(BLOCKS_IN_FLIGHT);
        let writing = scope.spawn(move || -> io::Result<()> {
            for block in blocks {
                writer.write_all(&block)?;
            }
            writer.flush()
        });
        let mut consumers = vec![to_writer];
        let checking = check.then(|| {
            let (to_check, blocks) = sync_channel::<Arc<Vec<u8>>>(BLOCKS_IN_FLIGHT);
            consumers.push(to_check);
            let output = target.output;
            scope.spawn(move || {
                let mut check = Checking::new(output, options);
                for block in blocks {
                    check.feed(&block);
                }
                check.finish()
            })
        });
        let out = Output {
            buffer: Vec::with_capacity(FIX_BLOCK),
            consumers,
            written: 0,
        };
        let diff = target.diff.map(|writer| Diff {
            writer,
            header: Some(format!("--- {}\n+++ {}\n", target.input, target.output)),
        });
        let mut fixer = Fixer::new(target.input, options, fix, out, diff);
        let mut to_screeners = Vec::with_capacity(SCREENERS);
        let mut screened = Vec::with_capacity(SCREENERS);
        let mut screeners = Vec::with_capacity(SCREENERS);
        for _ in 0..SCREENERS {
            let (to_screener, blocks) = sync_channel::<io::Result<Unscreened>>(BLOCKS_IN_FLIGHT);
            let (to_fixer, from_screener) = sync_channel::<io::Result<Screened>>(BLOCKS_IN_FLIGHT);
            let fields = &fields;
            screeners.push(scope.spawn(move || screen(fields, blocks, &to_fixer)));
            to_screeners.push(to_screener);
            screened.push(from_screener);
        }
        let reading = scope.spawn(move || read_ahead(reader, options, &to_screeners));
        let mut fed = Ok(());
        // The blocks come back in the order they were read: each screener in turn.
        for from_screener in screened.iter().cycle() {
            let Ok(block) = from_screener.recv() else {
                break;
            };
            let Screened { block, verdicts } = match block {
                Ok(block) => block,
                Err(err) => {
                    fed = Err(err);
                    break;
                }
            };
            fixer.verdicts = verdicts;
            fixer.feed(&block);
            if let Some(err) = fixer.error.take() {
                fed = Err(err);
                break;
            }
        }
        drop(screened);
        // The fixer holds the threads' channels: it must be gone before they are joined.
        let fixed = match fed {
            Ok(()) => fixer.finish(),
            Err(err) => {
                drop(fixer);
                Err(err)
            }
        };
        let join = |thread: std::thread::ScopedJoinHandle<'_, ()>| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        screeners.into_iter().chain([reading]).for_each(join);
        // The writer's own error explains a fix that could not hand it a block.
        let written = writing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let checked = checking
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .transpose();
        let fixed = written.and(fixed)?;
        Ok((fixed, checked?))
    })
}

/// [`fix_reader`] for a file on disk; with unsafe fixes and no aanmaakdatum given, a first
/// pass finds the one the intact records agree on ([`agreed_aanmaakdatum`]).
pub fn fix_path(
    path: &Path,
    writer: &mut (dyn Write + Send),
    target: Target<'_>,
    options: &Options,
    fix: &FixOptions,
) -> io::Result<FixReport> {
    let fix = with_agreed_aanmaakdatum(path, options, fix)?;
    fix_reader(std::fs::File::open(path)?, writer, target, options, &fix)
}

/// The repairs to make of a file on disk: with unsafe ones and no aanmaakdatum given, the
/// one its intact records agree on, read in a first pass.
fn with_agreed_aanmaakdatum<'f>(
    path: &Path,
    options: &Options,
    fix: &'f FixOptions,
) -> io::Result<Cow<'f, FixOptions>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is not a regular file",
        ));
    }
    let mut fix = Cow::Borrowed(fix);
    if fix.unsafe_fixes && fix.aanmaakdatum.is_none() {
        let agreed = agreed_aanmaakdatum(std::fs::File::open(path)?, options)?;
        fix.to_mut().aanmaakdatum = agreed.map(Aanmaakdatum::Agreed);
    }
    Ok(fix)
}

/// Fixes a file held in memory: the bytes written and the report. With unsafe fixes and no
/// aanmaakdatum given, the bytes are read twice ([`fix_path`]).
pub fn fix_bytes(
    bytes: &[u8],
    target: Target<'_>,
    options: &Options,
    fix: &FixOptions,
) -> io::Result<(Vec<u8>, FixReport)> {
    let mut fix = Cow::Borrowed(fix);
    if fix.unsafe_fixes && fix.aanmaakdatum.is_none() {
        fix.to_mut().aanmaakdatum = agreed_aanmaakdatum(bytes, options)?.map(Aanmaakdatum::Agreed);
    }
    let mut written = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    let report = fix_reader(bytes, &mut written, target, options, &fix)?;
    Ok((written, report))
}

#[cfg(test)]
mod tests;
