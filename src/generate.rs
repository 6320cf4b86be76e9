//! A fast, deterministic generator of realistic synthetic GMSD Wmo delivery files, for tests
//! and benchmarks.
//!
//! The output is a header row with the 18 protocol names and then records of made-up clients:
//! 1–4 voorzieningen per client, a realistic mix of type codes, leveringsvormen, dates and
//! intensities. BSNs are random numbers that pass the elfproef (about 1% of the clients have
//! the unknown BSN `999999999`); they identify nobody on purpose only by chance.
//!
//! A valid row gives no finding at all from [`crate::check_bytes`] (with the default options
//! and a file name that carries the period, e.g. `WMO_H22025_synthetisch.csv`). A share of the
//! rows (`faulty_share`) gets exactly one typical mistake each, see [`Mistake`]; every mistake
//! produces exactly one finding of [`Mistake::rule`], except
//! [`Mistake::ScientificAanmaakdatum`], which also breaks the rule that every row repeats the
//! aanmaakdatum of the first record (R003, [`Rule::AanmaakdatumDiffers`]). The first record
//! never gets a mistake that would change the file's reference record (scientific notation in
//! the aanmaakdatum, a trailing `;`, a wrong column count).
//!
//! The same options and seed always give the same bytes: randomness comes from an inline
//! splitmix64, not from a crate whose stream might change.

use std::io::{self, BufWriter, Write};

use crate::rule::Rule;
use crate::spec::dates::{days_from_ymd, ymd_from_days};
use crate::spec::{Period, Spec};

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenerateOptions {
    /// Record rows (the header row not counted).
    pub rows: u64,
    pub seed: u64,
    /// The reporting period: every record is open at some moment in it.
    pub period: Period,
    /// Must be a municipality in the period (an unknown code would fail every row).
    pub gemeentecode: u16,
    /// Share of the rows, `0.0..=1.0`, that get one typical mistake.
    pub faulty_share: f64,
    /// End lines with CR LF instead of LF.
    pub crlf: bool,
}

impl GenerateOptions {
    /// `rows` valid rows for H2 2025 from Amsterdam (0363), LF line ends.
    pub fn new(rows: u64, seed: u64) -> GenerateOptions {
        GenerateOptions {
            rows,
            seed,
            period: Period {
                year: 2025,
                half: 2,
            },
            gemeentecode: 363,
            faulty_share: 0.0,
            crlf: false,
        }
    }

    /// A file name the checker reads the period from, e.g. `WMO_H22025_synthetisch.csv`.
    pub fn file_name(&self) -> String {
        format!("WMO_{}_synthetisch.csv", self.period.code())
    }
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions::new(1000, 0)
    }
}

/// The typical mistakes of the protocol that faulty rows get, one per row.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mistake {
    /// Excel wrote the aanmaakdatum as `2,02601E+11`. Also trips R003 (aanmaakdatum differs
    /// from the first record's).
    ScientificAanmaakdatum,
    /// The BSN lost its leading zero (8 digits).
    BsnLeadingZeros,
    /// The BSN fails the elfproef (a typing error in the last digit).
    BsnElfproef,
    /// A type code of 2 positions (`01` instead of `0001`).
    TwoDigitType,
    /// A code outside its code list (leveringsvorm `3`, type `0019`).
    InvalidCode,
    /// A volume with a decimal comma (`2,5`).
    DecimalComma,
    /// The line ends with `;`.
    TrailingSeparator,
    /// A column is missing (17 fields).
    ColumnCount,
    /// A date that is not in the calendar (`20250230`).
    InvalidDate,
    /// The actual start lies after the period.
    StartAfterPeriod,
    /// The actual end lies before the actual start.
    EndBeforeStart,
    /// An empty cell filled with zeros, as iWmo messages do.
    ZeroFilled,
    /// A toewijzingsnummer of 24 positions (the width before H1 2024).
    LegacyToewijzingsnummer,
}

