//! The figures CBS puts in its op-orde report for one municipality file: clients and
//! voorzieningen (after the two merge steps of §3.2.2 "Samenvoegen van records"), per type
//! code, publication group and leveringsvorm, and starts and ends per period and month.
//!
//! Feed one [`CountRecord`] per record whose needed fields are valid into a [`Counter`]
//! (one per thread if you like, then [`Counter::merge`]), and call [`Counter::finish`].
//!
//! # How records become voorzieningen (docs/protocol.md#counting)
//!
//! 1. Records with the same BSN, toewijzingsnummer, type and leveringsvorm are merged into
//!    one, whatever their dates; records without a toewijzingsnummer skip this step.
//! 2. Then records with the same BSN, type and leveringsvorm are merged when their periods
//!    are equal, overlap, lie one within the other, or the later one starts at most 3 days
//!    after the earlier one ends (later start ≤ earlier end + 3 days). A merge takes the
//!    earliest start and the latest end, and merging repeats until nothing more merges, so
//!    a chain A–B–C becomes one voorziening.
//!
//! Readings taken here:
//! - An open end (no end date in either end field) is infinitely late: an open record
//!   absorbs every later record of the same BSN, type and leveringsvorm.
//! - **(reading)** Records with the unknown BSN `999999999` identify nobody, so CBS cannot
//!   link them to a person: each such record is its own voorziening (neither step merges
//!   them), and they count towards no client. They do count in the voorzieningen per type,
//!   group and leveringsvorm and in the starts and ends.
//! - **(reading)** An empty or invalid leveringsvorm is read as `0` and compares equal to
//!   another `0`, so such records merge with each other like any other leveringsvorm.
//! - **(reading)** An end before the start (an error that rejects the file) is read as
//!   ending on the start day, so every period is a real interval.
//! - The merge is per file: CBS merges over all deliveries of a calendar year, which one
//!   file cannot see.
//!
//! The algorithm groups by BSN without sorting the records: records are kept in buckets by
//! BSN (a client's records share a bucket), and in each bucket the runs of records of one BSN
//! (a file mostly lists a client's records together) are sorted by BSN, so that a client's
//! runs come together; each client's few records are then sorted on their own, by (type,
//! leveringsvorm, toewijzingsnummer) for step 1, which compacts in place, and each (type,
//! leveringsvorm) group by start for step 2, which is one sweep. A stop is looked at between
//! buckets. O(n log n) time at worst (every record a run of its own), about O(n) when a file
//! lists its clients' records together; memory is the records (32 bytes each, as kept) plus
//! the runs and the small result maps.

use std::collections::BTreeMap;
use std::mem::size_of;

use serde::Serialize;

use crate::bsn::UNKNOWN_BSN;
use crate::spec::dates::days_from_ymd;
use crate::spec::{Period, Spec, Ymd};
use crate::stop::{self, Stop, Stopped};

/// Days a record may start after the previous one ends and still merge with it.
pub const MAX_GAP_DAYS: i64 = 3;

/// The key of [`Counts::voorzieningen_per_group`] and [`Counts::clients_per_group`] for a
/// type code that has no publication group in the spec (not fed by the checker, which only
/// counts valid type codes).
pub const NO_GROUP: &str = "none";

/// What counting needs of one record: 40 bytes (39 of data, padded to 8-byte alignment).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct CountRecord {
    /// The BSN; [`UNKNOWN_BSN`] (`999999999`) when unknown.
    pub bsn: u64,
    /// Nummer van de toewijzing, when filled and valid.
    pub toewijzingsnummer: Option<u64>,
    /// End date: daadwerkelijke where valid, else beoogde; `None` is open-ended.
    pub end: Option<Ymd>,
    /// Start date: daadwerkelijke where valid, else beoogde.
    pub start: Ymd,
    /// The effective type code: declaratie where valid, else toewijzing (`88` for `0088`).
    pub type_code: u16,
    /// Leveringsvorm (`2`, `4`, `6`); `0` when empty or invalid.
    pub leveringsvorm: u8,
}

const _: () = assert!(size_of::<CountRecord>() <= 40);

/// A record as the counter keeps it: 32 bytes, its key for step 1 in three plain numbers
/// (compared without unpacking an `Option`), an open end as the latest day there is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Kept {
    bsn: u64,
    /// The toewijzingsnummer; 0 without one (then [`Self::form`]'s lowest bit is 0).
    toewijzing: u64,
    /// The type, the leveringsvorm and whether there is a toewijzingsnummer:
    /// `type << 9 | leveringsvorm << 1 | has_toewijzing`.
    form: u32,
    start: Ymd,
    /// [`OPEN`] when open-ended; never before `start`.
    end: Ymd,
}

/// The end of an open-ended record: later than any date.
const OPEN: Ymd = Ymd::MAX;

const _: () = assert!(size_of::<Kept>() <= 32);

impl Kept {
    /// The record as kept. An end before the start is read as ending on the start day.
    #[inline]
    fn of(r: &CountRecord) -> Kept {
        let end = r.end.map_or(OPEN, |end| end.max(r.start));
        Kept {
            bsn: r.bsn,
            toewijzing: r.toewijzingsnummer.unwrap_or(0),
            form: u32::from(r.type_code) << 9
                | u32::from(r.leveringsvorm) << 1
                | u32::from(r.toewijzingsnummer.is_some()),
            start: r.start,
            end,
        }
    }

