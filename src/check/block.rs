//! The block path: records checked straight from the input block, once the header and the
//! first records (which decide the reference) are behind. Each record is classified in 64-byte windows (line feed,
//! separators, other bytes: `scan::classify`), and its separator positions are looked up
//! in a small cache of layouts: where each field starts, given which fields are empty. A
//! record whose layout holds every field at its exact width, with only digits, and that
//! repeats the reference's aanmaakdatum and gemeentecode needs no splitting, no boundary
//! checks and no reference comparison: its fields are checked with the same predicates as
//! the full checks (the field rules' [`Plan`]), and a value they refuse is reported here
//! with the full checks' own function (`FieldRules::refused`), as are the record rules.
//! Anything else (a wrong width, an empty mandatory field, a stray byte, another
//! aanmaakdatum or gemeentecode) goes to [`FileChecker::line`], which finds and reports it.

use memchr::memchr;

use super::{add_gemeente, Context, FileChecker};
use crate::record::{date8, parse4, parse8, MAX_COLUMNS};
use crate::rules::field::{Plan, Shape};
use crate::rules::record::Presence;
use crate::scan::classify::{Classes, Classifier, WINDOW};
use crate::scan::{Line, Terminator};

/// The block path reads two windows per record: a record with its line ending must fit.
const MAX_RECORD: usize = 2 * WINDOW - 2;

/// Bytes readable past a record's end: a field is read in whole words, even when empty.
const SLACK: usize = 16;

/// What the block path reads of a record: the two windows and the slack after them.
const RECORD_BYTES: usize = 2 * WINDOW + SLACK;

/// Layouts kept: which optional fields are filled repeats from record to record. A
/// generated file has about 460 layouts, real files fewer. A layout is 64 bytes; the
/// cache starts afresh when full.
const MAX_LAYOUTS: usize = 4096;
/// Slots of the hash table that finds them (a power of two, two bytes each).
const LAYOUT_BITS: u32 = 12;

/// The state of the block path for one checker.
pub(crate) struct BlockPath {
    classifier: Classifier,
    fields: Fields,
    layouts: Layouts,
    /// The reference record's aanmaakdatum and gemeentecode, each with the separator after
    /// it, as two 16-byte words and the mask of its bytes in them (all zero until the
    /// reference is known and valid), and the values of the two fields.
    prefix_words: [u128; 2],
    prefix_masks: [u128; 2],
    prefix_values: [u64; 2],
    /// Records taken since the last block: all of the reference's gemeentecode.
    rows: u64,
    /// Whether the fields are checked in unrolled loops ([`ProtocolCounts`]); tests also
    /// turn it off.
    pub(super) unrolled: bool,
    /// Which x86-64 level the processor has (detected once per file).
    #[cfg(target_arch = "x86_64")]
    x86_64_level: X86Level,
}

/// Which fields of a record are filled and where each starts, for one record length and set
/// of separator positions.
#[derive(Copy, Clone, Debug)]
struct Layout {
    separators: u128,
    len: u32,
    /// Whether every field is empty or exactly its width, and no mandatory field is empty.
    is_record: bool,
    /// Bit `i`: field `i` is filled.
    filled: u32,
    /// What the record rules decide from the filled fields alone (all valid, or the record
    /// is not taken).
    presence: Presence,
    /// Bit `k`: the `k`-th field in the order of [`Fields::check`] is filled.
    filled_in_order: u32,
    /// Where each field starts, in the order of [`Fields::check`]; an empty field "starts"
    /// at its separator.
    starts: [u8; MAX_COLUMNS + 1],
}

const VACANT: Layout = Layout {
    separators: 0,
    // No record has this length, so a vacant slot never matches.
    len: u32::MAX,
    is_record: false,
    filled: 0,
    filled_in_order: 0,
    presence: Presence::NONE,
    starts: [0; MAX_COLUMNS + 1],
};