impl Mistake {
    pub const COUNT: usize = 13;
    pub const ALL: [Mistake; Mistake::COUNT] = [
        Mistake::ScientificAanmaakdatum,
        Mistake::BsnLeadingZeros,
        Mistake::BsnElfproef,
        Mistake::TwoDigitType,
        Mistake::InvalidCode,
        Mistake::DecimalComma,
        Mistake::TrailingSeparator,
        Mistake::ColumnCount,
        Mistake::InvalidDate,
        Mistake::StartAfterPeriod,
        Mistake::EndBeforeStart,
        Mistake::ZeroFilled,
        Mistake::LegacyToewijzingsnummer,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mistake::ScientificAanmaakdatum => "scientific-aanmaakdatum",
            Mistake::BsnLeadingZeros => "bsn-leading-zeros",
            Mistake::BsnElfproef => "bsn-elfproef",
            Mistake::TwoDigitType => "two-digit-type",
            Mistake::InvalidCode => "invalid-code",
            Mistake::DecimalComma => "decimal-comma",
            Mistake::TrailingSeparator => "trailing-separator",
            Mistake::ColumnCount => "column-count",
            Mistake::InvalidDate => "invalid-date",
            Mistake::StartAfterPeriod => "start-after-period",
            Mistake::EndBeforeStart => "end-before-start",
            Mistake::ZeroFilled => "zero-filled",
            Mistake::LegacyToewijzingsnummer => "legacy-toewijzingsnummer",
        }
    }

    /// The rule the checker reports for this mistake (exactly once per faulty row).
    pub fn rule(self) -> Rule {
        match self {
            Mistake::ScientificAanmaakdatum => Rule::ScientificNotation,
            Mistake::BsnLeadingZeros => Rule::LeadingZeros,
            Mistake::BsnElfproef => Rule::BsnElfproef,
            Mistake::TwoDigitType => Rule::LegacyTypeCode,
            Mistake::InvalidCode => Rule::InvalidCode,
            Mistake::DecimalComma => Rule::DecimalSeparator,
            Mistake::TrailingSeparator => Rule::TrailingSeparator,
            Mistake::ColumnCount => Rule::ColumnCount,
            Mistake::InvalidDate => Rule::InvalidDate,
            Mistake::StartAfterPeriod => Rule::StartAfterPeriod,
            Mistake::EndBeforeStart => Rule::EndBeforeStart,
            Mistake::ZeroFilled => Rule::ZeroFilled,
            Mistake::LegacyToewijzingsnummer => Rule::LegacyWidth,
        }
    }

    /// Whether the mistake changes what the checker takes as the file's reference record, so
    /// it must not be the first record's.
    fn touches_reference(self) -> bool {
        matches!(
            self,
            Mistake::ScientificAanmaakdatum | Mistake::TrailingSeparator | Mistake::ColumnCount
        )
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Record rows (header not counted).
    pub rows: u64,
    pub faulty_rows: u64,
    /// Bytes written, header included.
    pub bytes: u64,
    /// Injected mistakes, indexed like [`Mistake::ALL`].
    pub mistakes: [u64; Mistake::COUNT],
}

impl GenerateSummary {
    pub fn count(&self, mistake: Mistake) -> u64 {
        self.mistakes[mistake as usize]
    }

    /// `(mistake, count)` for every mistake injected at least once.
    pub fn by_mistake(&self) -> Vec<(Mistake, u64)> {
        Mistake::ALL
            .iter()
            .map(|m| (*m, self.count(*m)))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// Writes a synthetic delivery file. Fails on a write error, on a `faulty_share` outside
/// `0.0..=1.0` and on a gemeentecode that is no municipality in the period.
pub fn generate(writer: impl Write, opts: &GenerateOptions) -> io::Result<GenerateSummary> {
    let invalid = |msg: String| io::Error::new(io::ErrorKind::InvalidInput, msg);
    if !(0.0..=1.0).contains(&opts.faulty_share) {
        return Err(invalid(format!(
            "faulty_share must be within 0.0..=1.0, not {}",
            opts.faulty_share
        )));
    }
    let spec = Spec::latest();
    if !spec.gemeenten.valid_in(opts.gemeentecode, opts.period) {
        return Err(invalid(format!(
            "gemeentecode {:04} is no municipality in {}",
            opts.gemeentecode, opts.period
        )));
    }
    let mut out = BufWriter::with_capacity(1 << 16, writer);
    let mut summary = GenerateSummary::default();
    let newline: &[u8] = if opts.crlf { b"\r\n" } else { b"\n" };

    let mut line = Vec::with_capacity(256);
    for (i, column) in spec.columns.iter().enumerate() {
        if i > 0 {
            line.push(b';');
        }
        line.extend_from_slice(column.name_nl.as_bytes());
    }
    line.extend_from_slice(newline);
    out.write_all(&line)?;
    summary.bytes += line.len() as u64;

    let mut record = [0u8; LINE_BUFFER];
    let mut gen = Generator::new(opts);
    let mut client = Client {
        bsn: 0,
        bsn_cell: Cell::Empty,
        voorzieningen: 0,
    };
    let mut left_for_client = 0u32;
    for index in 0..opts.rows {
        if left_for_client == 0 {
            client = gen.client();
            left_for_client = client.voorzieningen;
        }
        left_for_client -= 1;
        let mut row = gen.row(&client);
        let mistake = if gen.rng.chance(opts.faulty_share) {
            let m = loop {
                let m = Mistake::ALL[gen.rng.below(Mistake::COUNT as u64) as usize];
                if index > 0 || !m.touches_reference() {
                    break m;
                }
            };
            summary.faulty_rows += 1;
            summary.mistakes[m as usize] += 1;
            gen.mistake_before(m, &mut row);
            Some(m)
        } else {
            None
        };
        let mut cells = gen.cells(&row);
        let mut layout = Layout::default();
        if let Some(m) = mistake {
            gen.mistake_after(m, &row, &mut cells, &mut layout);
        }
        let len = write_cells(&mut record, &cells, layout, newline);
        out.write_all(&record[..len])?;
        summary.bytes += len as u64;
        summary.rows += 1;
    }
    out.flush()?;
    Ok(summary)
}

/// Column positions of the H2 2025 layout (checked against the spec in the tests).
mod col {
    pub const AANMAAKDATUM: usize = 0;
    pub const GEMEENTECODE: usize = 1;
    pub const BSN: usize = 2;
    pub const TYPE_TOEWIJZING: usize = 3;
    pub const BEOOGDE_START: usize = 4;
    pub const BEOOGDE_EIND: usize = 5;
    pub const LEVERINGSVORM: usize = 6;
    pub const TYPE_DECLARATIE: usize = 7;
    pub const START: usize = 8;
    pub const EIND: usize = 9;
    pub const TOEWIJZINGSNUMMER: usize = 10;
    pub const BESCHIKT_VOLUME: usize = 11;
    pub const BESCHIKT_EENHEID: usize = 12;
    pub const BESCHIKT_FREQUENTIE: usize = 13;
    pub const GELEVERD_EENHEID: usize = 14;
    pub const GELEVERD_VOLUME: usize = 15;
    pub const REDEN_BEEINDIGING: usize = 16;
    pub const REDEN_WIJZIGING: usize = 17;
    pub const COUNT: usize = 18;
}

/// splitmix64: tiny, fast, and its stream is fixed forever.
struct Rng(u64);

impl Rng {
    #[inline]
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-high; the bias is far below anything a test can see).
    #[inline]
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    #[inline]
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    #[inline]
    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    #[inline]
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }

    #[inline]
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// A value of `(value, weight)` pairs whose weights sum to `total`.
    #[inline]
    fn weighted<T: Copy>(&mut self, table: &[(T, u32)], total: u32) -> T {
        let mut x = self.below(u64::from(total)) as u32;
        for (value, weight) in table {
            if x < *weight {
                return *value;
            }
            x -= weight;
        }
        table[table.len() - 1].0
    }
}

/// Type codes with weights summing to 100, roughly as municipalities deliver them.
const TYPES: &[(u16, u32)] = &[
    (1, 24),
    (2, 14),
    (3, 4),
    (4, 1),
    (5, 1),
    (6, 6),
    (7, 8),
    (8, 10),
    (9, 2),
    (10, 2),
    (11, 4),
    (12, 4),
    (13, 4),
    (14, 5),
    (15, 2),
    (16, 1),
    (17, 1),
    (18, 1),
    (88, 3),
    (115, 1),
    (215, 1),
    (315, 1),
];
const LEVERINGSVORMEN: &[(u8, u32)] = &[(4, 80), (2, 13), (6, 7)];
const REDEN_BEEINDIGING: &[u8] = &[2, 19, 20, 21, 22, 23, 31, 36, 37, 38, 39];
const INVALID_DATES: &[u16] = &[230, 431, 631, 931, 1131, 1301, 1232];

#[derive(Clone, Copy)]
struct Client {
    bsn: u64,
    /// The BSN as written.
    bsn_cell: Cell,
    voorzieningen: u32,
}

/// One record by meaning; dates as days since 1970.
#[derive(Clone, Copy)]
struct Row {
    bsn: u64,
    bsn_cell: Cell,
    type_toewijzing: Option<u16>,
    type_declaratie: Option<u16>,
    beoogde_start: Option<i64>,
    beoogde_eind: Option<i64>,
    leveringsvorm: Option<u8>,
    start: Option<i64>,
    eind: Option<i64>,
    toewijzingsnummer: Option<u64>,
    /// Beschikt volume, eenheid and frequentie: all or nothing.
    beschikt: Option<(u32, u8, u8)>,
    /// Geleverd eenheid and volume.
    geleverd: Option<(u8, u32)>,
    reden_beeindiging: Option<u8>,
    reden_wijziging: Option<u8>,
}

impl Row {
    fn type_code(&self) -> u16 {
        self.type_declaratie
            .or(self.type_toewijzing)
            .expect("a row has a type")
    }
}

/// A field as written.
#[derive(Clone, Copy)]
enum Cell {
    Empty,
    /// Zero-padded to `width`.
    Num {
        value: u64,
        width: u8,
    },
    /// Literal bytes (mistakes).
    Raw {
        len: u8,
        bytes: [u8; 24],
    },
}

impl Cell {
    fn num(value: impl Into<u64>, width: u8) -> Cell {
        Cell::Num {
            value: value.into(),
            width,
        }
    }

    fn opt(value: Option<impl Into<u64>>, width: u8) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::num(v, width))
    }

    /// Like [`Cell::num`], formatted once for a value written many times.
    fn formatted(value: u64, width: u8) -> Cell {
        let mut bytes = [0u8; 24];
        put_num(&mut bytes, value, usize::from(width));
        Cell::Raw { len: width, bytes }
    }

    fn raw(text: &[u8]) -> Cell {
        let mut bytes = [0u8; 24];
        bytes[..text.len()].copy_from_slice(text);
        Cell::Raw {
            len: text.len() as u8,
            bytes,
        }
    }
}