    /// The order of step 1: (BSN, type, leveringsvorm), the records without a
    /// toewijzingsnummer first, then by toewijzingsnummer.
    #[inline]
    fn step1_key(&self) -> (u64, u32, u64) {
        (self.bsn, self.form, self.toewijzing)
    }

    /// What step 2 merges within: (BSN, type, leveringsvorm).
    #[inline]
    fn group(&self) -> (u64, u32) {
        (self.bsn, self.form >> 1)
    }

    fn type_code(&self) -> u16 {
        (self.form >> 9) as u16
    }

    fn leveringsvorm(&self) -> u8 {
        (self.form >> 1) as u8
    }

    fn has_toewijzing(&self) -> bool {
        self.form & 1 == 1
    }

    fn known_bsn(&self) -> bool {
        self.bsn != UNKNOWN_BSN
    }

    /// Takes in `other`: earliest start, latest end (open is latest).
    #[inline]
    fn absorb(&mut self, other: &Kept) {
        self.start = self.start.min(other.start);
        self.end = self.end.max(other.end);
    }
}

/// Whether a record starting on `start` merges with a voorziening that ends on `end` (or is
/// [`OPEN`]) and started no later than `start`.
#[inline]
fn continues(end: Ymd, start: Ymd) -> bool {
    start <= end || days_from_ymd(start) <= days_from_ymd(end) + MAX_GAP_DAYS
}

/// Buckets of records by BSN: `1 << BUCKET_BITS` of them.
const BUCKET_BITS: u32 = 6;

/// The bucket of a BSN (a multiplicative hash, so that sequential BSNs spread too).
#[inline]
fn bucket_of(bsn: u64) -> usize {
    (bsn.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BUCKET_BITS)) as usize
}

/// Collects the records of one file (or part of one) for counting, in buckets by BSN: all
/// records of one client share a bucket, so each bucket is sorted and merged on its own. That
/// keeps [`Counter::finish_stoppable`] stoppable between buckets (a sort of ten million
/// records in one piece takes seconds), and sorting small buckets is quicker too.
#[derive(Clone, Debug)]
pub struct Counter {
    buckets: Vec<Vec<Kept>>,
}

/// The records each bucket has room for to begin with (16 KiB, whose pages are touched only
/// as it fills): a file's buckets then grow a few times, not a dozen.
const BUCKET_START: usize = 512;

impl Default for Counter {
    fn default() -> Counter {
        Counter::with_capacity(BUCKET_START << BUCKET_BITS)
    }
}

impl Counter {
    pub fn new() -> Counter {
        Counter::default()
    }

    pub fn with_capacity(records: usize) -> Counter {
        let each = records.div_ceil(1 << BUCKET_BITS);
        Counter {
            buckets: (0..1 << BUCKET_BITS)
                .map(|_| Vec::with_capacity(each))
                .collect(),
        }
    }

    /// Adds one record. An end before the start is read as ending on the start day.
    #[inline]
    pub fn push(&mut self, r: CountRecord) {
        self.buckets[bucket_of(r.bsn)].push(Kept::of(&r));
    }

    /// Adds the records of another counter (e.g. of another thread's chunk).
    pub fn merge(&mut self, mut other: Counter) {
        for (mine, theirs) in self.buckets.iter_mut().zip(&mut other.buckets) {
            if mine.len() < theirs.len() {
                std::mem::swap(mine, theirs);
            }
            mine.append(theirs);
        }
    }

    pub fn len(&self) -> usize {
        self.buckets.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.iter().all(Vec::is_empty)
    }

    /// Merges the records into voorzieningen and counts. Type codes find their publication
    /// group in `spec`; without a `period` the in-period figures are `None`.
    pub fn finish(self, spec: &Spec, period: Option<Period>) -> Counts {
        match self.finish_stoppable(spec, period, None) {
            Ok(counts) => counts,
            Err(Stopped) => unreachable!("counting without a stop token is never stopped"),
        }
    }

    /// [`Counter::finish`], looking at `stop` before each bucket.
    pub fn finish_stoppable(
        self,
        spec: &Spec,
        period: Option<Period>,
        stop: Option<&Stop>,
    ) -> Result<Counts, Stopped> {
        let mut counts = Counts::new(period);
        let mut sweep = Sweep::new(spec, period);
        let mut runs = Vec::new();
        let mut gathered = Vec::new();
        for mut records in self.buckets {
            stop::check(stop)?;
            counts.rows += records.len() as u64;
            runs_by_bsn(&records, &mut runs);
            for same_bsn in runs.chunk_by(|a, b| a.bsn == b.bsn) {
                let client = match same_bsn {
                    [run] => &mut records[run.start..run.start + run.len],
                    runs => {
                        gathered.clear();
                        for run in runs {
                            gathered.extend_from_slice(&records[run.start..run.start + run.len]);
                        }
                        &mut gathered[..]
                    }
                };
                sweep.client(client, &mut counts);
            }
        }
        sweep.finish(&mut counts);
        Ok(counts)
    }
}

/// A run of records of one BSN, in the order they were pushed.
#[derive(Copy, Clone, Debug)]
struct Run {
    bsn: u64,
    start: usize,
    len: usize,
}

/// The runs of records of one BSN in `records`, sorted by BSN: each client's records, which a
/// file mostly lists together, become one or a few runs, so the runs are sorted rather than
/// the records (a client's records, a few, are sorted on their own).
fn runs_by_bsn(records: &[Kept], runs: &mut Vec<Run>) {
    runs.clear();
    let mut start = 0;
    for same in records.chunk_by(|a, b| a.bsn == b.bsn) {
        runs.push(Run {
            bsn: same[0].bsn,
            start,
            len: same.len(),
        });
        start += same.len();
    }
    runs.sort_unstable_by_key(|run| run.bsn);
}