impl Layout {
    fn of(len: usize, separators: u128, context: &Context<'_>, order: &[usize]) -> Layout {
        let plans = &context.fields.plans;
        let not_a_record = Layout {
            len: len as u32,
            separators,
            ..VACANT
        };
        let n = plans.len();
        if separators.count_ones() as usize + 1 != n {
            return not_a_record;
        }
        let mut layout = Layout {
            is_record: true,
            ..not_a_record
        };
        let mut starts = [0u8; MAX_COLUMNS + 1];
        let (mut start, mut rest) = (0usize, separators);
        for (i, plan) in plans.iter().enumerate() {
            let end = if rest == 0 {
                len
            } else {
                rest.trailing_zeros() as usize
            };
            rest &= rest.wrapping_sub(1);
            starts[i] = start as u8;
            match end - start {
                0 if plan.mandatory => return not_a_record,
                0 => {}
                width if width == plan.width => layout.filled |= 1 << i,
                _ => return not_a_record,
            }
            start = end + 1;
        }
        for (k, &column) in order.iter().enumerate() {
            layout.starts[k] = starts[column];
            layout.filled_in_order |= (layout.filled >> column & 1) << k;
        }
        layout.presence = context.records.presence(layout.filled, layout.filled);
        layout
    }
}

/// The fields after the aanmaakdatum and gemeentecode, by shape: each shape is checked in
/// its own loop without branching on the data. Every field is read and checked, filled or
/// not, so that the work does not depend on which fields a record fills; an empty field's
/// result is ignored.
#[derive(Default)]
struct Fields {
    dates: Vec<(usize, bool)>,
    // A bit per value, for the values a field of the width can hold and, wrapped around, for
    // whatever an empty field's bytes give (its result is ignored).
    codes1: Vec<(usize, [u64; 4])>,
    codes2: Vec<(usize, Box<[u64; 64]>)>,
    codes4: Vec<(usize, Box<[u64; 256]>)>,
    volumes: Vec<usize>,
    numbers16: Vec<(usize, bool)>,
    bsns: Vec<usize>,
    /// Any other kind and width, checked as the valid path of the full checks does.
    others: Vec<(usize, Plan)>,
    /// The columns in the order [`Fields::check`] visits them.
    order: Vec<usize>,
}

impl Fields {
    fn new(plans: &[Plan]) -> Fields {
        let mut fields = Fields::default();
        for (column, plan) in plans.iter().enumerate().skip(2) {
            match plan.shape {
                Shape::Date8 => fields.dates.push((column, plan.zero_ok)),
                Shape::Code1 => fields.codes1.push((column, plan.code_table())),
                Shape::Code2 => fields.codes2.push((column, Box::new(plan.code_table()))),
                Shape::Code4 => fields.codes4.push((column, Box::new(plan.code_table()))),
                Shape::Volume8 => fields.volumes.push(column),
                Shape::Number16 => fields.numbers16.push((column, plan.zero_ok)),
                Shape::Bsn9 => fields.bsns.push(column),
                _ => fields.others.push((column, *plan)),
            }
        }
        let f = &fields;
        fields.order = (f.dates.iter().map(|d| d.0))
            .chain(f.codes1.iter().map(|c| c.0))
            .chain(f.codes2.iter().map(|c| c.0))
            .chain(f.codes4.iter().map(|c| c.0))
            .chain(f.volumes.iter().copied())
            .chain(f.numbers16.iter().map(|n| n.0))
            .chain(f.bsns.iter().copied())
            .chain(f.others.iter().map(|o| o.0))
            .collect();
        fields
    }

    /// How many fields of each shape there are, in the order of [`Counts::FIXED`].
    fn counts(&self) -> [usize; 7] {
        [
            self.dates.len(),
            self.codes1.len(),
            self.codes2.len(),
            self.codes4.len(),
            self.volumes.len(),
            self.numbers16.len(),
            self.bsns.len(),
        ]
    }