/// Line-level mistakes.
#[derive(Clone, Copy, Default)]
struct Layout {
    drop_column: Option<usize>,
    trailing_separator: bool,
}

struct Generator {
    rng: Rng,
    /// `yyyymmdd` as text for the days from `dates_from` on.
    dates: Vec<[u8; 24]>,
    dates_from: i64,
    aanmaakdatum: u64,
    aanmaakdatum_cell: Cell,
    gemeentecode_cell: Cell,
    first: i64,
    last: i64,
    earliest: i64,
}

impl Generator {
    fn new(opts: &GenerateOptions) -> Generator {
        let mut rng = Rng(opts.seed ^ 0x6D73_645F_776D_6F00);
        let period = opts.period;
        // A day in the month after the period, during office hours.
        let (year, month) = if period.half == 1 {
            (u64::from(period.year), 7)
        } else {
            (u64::from(period.year) + 1, 1)
        };
        let (day, hour, minute) = (rng.range(1, 28), rng.range(8, 17), rng.below(60));
        let aanmaakdatum = ((((year * 100 + month) * 100 + day) * 100 + hour) * 100) + minute;
        // Every date a row can get, formatted once: from well before 2015 (an intended start
        // may precede the actual start) to years after the period (intended ends).
        let dates_from = days_from_ymd(20100101);
        let dates_to = days_from_ymd(period.last_day()) + 8 * 366;
        let dates = (dates_from..=dates_to)
            .map(|day| {
                let mut text = [b'0'; 24];
                put_num(&mut text, u64::from(ymd_from_days(day)), 8);
                text
            })
            .collect();
        Generator {
            rng,
            dates,
            dates_from,
            aanmaakdatum,
            aanmaakdatum_cell: Cell::formatted(aanmaakdatum, 12),
            gemeentecode_cell: Cell::formatted(u64::from(opts.gemeentecode), 4),
            first: days_from_ymd(period.first_day()),
            last: days_from_ymd(period.last_day()),
            earliest: days_from_ymd(Spec::latest().earliest_actual_start),
        }
    }

    /// A random BSN that passes the elfproef; `first_digit` fixed when given.
    fn bsn(&mut self, first_digit: Option<u64>) -> u64 {
        loop {
            let mut digits = [0u64; 8];
            let mut sum = 0;
            for (i, d) in digits.iter_mut().enumerate() {
                *d = match (i, first_digit) {
                    (0, Some(f)) => f,
                    (0, None) => self.rng.below(7),
                    _ => self.rng.below(10),
                };
                sum += (9 - i as u64) * *d;
            }
            let check = sum % 11;
            if check == 10 || sum == 0 {
                continue;
            }
            return digits.iter().fold(0, |acc, d| acc * 10 + d) * 10 + check;
        }
    }

    fn client(&mut self) -> Client {
        let bsn = if self.rng.percent(1) {
            999_999_999
        } else {
            self.bsn(None)
        };
        let voorzieningen = self.rng.pick(&[1, 1, 1, 1, 2, 2, 2, 3, 3, 4]);
        Client {
            bsn,
            bsn_cell: Cell::formatted(bsn, 9),
            voorzieningen,
        }
    }

    fn row(&mut self, client: &Client) -> Row {
        let rng = &mut self.rng;
        let code = rng.weighted(TYPES, 100);
        let (type_toewijzing, type_declaratie) = match rng.below(100) {
            0..=69 => (Some(code), Some(code)),
            70..=91 => (Some(code), None),
            _ => (None, Some(code)),
        };
        let material = (11..=14).contains(&code);
        let (first, last, earliest) = (self.first, self.last, self.earliest);
        // Most records started recently; some run since 2015.
        let span = (last - earliest + 1) as u64;
        let back = rng.below(span).min(rng.below(span)).min(rng.below(span)) as i64;
        let (beoogde_start, start) = if rng.percent(5) {
            (None, Some(last - back))
        } else {
            let bs = last - back;
            let s = bs + rng.below(30) as i64;
            (Some(bs), (s <= last && rng.percent(92)).then_some(s))
        };
        let base = start.or(beoogde_start).expect("a start");
        let beoogde_eind = if material || rng.percent(85) {
            let mut be = base + rng.range(30, 5 * 365) as i64;
            if be < first {
                be = first + rng.below((last - first + 1) as u64) as i64;
            }
            Some(be)
        } else {
            None
        };
        let eind = match start {
            Some(s) if rng.percent(30) => {
                let lo = s.max(first);
                let hi = beoogde_eind.unwrap_or(last).min(last);
                (lo <= hi).then(|| lo + rng.below((hi - lo + 1) as u64) as i64)
            }
            _ => None,
        };
        let beschikt = intensity(rng, code);
        let geleverd = match beschikt {
            Some((volume, unit, _)) if start.is_some() && rng.percent(40) => {
                Some((unit, rng.range(1, u64::from(volume) * 4) as u32))
            }
            _ => None,
        };
        Row {
            bsn: client.bsn,
            bsn_cell: client.bsn_cell,
            type_toewijzing,
            type_declaratie,
            beoogde_start,
            beoogde_eind,
            leveringsvorm: Some(rng.weighted(LEVERINGSVORMEN, 100)),
            start,
            eind,
            toewijzingsnummer: rng.percent(80).then(|| rng.range(1, 999_999_999_999)),
            beschikt,
            geleverd,
            reden_beeindiging: (eind.is_some() && rng.percent(75))
                .then(|| rng.pick(REDEN_BEEINDIGING)),
            reden_wijziging: rng.percent(8).then(|| rng.range(2, 14) as u8),
        }
    }