/// Step 1 in place on the records of one BSN: one record per (type, leveringsvorm,
/// toewijzingsnummer); records without a toewijzingsnummer, or of the unknown BSN, stay as
/// they are. Returns how many records are left, sorted by (type, leveringsvorm).
fn merge_step_1(records: &mut [Kept]) -> usize {
    if records.len() < 2 {
        return records.len();
    }
    records.sort_unstable_by_key(Kept::step1_key);
    let mut kept = 0usize;
    for i in 0..records.len() {
        let r = records[i];
        if kept > 0 {
            let last = &mut records[kept - 1];
            if r.has_toewijzing() && r.known_bsn() && last.step1_key() == r.step1_key() {
                last.absorb(&r);
                continue;
            }
        }
        records[kept] = r;
        kept += 1;
    }
    kept
}

/// Step 2 and the counting, over records sorted by (BSN, type, leveringsvorm), one bucket
/// after another (a BSN lies in one bucket only).
struct Sweep<'s> {
    spec: &'s Spec,
    /// The period's first and last day; without a period an empty range.
    bounds: (Ymd, Ymd),
    groups: usize,
    /// Per group, the last client counted in it (an index into the run of BSNs).
    group_seen: Vec<u64>,
    group_clients: Vec<u64>,
    group_voorzieningen: Vec<u64>,
    /// The number of the client counted last (of the known BSNs).
    client: u64,
    /// The voorzieningen, those without an end, and those that start and end within the
    /// period's bounds (none without a period), in plain numbers while sweeping.
    voorzieningen: u64,
    open_ended: u64,
    started_in_period: u64,
    ended_in_period: u64,
    /// The figures counted per voorziening or group of records, in arrays while sweeping (a
    /// map's entry per voorziening cost as much as the sweep), in `Counts`' maps at the end.
    per_type: Tally,
    per_leveringsvorm: Tally,
    starts_per_month: Tally,
    ends_per_month: Tally,
}

/// Counts per small number key: the keys below `slots.len()` in an array, any other in a map.
#[derive(Debug)]
struct Tally {
    slots: Vec<u64>,
    other: BTreeMap<u32, u64>,
}

impl Tally {
    fn new(slots: usize) -> Tally {
        Tally {
            slots: vec![0; slots],
            other: BTreeMap::new(),
        }
    }

    #[inline]
    fn add(&mut self, slot: Option<usize>, key: u32, n: u64) {
        match slot.and_then(|slot| self.slots.get_mut(slot)) {
            Some(count) => *count += n,
            None => *self.other.entry(key).or_default() += n,
        }
    }

    /// Adds a voorziening to its month (`yyyymm`).
    #[inline(always)]
    fn add_month(&mut self, month: u32) {
        self.add(month_slot(month), month, 1);
    }

    /// The counts that are not zero, by key (`key_of` a slot).
    fn into_map<K: Ord>(
        self,
        key_of: impl Fn(usize) -> u32,
        convert: impl Fn(u32) -> K,
    ) -> BTreeMap<K, u64> {
        let slots = self.slots.into_iter().enumerate().filter(|(_, n)| *n > 0);
        let mut map: BTreeMap<K, u64> = slots.map(|(i, n)| (convert(key_of(i)), n)).collect();
        for (key, n) in self.other {
            *map.entry(convert(key)).or_default() += n;
        }
        map
    }
}

/// The months of these years are counted in an array ([`Tally`]), any other in a map. The
/// arrays are made (zeroed) for every file: a delivery of 342 files zeroed 48 MB with
/// 1900..2200 and types below 10,000.
const TALLY_YEARS: std::ops::Range<u32> = 1990..2100;

/// The array slot of a month (`yyyymm`).
#[inline]
fn month_slot(month: u32) -> Option<usize> {
    let (year, m) = (month / 100, month % 100);
    (TALLY_YEARS.contains(&year) && (1..=12).contains(&m))
        .then(|| ((year - TALLY_YEARS.start) * 12 + m - 1) as usize)
}

/// The month (`yyyymm`) of an array slot.
fn slot_month(slot: usize) -> u32 {
    let slot = slot as u32;
    (TALLY_YEARS.start + slot / 12) * 100 + slot % 12 + 1
}

/// Type codes below this are counted in an array ([`Tally`]); the protocol's go up to 315.
const TALLY_TYPES: usize = 1_000;