    /// Puts the value of every field in `values` and returns a bit for each field whose
    /// value the full checks would refuse, if it is filled, in the order of `self.order`.
    /// `starts` are the fields' starts in that order. `bytes` starts with the record, which
    /// holds only digits and separators, and reaches at least [`SLACK`] bytes beyond.
    #[inline(always)]
    fn check<S: Counts>(
        &self,
        bytes: &[u8; RECORD_BYTES],
        starts: &[u8; MAX_COLUMNS + 1],
        values: &mut [u64; MAX_COLUMNS + 1],
        context: &Context<'_>,
    ) -> u32 {
        // A field starts within the record (at most 126 bytes), so a word or two from there
        // is always within `bytes`; the mask lets the compiler see it.
        let at = |k: usize| usize::from(starts[k & 31]) & (2 * WINDOW - 1);
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
        let digit = |at: usize| u64::from(bytes[at].wrapping_sub(b'0'));
        let mut refused = 0u32;
        // The field's place in `self.order`.
        let mut k = 0usize;
        let mut put = |k: &mut usize, column: usize, value: u64, ok: bool| {
            values[column & 31] = value;
            refused |= u32::from(!ok) << (*k & 31);
            *k += 1;
        };
        for &(c, zero_ok) in counted::<S, _>(0, &self.dates) {
            let (value, date) = date8(word(at(k)));
            put(&mut k, c, value, Plan::date_ok(zero_ok, value, date));
        }
        for (c, table) in counted::<S, _>(1, &self.codes1) {
            let value = digit(at(k));
            put(&mut k, *c, value, Plan::code_listed(table, value));
        }
        for (c, table) in counted::<S, _>(2, &self.codes2) {
            let value = digit(at(k)) * 10 + digit(at(k) + 1);
            put(&mut k, *c, value, Plan::code_listed(table, value));
        }
        for (c, table) in counted::<S, _>(3, &self.codes4) {
            let value = parse4(word(at(k)) as u32);
            put(&mut k, *c, value, Plan::code_listed(table, value));
        }
        for &c in counted::<S, _>(4, &self.volumes) {
            let value = parse8(word(at(k)));
            put(&mut k, c, value, true);
        }
        for &(c, zero_ok) in counted::<S, _>(5, &self.numbers16) {
            let value = parse8(word(at(k))) * 100_000_000 + parse8(word(at(k) + 8));
            put(&mut k, c, value, Plan::number_ok(zero_ok, value));
        }
        for &c in counted::<S, _>(6, &self.bsns) {
            let value = parse8(word(at(k))) * 10 + digit(at(k) + 8);
            let ok = Plan::bsn_ok(value, &bytes[at(k)..at(k) + 9]);
            put(&mut k, c, value, ok);
        }
        for (c, plan) in &self.others {
            let raw = &bytes[at(k)..at(k) + plan.width];
            let value = context.fields.clean_value(plan, raw);
            put(&mut k, *c, value.unwrap_or(0), value.is_some());
        }
        refused
    }
}

/// How many fields of each shape [`Fields::check`] visits: as many as there are, or a
/// number fixed at compile time, so that its loops unroll.
trait Counts {
    /// Dates, 1-, 2- and 4-digit codes, volumes, 16-digit numbers, BSNs.
    const FIXED: Option<[usize; 7]>;
}

/// Any number of fields of each shape.
struct AnyCounts;

impl Counts for AnyCounts {
    const FIXED: Option<[usize; 7]> = None;
}

/// The numbers of the bundled protocol (a test checks that they are). With any other, the
/// block path takes [`AnyCounts`]: as right, a little slower.
struct ProtocolCounts;

impl Counts for ProtocolCounts {
    const FIXED: Option<[usize; 7]> = Some([4, 2, 4, 2, 2, 1, 1]);
}

/// The first `S::FIXED` items of `items` (all of them), so that the compiler knows how
/// many there are.
#[inline(always)]
fn counted<S: Counts, T>(shape: usize, items: &[T]) -> &[T] {
    match S::FIXED {
        Some(counts) => &items[..counts[shape]],
        None => items,
    }
}

/// The x86-64 micro-architecture levels the block path is compiled for.
#[cfg(target_arch = "x86_64")]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum X86Level {
    Baseline,
    V3,
    V4,
}

#[cfg(target_arch = "x86_64")]
impl X86Level {
    fn detect() -> X86Level {
        use std::arch::is_x86_feature_detected as has;
        let v3 = has!("avx2")
            && has!("bmi1")
            && has!("bmi2")
            && has!("lzcnt")
            && has!("popcnt")
            && has!("movbe")
            && has!("fma")
            && has!("f16c");
        let v4 = has!("avx512f")
            && has!("avx512bw")
            && has!("avx512cd")
            && has!("avx512dq")
            && has!("avx512vl");
        match (v3, v4) {
            (true, true) => X86Level::V4,
            (true, false) => X86Level::V3,
            _ => X86Level::Baseline,
        }
    }
}