    fn cells(&self, row: &Row) -> [Cell; col::COUNT] {
        let date = |d: Option<i64>| match d {
            None => Cell::Empty,
            Some(day) => match usize::try_from(day - self.dates_from)
                .ok()
                .and_then(|i| self.dates.get(i))
            {
                Some(text) => Cell::Raw {
                    len: 8,
                    bytes: *text,
                },
                None => Cell::num(ymd_from_days(day), 8),
            },
        };
        let mut c = [Cell::Empty; col::COUNT];
        c[col::AANMAAKDATUM] = self.aanmaakdatum_cell;
        c[col::GEMEENTECODE] = self.gemeentecode_cell;
        c[col::BSN] = row.bsn_cell;
        c[col::TYPE_TOEWIJZING] = Cell::opt(row.type_toewijzing, 4);
        c[col::BEOOGDE_START] = date(row.beoogde_start);
        c[col::BEOOGDE_EIND] = date(row.beoogde_eind);
        c[col::LEVERINGSVORM] = Cell::opt(row.leveringsvorm, 1);
        c[col::TYPE_DECLARATIE] = Cell::opt(row.type_declaratie, 4);
        c[col::START] = date(row.start);
        c[col::EIND] = date(row.eind);
        c[col::TOEWIJZINGSNUMMER] = Cell::opt(row.toewijzingsnummer, 16);
        if let Some((volume, unit, frequency)) = row.beschikt {
            c[col::BESCHIKT_VOLUME] = Cell::num(volume, 8);
            c[col::BESCHIKT_EENHEID] = Cell::num(unit, 2);
            c[col::BESCHIKT_FREQUENTIE] = Cell::num(frequency, 1);
        }
        if let Some((unit, volume)) = row.geleverd {
            c[col::GELEVERD_EENHEID] = Cell::num(unit, 2);
            c[col::GELEVERD_VOLUME] = Cell::num(volume, 8);
        }
        c[col::REDEN_BEEINDIGING] = Cell::opt(row.reden_beeindiging, 2);
        c[col::REDEN_WIJZIGING] = Cell::opt(row.reden_wijziging, 2);
        c
    }

    /// The part of a mistake that changes the record's meaning.
    fn mistake_before(&mut self, mistake: Mistake, row: &mut Row) {
        let (first, last) = (self.first, self.last);
        let rng = &mut self.rng;
        match mistake {
            Mistake::StartAfterPeriod => {
                row.start = Some(last + rng.range(1, 90) as i64);
                row.eind = None;
                row.reden_beeindiging = None;
            }
            Mistake::EndBeforeStart => {
                let start = first + rng.range(1, (last - first) as u64) as i64;
                row.start = Some(start);
                row.eind = Some(first + rng.below((start - first) as u64) as i64);
                row.beoogde_start = Some(start - rng.below(60) as i64);
                if row.beoogde_eind.is_some() {
                    row.beoogde_eind = Some(start + rng.range(30, 730) as i64);
                }
            }
            Mistake::DecimalComma if row.beschikt.is_none() => {
                row.beschikt = Some(if row.type_code() == 88 {
                    (0, 83, 6)
                } else {
                    (0, 4, 2)
                });
            }
            _ => {}
        }
    }