impl<'s> Sweep<'s> {
    fn new(spec: &'s Spec, period: Option<Period>) -> Sweep<'s> {
        let groups = spec.publication_groups.len();
        Sweep {
            spec,
            bounds: period.map_or((1, 0), |p| (p.first_day(), p.last_day())),
            groups,
            group_seen: vec![u64::MAX; groups + 1],
            group_clients: vec![0u64; groups + 1],
            group_voorzieningen: vec![0u64; groups + 1],
            client: u64::MAX,
            voorzieningen: 0,
            open_ended: 0,
            started_in_period: 0,
            ended_in_period: 0,
            per_type: Tally::new(TALLY_TYPES),
            per_leveringsvorm: Tally::new(usize::from(u8::MAX) + 1),
            starts_per_month: Tally::new((TALLY_YEARS.len()) * 12),
            ends_per_month: Tally::new((TALLY_YEARS.len()) * 12),
        }
    }

    /// Counts one voorziening (after merging) in the totals, period and months.
    #[inline(always)]
    fn voorziening(&mut self, start: Ymd, end: Ymd) {
        self.voorzieningen += 1;
        self.starts_per_month.add_month(start / 100);
        if end == OPEN {
            self.open_ended += 1;
        } else {
            self.ends_per_month.add_month(end / 100);
        }
        let (first, last) = self.bounds;
        // An open end lies after every period.
        self.started_in_period += u64::from(first <= start && start <= last);
        self.ended_in_period += u64::from(first <= end && end <= last);
    }

    /// Steps 1 and 2 over the records of one BSN, and their voorzieningen counted.
    fn client(&mut self, records: &mut [Kept], counts: &mut Counts) {
        let Some(first) = records.first() else {
            return;
        };
        let bsn = first.bsn;
        let known = bsn != UNKNOWN_BSN;
        if known {
            self.client = self.client.wrapping_add(1);
            counts.clients += 1;
        } else {
            counts.unknown_bsn_rows += records.len() as u64;
        }
        let kept = merge_step_1(records);
        let groups = self.groups;
        let types = self.spec.type_list();
        for slice in records[..kept].chunk_by_mut(|a, b| a.group() == b.group()) {
            let (type_code, leveringsvorm) = (slice[0].type_code(), slice[0].leveringsvorm());
            let group = types
                .get(u32::from(type_code))
                .and_then(|c| c.group)
                .unwrap_or(groups);
            let found = if !known {
                for r in slice.iter() {
                    self.voorziening(r.start, r.end);
                }
                slice.len() as u64
            } else {
                if self.group_seen[group] != self.client {
                    self.group_seen[group] = self.client;
                    self.group_clients[group] += 1;
                }
                if slice.len() > 1 {
                    slice.sort_unstable_by_key(|r| r.start);
                }
                let mut found = 0u64;
                let mut current = slice[0];
                for r in &slice[1..] {
                    if continues(current.end, r.start) {
                        current.absorb(r);
                    } else {
                        self.voorziening(current.start, current.end);
                        found += 1;
                        current = *r;
                    }
                }
                self.voorziening(current.start, current.end);
                found + 1
            };
            let code = u32::from(type_code);
            self.per_type.add(Some(code as usize), code, found);
            let form = u32::from(leveringsvorm);
            self.per_leveringsvorm.add(Some(form as usize), form, found);
            self.group_voorzieningen[group] += found;
        }
    }

    /// The figures per publication group: every group of the spec, [`NO_GROUP`] when used.
    fn finish(self, counts: &mut Counts) {
        counts.voorzieningen = self.voorzieningen;
        counts.open_ended = self.open_ended;
        counts.started_in_period = counts.started_in_period.map(|_| self.started_in_period);
        counts.ended_in_period = counts.ended_in_period.map(|_| self.ended_in_period);
        let own = |slot: usize| slot as u32;
        // The keys were these types' to begin with: they convert back without loss.
        let type_code = |key: u32| u16::try_from(key).unwrap_or(u16::MAX);
        let form = |key: u32| u8::try_from(key).unwrap_or(u8::MAX);
        counts.voorzieningen_per_type = self.per_type.into_map(own, type_code);
        counts.voorzieningen_per_leveringsvorm = self.per_leveringsvorm.into_map(own, form);
        counts.starts_per_month = self.starts_per_month.into_map(slot_month, |m| m);
        counts.ends_per_month = self.ends_per_month.into_map(slot_month, |m| m);
        let names = self
            .spec
            .publication_groups
            .iter()
            .map(|g| g.key.as_str())
            .chain([NO_GROUP]);
        for (g, name) in names.enumerate() {
            if g < self.groups || self.group_voorzieningen[g] > 0 {
                counts
                    .voorzieningen_per_group
                    .insert(name.to_string(), self.group_voorzieningen[g]);
                counts
                    .clients_per_group
                    .insert(name.to_string(), self.group_clients[g]);
            }
        }
    }
}

/// The op-orde figures of one file. Maps are keyed by type code (`88` for `0088`),
/// publication group key of the spec (every group present, [`NO_GROUP`] only when used),
/// leveringsvorm (`0` for empty or invalid) and month (`yyyymm`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Records counted.
    pub rows: u64,
    /// Distinct BSNs, without `999999999`.
    pub clients: u64,
    /// Records with the unknown BSN `999999999`; each is its own voorziening.
    pub unknown_bsn_rows: u64,
    /// Voorzieningen after both merge steps.
    pub voorzieningen: u64,
    pub voorzieningen_per_type: BTreeMap<u16, u64>,
    pub voorzieningen_per_group: BTreeMap<String, u64>,
    pub voorzieningen_per_leveringsvorm: BTreeMap<u8, u64>,
    /// Distinct BSNs with a voorziening in the group (a client may count in several).
    pub clients_per_group: BTreeMap<String, u64>,
    /// Voorzieningen whose (merged) start lies in the period.
    pub started_in_period: Option<u64>,
    /// Voorzieningen whose (merged) end lies in the period.
    pub ended_in_period: Option<u64>,
    /// Voorzieningen without an end date.
    pub open_ended: u64,
    /// Voorzieningen by month of their (merged) start.
    pub starts_per_month: BTreeMap<u32, u64>,
    /// Voorzieningen by month of their (merged) end; open-ended ones are left out.
    pub ends_per_month: BTreeMap<u32, u64>,
}