impl BlockPath {
    /// The block path for a file, if its protocol's records suit it: at most
    /// [`MAX_COLUMNS`] columns, short enough, with the aanmaakdatum and gemeentecode first.
    pub(crate) fn for_file(context: &Context<'_>) -> Option<BlockPath> {
        let spec = context.spec;
        let plans = &context.fields.plans;
        let n = plans.len();
        let longest: usize = spec.columns.iter().map(|c| c.width + 1).sum::<usize>() - 1;
        (context.fields.leading_reference.is_some()
            && n > 2
            && n <= MAX_COLUMNS
            && longest <= MAX_RECORD)
            .then(|| {
                let fields = Fields::new(plans);
                BlockPath {
                    classifier: Classifier::new(context.separator()),
                    unrolled: Some(fields.counts()) == ProtocolCounts::FIXED,
                    fields,
                    layouts: Layouts {
                        slots: vec![0; 1 << LAYOUT_BITS].into_boxed_slice(),
                        layouts: Vec::new(),
                    },
                    prefix_words: [0; 2],
                    prefix_masks: [0; 2],
                    prefix_values: [0; 2],
                    rows: 0,
                    #[cfg(target_arch = "x86_64")]
                    x86_64_level: X86Level::detect(),
                }
            })
    }

    pub(crate) fn is_armed(&self) -> bool {
        self.prefix_masks[0] != 0
    }

    /// Whether the record at the start of `bytes` begins with the reference's prefix. A
    /// shorter record does not: the line feed after it is no byte of the prefix.
    #[inline(always)]
    fn has_prefix(&self, bytes: &[u8; RECORD_BYTES]) -> bool {
        let half =
            |i: usize| u128::from_le_bytes(bytes[16 * i..16 * (i + 1)].try_into().expect("16"));
        ((half(0) ^ self.prefix_words[0]) & self.prefix_masks[0])
            | ((half(1) ^ self.prefix_words[1]) & self.prefix_masks[1])
            == 0
    }

    /// Takes the reference record's first two fields, if both are valid: only then can a
    /// record that repeats them be free of findings.
    pub(crate) fn arm(&mut self, context: &Context<'_>, aanmaak: &[u8], gemeente: &[u8]) {
        let values = [(0, aanmaak), (1, gemeente)].map(|(i, raw)| {
            let plan = &context.fields.plans[i];
            (raw.len() == plan.width)
                .then(|| context.fields.clean_value(plan, raw))
                .flatten()
        });
        if let [Some(a), Some(g)] = values {
            let separator = context.separator();
            let prefix = [aanmaak, &[separator], gemeente, &[separator]].concat();
            if prefix.len() > 32 {
                return;
            }
            let mut padded = [0u8; 32];
            padded[..prefix.len()].copy_from_slice(&prefix);
            let mut mask = [0u8; 32];
            mask[..prefix.len()].fill(0xFF);
            let half = |b: &[u8; 32], i: usize| {
                u128::from_le_bytes(b[16 * i..16 * (i + 1)].try_into().expect("16"))
            };
            self.prefix_words = [half(&padded, 0), half(&padded, 1)];
            self.prefix_masks = [half(&mask, 0), half(&mask, 1)];
            self.prefix_values = [a, g];
        }
    }
}

/// The layouts seen, found by record length and separators.
struct Layouts {
    /// Per hash: one more than the index in `layouts` of the last layout with that hash;
    /// zero for none.
    slots: Box<[u16]>,
    layouts: Vec<Layout>,
}

impl Layouts {
    /// The layout of a record of `len` bytes with these separators, from the cache or
    /// worked out and kept; `None` if it is not a record of the right fields.
    #[inline(always)]
    fn find(
        &mut self,
        len: usize,
        separators: u128,
        context: &Context<'_>,
        order: &[usize],
    ) -> Option<&Layout> {
        let hash = (separators as u64 ^ (separators >> 64) as u64).rotate_left(17) ^ len as u64;
        let slot = (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - LAYOUT_BITS)) as usize;
        let index = match usize::from(self.slots[slot]) {
            0 => None,
            i => Some(i - 1),
        };
        let hit = index.filter(|&i| {
            let cached = &self.layouts[i];
            cached.len == len as u32 && cached.separators == separators
        });
        let index = match hit {
            Some(i) => i,
            None => self.add(slot, Layout::of(len, separators, context, order)),
        };
        let layout = &self.layouts[index];
        layout.is_record.then_some(layout)
    }

    #[cold]
    #[inline(never)]
    fn add(&mut self, slot: usize, layout: Layout) -> usize {
        if self.layouts.len() == MAX_LAYOUTS {
            self.layouts.clear();
            self.slots.fill(0);
        }
        self.layouts.push(layout);
        self.slots[slot] = self.layouts.len() as u16;
        self.layouts.len() - 1
    }
}