    /// The part of a mistake that changes how the record is written.
    fn mistake_after(
        &mut self,
        mistake: Mistake,
        row: &Row,
        cells: &mut [Cell; col::COUNT],
        layout: &mut Layout,
    ) {
        match mistake {
            Mistake::ScientificAanmaakdatum => {
                // 202601150930 → 2,02601E+11, as Excel shows a 12-digit number.
                let digits = self.aanmaakdatum.to_string();
                let mut mantissa = format!("{},{}", &digits[..1], &digits[1..6]);
                while mantissa.ends_with('0') {
                    mantissa.pop();
                }
                if mantissa.ends_with(',') {
                    mantissa.pop();
                }
                let text = format!("{mantissa}E+{}", digits.len() - 1);
                cells[col::AANMAAKDATUM] = Cell::raw(text.as_bytes());
            }
            Mistake::BsnLeadingZeros => {
                let bsn = self.bsn(Some(0));
                cells[col::BSN] = Cell::num(bsn, 8);
            }
            Mistake::BsnElfproef => {
                let mut bsn = if row.bsn == 999_999_999 {
                    self.bsn(None)
                } else {
                    row.bsn
                };
                // Changing only the check digit always breaks the elfproef.
                let check = bsn % 10;
                loop {
                    let wrong = (check + self.rng.range(1, 9)) % 10;
                    let candidate = bsn - check + wrong;
                    if candidate != 999_999_999 {
                        bsn = candidate;
                        break;
                    }
                }
                cells[col::BSN] = Cell::num(bsn, 9);
            }
            Mistake::TwoDigitType => {
                cells[col::TYPE_TOEWIJZING] = Cell::num(row.type_code() % 100, 2);
            }
            Mistake::InvalidCode => {
                if self.rng.percent(50) {
                    let value = self.rng.pick(&[1u8, 3, 5, 7, 8, 9]);
                    cells[col::LEVERINGSVORM] = Cell::num(value, 1);
                } else {
                    let value = self.rng.pick(&[19u16, 20, 25, 89, 99, 100, 415]);
                    cells[col::TYPE_TOEWIJZING] = Cell::num(value, 4);
                }
            }
            Mistake::DecimalComma => {
                let text = format!("{},{}", self.rng.range(1, 40), self.rng.range(1, 9));
                cells[col::BESCHIKT_VOLUME] = Cell::raw(text.as_bytes());
            }
            Mistake::TrailingSeparator => layout.trailing_separator = true,
            Mistake::ColumnCount => {
                layout.drop_column = Some(self.rng.range(1, col::COUNT as u64 - 1) as usize)
            }
            Mistake::InvalidDate => {
                let filled: Vec<(usize, i64)> = [
                    (col::BEOOGDE_START, row.beoogde_start),
                    (col::BEOOGDE_EIND, row.beoogde_eind),
                    (col::START, row.start),
                    (col::EIND, row.eind),
                ]
                .into_iter()
                .filter_map(|(c, d)| d.map(|d| (c, d)))
                .collect();
                let (column, date) = self.rng.pick(&filled);
                let year = u64::from(ymd_from_days(date) / 10_000);
                let wrong = year * 10_000 + u64::from(self.rng.pick(INVALID_DATES));
                cells[column] = Cell::num(wrong, 8);
            }
            Mistake::StartAfterPeriod | Mistake::EndBeforeStart => {}
            Mistake::ZeroFilled => {
                let (column, width) = self.rng.pick(&[
                    (col::TOEWIJZINGSNUMMER, 16u8),
                    (col::REDEN_BEEINDIGING, 2),
                    (col::REDEN_WIJZIGING, 2),
                    (col::EIND, 8),
                ]);
                cells[column] = Cell::num(0u64, width);
            }
            Mistake::LegacyToewijzingsnummer => {
                let number = row
                    .toewijzingsnummer
                    .unwrap_or_else(|| self.rng.range(1, 999_999_999_999));
                cells[col::TOEWIJZINGSNUMMER] = Cell::num(number, 24);
            }
        }
    }
}

/// Beschikt volume, eenheid and frequentie for a type, or none.
fn intensity(rng: &mut Rng, code: u16) -> Option<(u32, u8, u8)> {
    let v = |rng: &mut Rng, lo: u64, hi: u64| rng.range(lo, hi) as u32;
    match code {
        // Generieke toewijzing: euro's, in total.
        88 => Some((v(rng, 100, 25_000), 83, 6)),
        // Material provisions: usually no intensity, otherwise one piece.
        11..=14 => rng.percent(50).then_some((1, 82, 6)),
        _ if rng.percent(15) => None,
        1 | 2 | 3 | 6 => Some(if rng.percent(70) {
            (v(rng, 1, 10), 4, 2)
        } else {
            (v(rng, 30, 600), 1, 2)
        }),
        7 => Some((v(rng, 1, 10), 16, 2)),
        4 => Some(if rng.percent(50) {
            (v(rng, 1, 30), 14, 6)
        } else {
            (v(rng, 1, 7), 14, 4)
        }),
        8 => Some(if rng.percent(50) {
            (v(rng, 2, 10), 82, 2)
        } else {
            (v(rng, 10, 200), 82, 6)
        }),
        5 | 9 | 10 => Some(if rng.percent(50) {
            (v(rng, 1, 20), 84, 4)
        } else {
            (v(rng, 1, 5), 4, 2)
        }),
        _ => Some(if rng.percent(60) {
            (7, 14, 2)
        } else {
            (v(rng, 28, 31), 14, 4)
        }),
    }
}

/// Room for a record line: 18 cells of at most 24 bytes, separators, line end, and 24 bytes
/// of slack for writing whole cell-sized blocks.
const LINE_BUFFER: usize = 512;