impl Counts {
    fn new(period: Option<Period>) -> Counts {
        Counts {
            started_in_period: period.map(|_| 0),
            ended_in_period: period.map(|_| 0),
            ..Counts::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::dates::ymd_from_days;
    use std::collections::BTreeSet;

    fn rec(
        bsn: u64,
        type_code: u16,
        leveringsvorm: u8,
        toewijzingsnummer: Option<u64>,
        start: Ymd,
        end: Option<Ymd>,
    ) -> CountRecord {
        CountRecord {
            bsn,
            toewijzingsnummer,
            end,
            start,
            type_code,
            leveringsvorm,
        }
    }

    /// A record of client 1, type 0002, ZIN, without toewijzingsnummer.
    fn period(start: Ymd, end: Option<Ymd>) -> CountRecord {
        rec(1, 2, 4, None, start, end)
    }

    fn count(records: &[CountRecord]) -> Counts {
        count_in(records, None)
    }

    fn count_in(records: &[CountRecord], period: Option<Period>) -> Counts {
        let mut c = Counter::new();
        for r in records {
            c.push(*r);
        }
        c.finish(Spec::latest(), period)
    }

    fn months(pairs: &[(u32, u64)]) -> BTreeMap<u32, u64> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn record_is_compact() {
        assert_eq!(size_of::<CountRecord>(), 40);
    }

    /// The figures are counted in arrays for the usual keys and in maps for any other: both
    /// come out alike, and a key that does not pack sorts as one that does.
    #[test]
    fn unusual_keys_are_counted_as_usual_ones() {
        let records = [
            rec(1, 2, 4, Some(7), 18_991_231, Some(22_000_101)),
            rec(1, 2, 4, Some(7), 19_000_101, Some(21_991_231)),
            rec(2, 12_345, 200, None, 20_250_101, None),
            rec(u64::MAX - 1, 2, 4, Some(u64::MAX), 20_250_101, None),
            rec(
                u64::MAX - 1,
                2,
                4,
                Some(u64::MAX),
                20_250_102,
                Some(20_250_103),
            ),
            rec(1 << 41, 2, 4, None, 20_250_101, None),
        ];
        let counts = count(&records);
        assert_eq!(counts.voorzieningen, 4);
        assert_eq!(counts.clients, 4);
        assert_eq!(
            counts.starts_per_month,
            months(&[(189_912, 1), (202_501, 3)])
        );
        assert_eq!(counts.ends_per_month, months(&[(220_001, 1)]));
        assert_eq!(
            counts.voorzieningen_per_type,
            [(2, 3), (12_345, 1)].into_iter().collect()
        );
        assert_eq!(
            counts.voorzieningen_per_leveringsvorm,
            [(4, 3), (200, 1)].into_iter().collect()
        );
    }

    #[test]
    fn three_days_gap_merges_four_does_not() {
        let merged = count(&[
            period(20250101, Some(20250310)),
            period(20250313, Some(20250601)),
        ]);
        assert_eq!(merged.voorzieningen, 1);
        assert_eq!(merged.starts_per_month, months(&[(202501, 1)]));
        assert_eq!(merged.ends_per_month, months(&[(202506, 1)]));
        let apart = count(&[
            period(20250101, Some(20250310)),
            period(20250314, Some(20250601)),
        ]);
        assert_eq!(apart.voorzieningen, 2);
        // Days, not digits: 28 February + 3 days is 3 March (2025 is no leap year).
        assert_eq!(
            count(&[period(20250301, None), period(20250101, Some(20250228))]).voorzieningen,
            1
        );
        assert_eq!(
            count(&[period(20250304, None), period(20250101, Some(20250228))]).voorzieningen,
            2
        );
        // The next day, the same day.
        assert_eq!(
            count(&[
                period(20250101, Some(20250131)),
                period(20250201, Some(20250228))
            ])
            .voorzieningen,
            1
        );
    }

    #[test]
    fn contained_equal_and_overlapping_periods_merge() {
        let contained = count(&[
            period(20250301, Some(20250401)),
            period(20250101, Some(20251231)),
        ]);
        assert_eq!(contained.voorzieningen, 1);
        assert_eq!(contained.ends_per_month, months(&[(202512, 1)]));
        assert_eq!(
            count(&[
                period(20250101, Some(20250630)),
                period(20250101, Some(20250630))
            ])
            .voorzieningen,
            1
        );
        let overlapping = count(&[
            period(20250401, Some(20250930)),
            period(20250101, Some(20250615)),
        ]);
        assert_eq!(overlapping.voorzieningen, 1);
        assert_eq!(overlapping.starts_per_month, months(&[(202501, 1)]));
        assert_eq!(overlapping.ends_per_month, months(&[(202509, 1)]));
    }

    #[test]
    fn chain_of_three_becomes_one() {
        // A and C are 35 days apart; only B links them.
        let c = count(&[
            period(20250303, Some(20250331)),
            period(20250101, Some(20250131)),
            period(20250203, Some(20250228)),
        ]);
        assert_eq!(c.voorzieningen, 1);
        assert_eq!(c.starts_per_month, months(&[(202501, 1)]));
        assert_eq!(c.ends_per_month, months(&[(202503, 1)]));
        // A long record that bridges two short ones after them.
        let c = count(&[
            period(20250101, Some(20250110)),
            period(20250105, Some(20251231)),
            period(20250601, Some(20250602)),
            period(20251230, Some(20260105)),
        ]);
        assert_eq!(c.voorzieningen, 1);
    }

    #[test]
    fn toewijzingsnummer_merges_only_with_the_same_leveringsvorm() {
        // Same number, far apart: step 1 merges them whatever the dates.
        let c = count(&[
            rec(1, 8, 4, Some(77), 20250101, Some(20250131)),
            rec(1, 8, 4, Some(77), 20250601, Some(20250630)),
        ]);
        assert_eq!(c.voorzieningen, 1);
        assert_eq!(c.starts_per_month, months(&[(202501, 1)]));
        assert_eq!(c.ends_per_month, months(&[(202506, 1)]));
        // Same number, another leveringsvorm: no merge.
        let c = count(&[
            rec(1, 8, 4, Some(77), 20250101, Some(20250131)),
            rec(1, 8, 2, Some(77), 20250601, Some(20250630)),
        ]);
        assert_eq!(c.voorzieningen, 2);
        assert_eq!(c.voorzieningen_per_leveringsvorm, [(2, 1), (4, 1)].into());
        // Same number, another type: no merge.
        let c = count(&[
            rec(1, 8, 4, Some(77), 20250101, Some(20250131)),
            rec(1, 5, 4, Some(77), 20250601, Some(20250630)),
        ]);
        assert_eq!(c.voorzieningen, 2);
        // Another number, far apart: two.
        let c = count(&[
            rec(1, 8, 4, Some(77), 20250101, Some(20250131)),
            rec(1, 8, 4, Some(78), 20250601, Some(20250630)),
        ]);
        assert_eq!(c.voorzieningen, 2);
        // Step 1's merged period then takes in a record without a number inside it, and
        // two numbers linked by it.
        let c = count(&[
            rec(1, 8, 4, Some(77), 20250101, Some(20250131)),
            rec(1, 8, 4, Some(77), 20250601, Some(20250630)),
            rec(1, 8, 4, None, 20250301, Some(20250310)),
            rec(1, 8, 4, Some(78), 20250702, Some(20250801)),
        ]);
        assert_eq!(c.voorzieningen, 1);
        // Another person with the same number: no merge.
        let c = count(&[
            rec(1, 8, 4, Some(77), 20250101, Some(20250131)),
            rec(2, 8, 4, Some(77), 20250601, Some(20250630)),
        ]);
        assert_eq!((c.voorzieningen, c.clients), (2, 2));
    }

    #[test]
    fn open_end_absorbs_later_records() {
        let c = count(&[
            period(20250101, None),
            period(20250601, Some(20250630)),
            period(20251001, None),
            period(20300101, Some(20300102)),
            // Ends more than 3 days before the open record starts.
            period(20241101, Some(20241127)),
        ]);
        assert_eq!(c.voorzieningen, 2);
        assert_eq!(c.open_ended, 1);
        assert_eq!(c.starts_per_month, months(&[(202411, 1), (202501, 1)]));
        assert_eq!(c.ends_per_month, months(&[(202411, 1)]));
        // An open record absorbs an earlier one that reaches it, and then stays open.
        let c = count(&[period(20250101, None), period(20241101, Some(20241229))]);
        assert_eq!((c.voorzieningen, c.open_ended), (1, 1));
        assert_eq!(c.starts_per_month, months(&[(202411, 1)]));
    }

    #[test]
    fn different_types_never_merge() {
        let c = count(&[
            rec(1, 2, 4, Some(5), 20250101, Some(20251231)),
            rec(1, 3, 4, Some(5), 20250101, Some(20251231)),
            rec(1, 1, 4, Some(5), 20250101, Some(20251231)),
            rec(2, 3, 4, None, 20250101, Some(20251231)),
        ]);
        assert_eq!((c.rows, c.clients, c.voorzieningen), (4, 2, 4));
        assert_eq!(c.voorzieningen_per_type, [(1, 1), (2, 1), (3, 2)].into());
        let group = |m: &BTreeMap<String, u64>, g: &str| m.get(g).copied();
        assert_eq!(
            group(&c.voorzieningen_per_group, "ondersteuning_thuis"),
            Some(3)
        );
        assert_eq!(group(&c.clients_per_group, "ondersteuning_thuis"), Some(2));
        assert_eq!(
            group(&c.voorzieningen_per_group, "hulp_bij_het_huishouden"),
            Some(1)
        );
        assert_eq!(
            group(&c.clients_per_group, "hulp_bij_het_huishouden"),
            Some(1)
        );
        // Every group of the spec is listed, empty ones with 0; no NO_GROUP when unused.
        assert_eq!(group(&c.voorzieningen_per_group, "overig"), Some(0));
        assert_eq!(c.voorzieningen_per_group.len(), 5);
        assert_eq!(c.clients_per_group.len(), 5);
    }

    #[test]
    fn unknown_bsn_records_stay_apart() {
        let c = count(&[
            rec(UNKNOWN_BSN, 2, 4, Some(9), 20250101, Some(20250630)),
            rec(UNKNOWN_BSN, 2, 4, Some(9), 20250101, Some(20250630)),
            rec(UNKNOWN_BSN, 2, 4, None, 20250201, Some(20250210)),
            rec(1, 2, 4, Some(9), 20250101, Some(20250630)),
            rec(1, 2, 4, None, 20250201, Some(20250210)),
        ]);
        assert_eq!(c.rows, 5);
        assert_eq!(c.unknown_bsn_rows, 3);
        assert_eq!(c.clients, 1);
        assert_eq!(c.voorzieningen, 4);
        assert_eq!(c.clients_per_group["ondersteuning_thuis"], 1);
        assert_eq!(c.voorzieningen_per_group["ondersteuning_thuis"], 4);
    }

    #[test]
    fn periods_and_months() {
        let h2 = Period::parse("H22025").unwrap();
        let records = [
            rec(1, 2, 4, None, 20250301, Some(20250915)), // ends in P
            rec(1, 7, 4, None, 20250701, Some(20250701)), // starts and ends in P
            rec(2, 1, 2, None, 20250815, None),           // starts in P, open
            rec(3, 1, 2, None, 20241201, Some(20260131)), // spans P
            rec(3, 1, 2, None, 20260201, Some(20260301)), // merges with the one before
        ];
        let c = count_in(&records, Some(h2));
        assert_eq!(c.voorzieningen, 4);
        assert_eq!(c.started_in_period, Some(2));
        assert_eq!(c.ended_in_period, Some(2));
        assert_eq!(c.open_ended, 1);
        assert_eq!(
            c.starts_per_month,
            months(&[(202412, 1), (202503, 1), (202507, 1), (202508, 1)])
        );
        assert_eq!(
            c.ends_per_month,
            months(&[(202507, 1), (202509, 1), (202603, 1)])
        );
        let without = count(&records);
        assert_eq!(
            (without.started_in_period, without.ended_in_period),
            (None, None)
        );
        // The boundaries of the period count as in it.
        let c = count_in(
            &[
                period(20250701, Some(20251231)),
                rec(2, 2, 4, None, 20250630, Some(20250630)),
            ],
            Some(h2),
        );
        assert_eq!((c.started_in_period, c.ended_in_period), (Some(1), Some(1)));
    }

    #[test]
    fn empty_counter_and_odd_records() {
        let c = count(&[]);
        assert_eq!((c.rows, c.clients, c.voorzieningen), (0, 0, 0));
        assert_eq!(c.voorzieningen_per_group.len(), 5);
        // An end before the start is read as ending on the start day.
        let c = count(&[
            period(20250310, Some(20250301)),
            period(20250313, Some(20250320)),
        ]);
        assert_eq!(c.voorzieningen, 1);
        assert_eq!(c.ends_per_month, months(&[(202503, 1)]));
        // A type code outside the spec's list counts under NO_GROUP.
        let c = count(&[rec(1, 19, 0, None, 20250101, None)]);
        assert_eq!(c.voorzieningen_per_group[NO_GROUP], 1);
        assert_eq!(c.clients_per_group[NO_GROUP], 1);
        assert_eq!(c.voorzieningen_per_leveringsvorm, [(0, 1)].into());
    }

    #[test]
    fn merged_counters_count_as_one() {
        let records: Vec<CountRecord> = (0..50u32)
            .map(|i| {
                rec(
                    u64::from(i % 7),
                    [1, 2, 8][i as usize % 3],
                    4,
                    (i % 4 == 0).then_some(u64::from(i % 5)),
                    20250101 + (i % 28),
                    (i % 6 != 0).then_some(20250201 + (i % 27)),
                )
            })
            .collect();
        let whole = count(&records);
        let (mut a, mut b) = (Counter::new(), Counter::with_capacity(10));
        for (i, r) in records.iter().enumerate() {
            if i % 3 == 0 { &mut a } else { &mut b }.push(*r);
        }
        a.merge(b);
        assert_eq!(a.len(), 50);
        assert_eq!(a.finish(Spec::latest(), None), whole);
    }

    #[test]
    fn counting_looks_at_the_stop_token() {
        let mut c = Counter::new();
        for bsn in 0..1000 {
            c.push(rec(bsn, 2, 4, None, 20250101, None));
        }
        let stop = Stop::new();
        let counted = c
            .clone()
            .finish_stoppable(Spec::latest(), None, Some(&stop));
        assert_eq!(counted.map(|counts| counts.clients), Ok(1000));
        stop.request();
        assert_eq!(
            c.finish_stoppable(Spec::latest(), None, Some(&stop)),
            Err(Stopped)
        );
    }

    /// The rules as written, pairwise until nothing merges: O(n²) or worse.
    fn naive(records: &[CountRecord], spec: &Spec, period: Option<Period>) -> Counts {
        let mut items: Vec<CountRecord> = records.to_vec();
        // The reading: an end before the start is the start day.
        for item in &mut items {
            item.end = item.end.map(|end| end.max(item.start));
        }
        let merge_until_fixpoint =
            |items: &mut Vec<CountRecord>,
             mergeable: &dyn Fn(&CountRecord, &CountRecord) -> bool| loop {
                let mut pair = None;
                'search: for i in 0..items.len() {
                    for j in i + 1..items.len() {
                        if mergeable(&items[i], &items[j]) {
                            pair = Some((i, j));
                            break 'search;
                        }
                    }
                }
                let Some((i, j)) = pair else { break };
                let other = items.remove(j);
                items[i].start = items[i].start.min(other.start);
                items[i].end = match (items[i].end, other.end) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            };
        let same = |a: &CountRecord, b: &CountRecord| {
            a.bsn != UNKNOWN_BSN
                && a.bsn == b.bsn
                && a.type_code == b.type_code
                && a.leveringsvorm == b.leveringsvorm
        };
        // Step 1.
        merge_until_fixpoint(&mut items, &|a, b| {
            same(a, b)
                && a.toewijzingsnummer.is_some()
                && a.toewijzingsnummer == b.toewijzingsnummer
        });
        // Step 2.
        let end_days = |e: Option<Ymd>| e.map_or(i64::MAX, days_from_ymd);
        let ends_by = |e: Option<Ymd>, limit: Option<Ymd>| end_days(e) <= end_days(limit);
        let within = |a: &CountRecord, b: &CountRecord| b.start <= a.start && ends_by(a.end, b.end);
        let starts_soon_after = |earlier: &CountRecord, later: &CountRecord| {
            earlier.start <= later.start
                && days_from_ymd(later.start) <= end_days(earlier.end).saturating_add(3)
        };
        merge_until_fixpoint(&mut items, &|a, b| {
            same(a, b)
                && ((a.start == b.start && a.end == b.end)
                    || starts_soon_after(a, b)
                    || starts_soon_after(b, a)
                    || within(a, b)
                    || within(b, a))
        });

        let group_of = |t: u16| {
            spec.type_list()
                .get(u32::from(t))
                .and_then(|c| c.group)
                .map_or(NO_GROUP.to_string(), |g| {
                    spec.publication_groups[g].key.clone()
                })
        };
        let mut c = Counts {
            rows: records.len() as u64,
            clients: records
                .iter()
                .filter(|r| r.bsn != UNKNOWN_BSN)
                .map(|r| r.bsn)
                .collect::<BTreeSet<_>>()
                .len() as u64,
            unknown_bsn_rows: records.iter().filter(|r| r.bsn == UNKNOWN_BSN).count() as u64,
            voorzieningen: items.len() as u64,
            started_in_period: period.map(|_| 0),
            ended_in_period: period.map(|_| 0),
            ..Counts::default()
        };
        for g in &spec.publication_groups {
            c.voorzieningen_per_group.insert(g.key.clone(), 0);
            c.clients_per_group.insert(g.key.clone(), 0);
        }
        let mut group_clients = BTreeSet::new();
        for v in &items {
            *c.voorzieningen_per_type.entry(v.type_code).or_default() += 1;
            *c.voorzieningen_per_group
                .entry(group_of(v.type_code))
                .or_default() += 1;
            *c.voorzieningen_per_leveringsvorm
                .entry(v.leveringsvorm)
                .or_default() += 1;
            c.clients_per_group
                .entry(group_of(v.type_code))
                .or_default();
            if v.bsn != UNKNOWN_BSN {
                group_clients.insert((group_of(v.type_code), v.bsn));
            }
            *c.starts_per_month.entry(v.start / 100).or_default() += 1;
            match v.end {
                Some(e) => *c.ends_per_month.entry(e / 100).or_default() += 1,
                None => c.open_ended += 1,
            }
            if let Some(p) = period {
                if p.contains(v.start) {
                    *c.started_in_period.as_mut().unwrap() += 1;
                }
                if v.end.is_some_and(|e| p.contains(e)) {
                    *c.ended_in_period.as_mut().unwrap() += 1;
                }
            }
        }
        for (g, _) in group_clients {
            *c.clients_per_group.get_mut(&g).unwrap() += 1;
        }
        c
    }

    /// xorshift64*: enough randomness for test inputs, no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len() as u64) as usize]
        }
    }

    #[test]
    fn matches_naive_reference_on_random_inputs() {
        let spec = Spec::latest();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let base = days_from_ymd(20250101);
        let (mut rows, mut voorzieningen) = (0, 0);
        for round in 0..3000 {
            let n = rng.below(if round % 10 == 0 { 60 } else { 16 });
            let records: Vec<CountRecord> = (0..n)
                .map(|_| {
                    let start_days = base + rng.below(120) as i64;
                    let end = match rng.below(10) {
                        0 => None,
                        // An end before the start, which counts as ending on the start day.
                        1 => Some(ymd_from_days(start_days - 1 - rng.below(5) as i64)),
                        _ => Some(ymd_from_days(start_days + rng.below(30) as i64)),
                    };
                    rec(
                        // Skewed towards one key, so that records meet often.
                        rng.pick(&[1, 1, 1, 2, UNKNOWN_BSN]),
                        rng.pick(&[2, 2, 2, 3, 88, 19]),
                        rng.pick(&[4, 4, 4, 2, 0]),
                        rng.pick(&[None, None, Some(1), Some(2), Some(3)]),
                        ymd_from_days(start_days),
                        end,
                    )
                })
                .collect();
            let period = rng.pick(&[None, Period::parse("H12025"), Period::parse("H22025")]);
            let expected = naive(&records, spec, period);
            assert_eq!(
                count_in(&records, period),
                expected,
                "round {round}: {records:?}"
            );
            // As the parts of a file checked in parallel count: two counters, merged.
            let cut = rng.below(n + 1) as usize;
            let (mut first, mut second) = (Counter::new(), Counter::new());
            records[..cut].iter().for_each(|r| first.push(*r));
            records[cut..].iter().for_each(|r| second.push(*r));
            first.merge(second);
            assert_eq!(
                first.finish(spec, period),
                expected,
                "round {round}, cut {cut}"
            );
            rows += expected.rows;
            voorzieningen += expected.voorzieningen;
        }
        // The inputs merge often, but not always.
        assert!(
            voorzieningen * 10 < rows * 9 && voorzieningen * 2 > rows,
            "{voorzieningen} of {rows}"
        );
    }
}