impl BlockPath {
    /// Checks the whole lines at the start of `chunk` for `checker`, the first numbered
    /// `first_line`; returns the bytes and lines it took. What is left is the start of a line
    /// that ends in a later chunk. Records it cannot take go to the checker's other paths.
    pub(super) fn run(
        &mut self,
        checker: &mut FileChecker<'_>,
        chunk: &[u8],
        first_line: u64,
    ) -> (usize, u64) {
        if self.unrolled {
            self.run_on::<ProtocolCounts>(checker, chunk, first_line)
        } else {
            self.run_on::<AnyCounts>(checker, chunk, first_line)
        }
    }

    /// [`Self::run`] for the processor at hand.
    fn run_on<S: Counts>(
        &mut self,
        checker: &mut FileChecker<'_>,
        chunk: &[u8],
        first_line: u64,
    ) -> (usize, u64) {
        #[cfg(target_arch = "x86_64")]
        match self.x86_64_level {
            // SAFETY: the level is set to what the processor has (`X86Level::detect`).
            X86Level::V4 => return unsafe { self.run_x86_64_v4::<S>(checker, chunk, first_line) },
            // SAFETY: as above.
            X86Level::V3 => return unsafe { self.run_x86_64_v3::<S>(checker, chunk, first_line) },
            X86Level::Baseline => {}
        }
        self.run_any::<S>(checker, chunk, first_line)
    }