/// Writes a record line into `line`; returns its length. Cells are written as fixed-size
/// blocks (no call per cell), then the position moves by the cell's real width.
fn write_cells(
    line: &mut [u8; LINE_BUFFER],
    cells: &[Cell; col::COUNT],
    layout: Layout,
    newline: &[u8],
) -> usize {
    let mut at = 0usize;
    let mut first = true;
    for (i, cell) in cells.iter().enumerate() {
        if layout.drop_column == Some(i) {
            continue;
        }
        if !first {
            line[at] = b';';
            at += 1;
        }
        first = false;
        let block: &mut [u8; 24] = (&mut line[at..at + 24]).try_into().expect("24 bytes");
        match *cell {
            Cell::Empty => {}
            Cell::Num { value, width } => {
                put_num(block, value, usize::from(width));
                at += usize::from(width);
            }
            Cell::Raw { len, bytes } => {
                *block = bytes;
                at += usize::from(len);
            }
        }
    }
    if layout.trailing_separator {
        line[at] = b';';
        at += 1;
    }
    line[at..at + newline.len()].copy_from_slice(newline);
    at + newline.len()
}

/// `value` zero-padded to `width` digits (at most 24) at the start of `block`.
#[inline]
fn put_num(block: &mut [u8; 24], mut value: u64, width: usize) {
    const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    *block = [b'0'; 24];
    let mut i = width.min(24);
    while value >= 10 && i >= 2 {
        let pair = (value % 100) as usize * 2;
        block[i - 2..i].copy_from_slice(&PAIRS[pair..pair + 2]);
        value /= 100;
        i -= 2;
    }
    if value > 0 && i > 0 {
        block[i - 1] = b'0' + (value % 10) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_bytes, Options};
    use crate::findings::FileReport;
    use crate::Verdict;
    use std::collections::BTreeSet;

    fn make(opts: &GenerateOptions) -> (Vec<u8>, GenerateSummary) {
        let mut bytes = Vec::new();
        let summary = generate(&mut bytes, opts).expect("writing to memory");
        assert_eq!(summary.bytes, bytes.len() as u64);
        (bytes, summary)
    }

    fn check(opts: &GenerateOptions, bytes: &[u8]) -> FileReport {
        let options = Options {
            max_per_rule: usize::MAX,
            ..Options::default()
        };
        check_bytes(&opts.file_name(), bytes, &options)
    }

    #[test]
    fn columns_match_the_spec() {
        let spec = Spec::latest();
        let r = spec.roles;
        assert_eq!(spec.column_count(), col::COUNT);
        for (ours, theirs) in [
            (col::AANMAAKDATUM, r.aanmaakdatum),
            (col::GEMEENTECODE, r.gemeentecode),
            (col::BSN, r.bsn),
            (col::TYPE_TOEWIJZING, r.type_toewijzing),
            (col::BEOOGDE_START, r.beoogde_startdatum),
            (col::BEOOGDE_EIND, r.beoogde_einddatum),
            (col::LEVERINGSVORM, r.leveringsvorm),
            (col::TYPE_DECLARATIE, r.type_declaratie),
            (col::START, r.startdatum),
            (col::EIND, r.einddatum),
            (col::TOEWIJZINGSNUMMER, r.toewijzingsnummer),
            (col::BESCHIKT_VOLUME, r.beschikt_volume),
            (col::BESCHIKT_EENHEID, r.beschikt_eenheid),
            (col::BESCHIKT_FREQUENTIE, r.beschikt_frequentie),
            (col::GELEVERD_EENHEID, r.geleverd_eenheid),
            (col::GELEVERD_VOLUME, r.geleverd_volume),
        ] {
            assert_eq!(ours, theirs);
        }
        assert_eq!(
            spec.columns[col::REDEN_BEEINDIGING].key,
            "reden_beeindiging"
        );
        assert_eq!(spec.columns[col::REDEN_WIJZIGING].key, "reden_wijziging");
    }

    #[test]
    fn same_seed_same_bytes() {
        let mut opts = GenerateOptions::new(5_000, 42);
        opts.faulty_share = 0.3;
        let (a, sa) = make(&opts);
        let (b, sb) = make(&opts);
        assert_eq!(a, b);
        assert_eq!(sa, sb);
        opts.seed = 43;
        assert_ne!(make(&opts).0, a);
    }

    #[test]
    fn valid_file_has_no_findings() {
        for (period, gemeente, crlf, seed) in [
            ("H22025", 363, false, 1),
            ("H12025", 14, true, 2),
            ("H12015", 1680, false, 3),
        ] {
            let mut opts = GenerateOptions::new(20_000, seed);
            opts.period = Period::parse(period).unwrap();
            opts.gemeentecode = gemeente;
            opts.crlf = crlf;
            let (bytes, summary) = make(&opts);
            assert_eq!((summary.rows, summary.faulty_rows), (20_000, 0));
            let report = check(&opts, &bytes);
            assert_eq!(report.rows, 20_000);
            // A period the bundled protocol is not for is said once (N007, a warning).
            let other_protocol = u64::from(!Spec::latest().covers(opts.period));
            assert_eq!(
                report.counts.of_rule(Rule::PeriodNotInProtocol),
                other_protocol
            );
            assert_eq!(
                report.counts.total(),
                other_protocol,
                "{period}: {:?}",
                report.findings
            );
            assert_eq!(report.verdict(Spec::latest()), Verdict::Accepted);
        }
    }

    #[test]
    fn valid_file_looks_real() {
        let (bytes, _) = make(&GenerateOptions::new(20_000, 7));
        let text = std::str::from_utf8(&bytes).unwrap();
        let mut lines = text.lines();
        assert!(lines
            .next()
            .unwrap()
            .starts_with("Aanmaakdatum bestand;Gemeentecode;BSN;"));
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
        let first = &rows[0];
        assert_eq!(first[col::AANMAAKDATUM].len(), 12);
        assert!(first[col::AANMAAKDATUM].starts_with("202601"));
        let share = |f: &dyn Fn(&Vec<&str>) -> bool| {
            rows.iter().filter(|r| f(r)).count() as f64 / rows.len() as f64
        };
        let unknown = share(&|r| r[col::BSN] == "999999999");
        assert!((0.003..0.03).contains(&unknown), "{unknown}");
        for code in ["0001", "0088", "0115", "0014"] {
            assert!(
                share(&|r| r[col::TYPE_TOEWIJZING] == code) > 0.002,
                "{code}"
            );
        }
        let generic: Vec<_> = rows
            .iter()
            .filter(|r| r[col::TYPE_DECLARATIE] == "0088" || r[col::TYPE_TOEWIJZING] == "0088")
            .collect();
        assert!(generic
            .iter()
            .all(|r| r[col::BESCHIKT_EENHEID] == "83" && r[col::BESCHIKT_FREQUENTIE] == "6"));
        for r in &rows {
            let n = r[col::TOEWIJZINGSNUMMER].len();
            assert!(n == 0 || n == 16);
            let filled = [
                col::BESCHIKT_VOLUME,
                col::BESCHIKT_EENHEID,
                col::BESCHIKT_FREQUENTIE,
            ]
            .map(|c| !r[c].is_empty());
            assert!(filled == [true; 3] || filled == [false; 3]);
        }
        let clients: BTreeSet<&str> = rows.iter().map(|r| r[col::BSN]).collect();
        let per_client = rows.len() as f64 / clients.len() as f64;
        assert!((1.5..2.5).contains(&per_client), "{per_client}");
    }

    #[test]
    fn every_faulty_row_is_found() {
        let mut opts = GenerateOptions::new(6_000, 5);
        opts.faulty_share = 1.0;
        let (bytes, summary) = make(&opts);
        assert_eq!(summary.faulty_rows, 6_000);
        assert!(summary.mistakes.iter().all(|n| *n > 100));
        let report = check(&opts, &bytes);
        assert_eq!(report.verdict(Spec::latest()), Verdict::Rejected);
        let lines: BTreeSet<u64> = report.findings.iter().filter_map(|f| f.line).collect();
        assert_eq!(lines, (2..=6_001).collect::<BTreeSet<u64>>());
        // Each mistake is exactly one finding of its rule, plus R003 for scientific notation.
        let mut expected: Vec<(Rule, u64)> = Mistake::ALL
            .iter()
            .map(|m| (m.rule(), summary.count(*m)))
            .collect();
        expected.push((
            Rule::AanmaakdatumDiffers,
            summary.count(Mistake::ScientificAanmaakdatum),
        ));
        expected.sort();
        assert_eq!(report.counts.by_rule(), expected);
    }

    #[test]
    fn a_tenth_faulty() {
        let mut opts = GenerateOptions::new(20_000, 9);
        opts.faulty_share = 0.1;
        let (bytes, summary) = make(&opts);
        let share = summary.faulty_rows as f64 / summary.rows as f64;
        assert!((0.05..=0.15).contains(&share), "{share}");
        let report = check(&opts, &bytes);
        let lines: BTreeSet<u64> = report.findings.iter().filter_map(|f| f.line).collect();
        assert_eq!(lines.len() as u64, summary.faulty_rows);
        assert_eq!(report.verdict(Spec::latest()), Verdict::Rejected);
    }

    #[test]
    fn bad_options_are_refused() {
        let mut opts = GenerateOptions::new(10, 0);
        opts.faulty_share = 1.5;
        assert!(generate(Vec::new(), &opts).is_err());
        opts.faulty_share = f64::NAN;
        assert!(generate(Vec::new(), &opts).is_err());
        opts.faulty_share = 0.0;
        opts.gemeentecode = 457; // Weesp, merged into Amsterdam in 2022
        assert!(generate(Vec::new(), &opts).is_err());
    }

    #[test]
    fn zero_rows_is_a_header() {
        let (bytes, summary) = make(&GenerateOptions::new(0, 0));
        assert_eq!(summary.rows, 0);
        assert_eq!(bytes.iter().filter(|b| **b == b'\n').count(), 1);
    }
}