    /// [`Self::run_x86_64_v3`] with AVX-512 (x86-64-v4), which classifies a window in one
    /// vector.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(
        enable = "avx2,bmi1,bmi2,lzcnt,popcnt,movbe,fma,f16c,avx512f,avx512bw,avx512cd,avx512dq,avx512vl"
    )]
    fn run_x86_64_v4<S: Counts>(
        &mut self,
        checker: &mut FileChecker<'_>,
        chunk: &[u8],
        first_line: u64,
    ) -> (usize, u64) {
        self.run_any::<S>(checker, chunk, first_line)
    }

    /// [`Self::run`] compiled for the x86-64-v3 instructions (AVX2, BMI1/2, LZCNT, POPCNT,
    /// MOVBE, FMA, F16C): shifts by a variable, bit scans and the classifier inlined; the
    /// same code, only faster.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,bmi1,bmi2,lzcnt,popcnt,movbe,fma,f16c")]
    fn run_x86_64_v3<S: Counts>(
        &mut self,
        checker: &mut FileChecker<'_>,
        chunk: &[u8],
        first_line: u64,
    ) -> (usize, u64) {
        self.run_any::<S>(checker, chunk, first_line)
    }

    #[inline(always)]
    fn run_any<S: Counts>(
        &mut self,
        checker: &mut FileChecker<'_>,
        chunk: &[u8],
        first_line: u64,
    ) -> (usize, u64) {
        let (mut at, mut number) = (0usize, first_line);
        let mut padded = [0u8; RECORD_BYTES];
        loop {
            let rest = &chunk[at..];
            if rest.is_empty() {
                break;
            }
            // The line and what follows it, with room to read past its end: in place, or
            // the chunk's last bytes padded with NUL (never a line feed).
            let bytes: &[u8; RECORD_BYTES] = match rest.first_chunk() {
                Some(bytes) => bytes,
                None => {
                    padded.fill(0);
                    padded[..rest.len()].copy_from_slice(rest);
                    &padded
                }
            };
            let window = |i: usize| -> &[u8; WINDOW] {
                bytes[i * WINDOW..(i + 1) * WINDOW]
                    .try_into()
                    .expect("a window")
            };
            let first = self.classifier.classify(window(0));
            let classes = if first.newlines == 0 {
                [first, self.classifier.classify(window(1))]
            } else {
                [first, Classes::default()]
            };
            let newline = if classes[0].newlines != 0 {
                Some(classes[0].newlines.trailing_zeros() as usize)
            } else if classes[1].newlines != 0 {
                Some(WINDOW + classes[1].newlines.trailing_zeros() as usize)
            } else {
                // Too long for a record, or cut off by the end of the chunk.
                let from = rest.len().min(2 * WINDOW);
                memchr(b'\n', &rest[from..]).map(|i| from + i)
            };
            let Some(end) = newline else {
                break;
            };
            let line = &rest[..end];
            if let Taken::No { try_valid_path } =
                self.record::<S>(checker, number, line, bytes, &classes)
            {
                // Rows per gemeentecode in the order they come, as the full checks count them.
                self.add_rows(checker);
                checker.line_as(Line::ended(number, line, end as u64), try_valid_path);
            }
            at += end + 1;
            number += 1;
        }
        self.add_rows(checker);
        (at, number - first_line)
    }

    fn add_rows(&mut self, checker: &mut FileChecker<'_>) {
        if self.rows > 0 {
            add_gemeente(
                &mut checker.gemeenten,
                self.prefix_values[1] as u16,
                self.rows,
            );
            self.rows = 0;
        }
    }

    /// Takes a record (`line`, without its line feed; `bytes` starts with it and reaches
    /// [`SLACK`] beyond) whose layout, bytes and reference fields are right, reporting any
    /// value it refuses and any record rule that fires; leaves anything else to the full
    /// checks.
    #[inline(always)]
    fn record<S: Counts>(
        &mut self,
        checker: &mut FileChecker<'_>,
        number: u64,
        line: &[u8],
        bytes: &[u8; RECORD_BYTES],
        classes: &[Classes; 2],
    ) -> Taken {
        // The valid path of the full checks decides on the fields as this one does, except
        // on a record with another aanmaakdatum or gemeentecode: only that one may still be
        // free of field findings. (Trying it is only a matter of speed.)
        let not_taken = Taken::No {
            try_valid_path: !self.has_prefix(bytes),
        };
        let crlf = line.last() == Some(&b'\r');
        let len = line.len() - usize::from(crlf);
        if len > MAX_RECORD {
            return not_taken;
        }
        let within = (1u128 << len) - 1;
        let wide = |mask: fn(&Classes) -> u64| {
            u128::from(mask(&classes[0])) | u128::from(mask(&classes[1])) << 64
        };
        let separators = wide(|c| c.separators) & within;
        let stray = wide(|c| c.non_digits & !c.separators) & within;
        if stray != 0 || !self.has_prefix(bytes) {
            return not_taken;
        }
        let fields = &self.fields;
        let Some(layout) = self
            .layouts
            .find(len, separators, &checker.context, &fields.order)
        else {
            return not_taken;
        };
        let row = &mut checker.row;
        let filled = layout.filled;
        let refused = fields.check::<S>(bytes, &layout.starts, &mut row.values, &checker.context)
            & layout.filled_in_order;
        // The layout has the first two fields filled, and they are the reference's.
        row.filled = filled;
        row.valid = filled;
        row.values[..2].copy_from_slice(&self.prefix_values);
        if refused != 0 {
            // Only values are wrong (the layout, the bytes and the reference fields are
            // right): nothing else for the full checks to find.
            let starts = layout.starts;
            report_refused(
                fields,
                checker,
                number,
                &line[..len],
                bytes,
                &starts,
                refused,
            );
        } else if checker
            .context
            .records
            .record_rules_fire(&layout.presence, &checker.row)
        {
            let presence = layout.presence;
            checker.context.records.report_record(
                number,
                &checker.row,
                &presence,
                &mut checker.sink,
                &mut checker.outside,
            );
        }
        checker.rows += 1;
        self.rows += 1;
        checker.count_for_cbs();
        let terminator = if crlf {
            Terminator::CrLf
        } else {
            Terminator::Lf
        };
        checker.last_line = Some((number, len as u64, terminator));
        Taken::Yes
    }
}

/// Reports the refused values of a record, in column order, then the record rules, as the
/// full checks would; `refused` has a bit per field in the order of [`Fields`].
#[cold]
#[inline(never)]
fn report_refused(
    fields: &Fields,
    checker: &mut FileChecker<'_>,
    number: u64,
    line: &[u8],
    bytes: &[u8; RECORD_BYTES],
    starts: &[u8; MAX_COLUMNS + 1],
    refused: u32,
) {
    // Where each refused column's field is in `starts`.
    let (mut columns, mut place) = (0u32, [0u8; MAX_COLUMNS + 1]);
    for (k, &column) in fields.order.iter().enumerate() {
        if refused >> k & 1 != 0 {
            columns |= 1 << column;
            place[column] = k as u8;
        }
    }
    let triggers = checker.sink.triggers;
    // The line's findings, for the decision: the block path reports what the full checks
    // would (the decision asserts so in debug builds).
    checker.trace_line();
    let context = &checker.context;
    for column in (0..=MAX_COLUMNS).filter(|c| columns >> c & 1 != 0) {
        let start = usize::from(starts[usize::from(place[column])]);
        let raw = &bytes[start..start + context.fields.plans[column].width];
        context
            .fields
            .refused(number, column, raw, &mut checker.sink);
        checker.row.valid &= !(1 << column);
    }
    context.records.check_record(
        number,
        &checker.row,
        &mut checker.sink,
        &mut checker.outside,
    );
    checker.line_traced();
    // A zero-filled cell may be repairable: the repairs' decision says.
    if checker.sink.triggers != triggers {
        checker.decide_and_count(number, line, false, true);
    }
}

/// What the block path did with a record.
enum Taken {
    Yes,
    /// Left to the full checks; `try_valid_path`: worth trying their valid path first.
    No {
        try_valid_path: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Options;

    #[test]
    fn layouts_of_records() {
        let options = Options::default();
        let context = Context::new(&options, None);
        let line =
            b"202601150930;0363;123456782;0001;20250101;;4;0001;20250102;;;00000004;04;2;;;;";
        let separators = line
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b';')
            .fold(0u128, |m, (i, _)| m | 1 << i);
        let order = Fields::new(&context.fields.plans).order;
        let layout = Layout::of(line.len(), separators, &context, &order);
        assert!(layout.is_record);
        let fields: Vec<&[u8]> = line.split(|b| *b == b';').collect();
        let starts: Vec<usize> = fields
            .iter()
            .scan(0, |at, field| {
                let start = *at;
                *at += field.len() + 1;
                Some(start)
            })
            .collect();
        assert_eq!(&starts[..5], &[0, 13, 18, 28, 33]);
        let filled = (0..fields.len())
            .filter(|&i| !fields[i].is_empty())
            .fold(0u32, |m, i| m | 1 << i);
        assert_eq!(layout.filled, filled);
        // The fields after the first two, each once, in the order the checks visit them.
        assert_eq!(order.len(), fields.len() - 2);
        for (k, &column) in order.iter().enumerate() {
            assert!(order[..k].iter().all(|c| *c != column) && column >= 2);
            assert_eq!(
                usize::from(layout.starts[k]),
                starts[column],
                "field {column}"
            );
            assert_eq!(
                layout.filled_in_order >> k & 1,
                filled >> column & 1,
                "field {column}"
            );
        }
        // One digit more in the BSN, one separator more, an empty mandatory field.
        let longer_bsn = (separators >> 27 << 28) | (separators & ((1 << 27) - 1));
        assert!(!Layout::of(line.len() + 1, longer_bsn, &context, &order).is_record);
        assert!(
            !Layout::of(
                line.len() + 1,
                separators | 1 << line.len(),
                &context,
                &order
            )
            .is_record
        );
        let no_bsn = (separators >> 27 << 18) | (separators & ((1 << 18) - 1));
        assert!(!Layout::of(line.len() - 9, no_bsn, &context, &order).is_record);
    }

    /// The block path's loops are unrolled for the bundled protocol's numbers of fields of
    /// each shape; after a protocol change, update [`ProtocolCounts`].
    #[test]
    fn protocol_counts_are_the_bundled_protocols() {
        let options = Options::default();
        let context = Context::new(&options, None);
        let fields = Fields::new(&context.fields.plans);
        assert_eq!(Some(fields.counts()), ProtocolCounts::FIXED);
        assert!(fields.others.is_empty());
    }
}
