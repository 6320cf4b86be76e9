//! Calendar dates as the protocol writes them (`EEJJMMDD` read as one number, `20250131`),
//! which compare correctly as plain integers, plus day arithmetic for the merge rules.

/// A date in `yyyymmdd` form. Ordering of the integers is the ordering of the dates.
pub type Ymd = u32;

pub fn is_leap_year(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Years outside this range are typing errors, not dates of Wmo support.
pub const MIN_YEAR: u32 = 1900;

/// Whether `yyyymmdd` is a real calendar date from [`MIN_YEAR`] on.
#[inline]
pub fn is_valid_ymd(ymd: Ymd) -> bool {
    let (year, rest) = (ymd / 10_000, ymd % 10_000);
    is_valid_date(year, rest / 100, rest % 100)
}

/// [`is_valid_ymd`] for a date already in parts.
#[inline(always)]
pub fn is_valid_date(year: u32, month: u32, day: u32) -> bool {
    // Checked on every date field: per month a bit for each day it has (29 February
    // included), leap years only looked at for 29 February.
    const fn days(n: u32) -> u32 {
        ((1u64 << (n + 1)) - 2) as u32
    }
    const DAYS: [u32; 16] = [
        0,
        days(31),
        days(29),
        days(31),
        days(30),
        days(31),
        days(30),
        days(31),
        days(31),
        days(30),
        days(31),
        days(30),
        days(31),
        0,
        0,
        0,
    ];
    if day == 29 && month == 2 {
        return year >= MIN_YEAR && is_leap_year(year);
    }
    (year >= MIN_YEAR)
        & (month < 16)
        & (day < 32)
        & (DAYS[(month & 15) as usize] >> (day & 31) & 1 != 0)
}

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil); valid for any valid `Ymd`.
pub fn days_from_ymd(ymd: Ymd) -> i64 {
    let (y, m, d) = (
        (ymd / 10_000) as i64,
        (ymd / 100 % 100) as i64,
        (ymd % 100) as i64,
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_ymd`].
pub fn ymd_from_days(days: i64) -> Ymd {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y * 10_000 + m * 100 + d) as Ymd
}

/// `20250131` → `2025-01-31`, the form messages show.
pub fn format_ymd(ymd: Ymd) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        ymd / 10_000,
        ymd / 100 % 100,
        ymd % 100
    )
}

/// A reporting period: a half year, named in file names as `H1YYYY` or `H2YYYY`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: u16,
    /// 1 (January–June) or 2 (July–December).
    pub half: u8,
}

impl Period {
    /// Parses `H22025` (the protocol's "code uitvraag"); also accepts lower case `h`.
    pub fn parse(code: &str) -> Option<Period> {
        let b = code.as_bytes();
        if b.len() != 6 || !(b[0] == b'H' || b[0] == b'h') || !b[1..].iter().all(u8::is_ascii_digit)
        {
            return None;
        }
        let half = b[1] - b'0';
        let year: u16 = code[2..].parse().ok()?;
        ((half == 1 || half == 2) && year >= 2015).then_some(Period { year, half })
    }

    pub fn code(&self) -> String {
        format!("H{}{}", self.half, self.year)
    }

    pub fn first_day(&self) -> Ymd {
        u32::from(self.year) * 10_000 + if self.half == 1 { 101 } else { 701 }
    }

    pub fn last_day(&self) -> Ymd {
        u32::from(self.year) * 10_000 + if self.half == 1 { 630 } else { 1231 }
    }

    pub fn previous(&self) -> Period {
        if self.half == 2 {
            Period {
                year: self.year,
                half: 1,
            }
        } else {
            Period {
                year: self.year - 1,
                half: 2,
            }
        }
    }

    /// The half year `halves` half years later (earlier when negative).
    pub fn shifted(&self, halves: i32) -> Period {
        let index = i32::from(self.year) * 2 + i32::from(self.half) - 1 + halves;
        Period {
            year: index.div_euclid(2) as u16,
            half: index.rem_euclid(2) as u8 + 1,
        }
    }

    /// The latest half year that had ended before `ymd`.
    pub fn ended_before(ymd: Ymd) -> Period {
        let year = (ymd / 10_000) as u16;
        if ymd % 10_000 > 630 {
            Period { year, half: 1 }
        } else {
            Period {
                year: year - 1,
                half: 2,
            }
        }
    }

    pub fn contains(&self, ymd: Ymd) -> bool {
        (self.first_day()..=self.last_day()).contains(&ymd)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "H{}{}", self.half, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates() {
        for (ymd, valid) in [
            (20240229, true),
            (20250229, false),
            (19000229, false),
            (20000229, true),
            (20251231, true),
            (20251232, false),
            (20250431, false),
            (20251301, false),
            (20250001, false),
            (20250100, false),
            (18991231, false),
            (0, false),
        ] {
            assert_eq!(is_valid_ymd(ymd), valid, "{ymd}");
        }
    }

    #[test]
    fn calendar_dates_equal_days_in_month() {
        for year in (1890..2110).chain([0, 2400, 9999]) {
            for month in 0..100 {
                for day in 0..100 {
                    let ymd = year * 10_000 + month * 100 + day;
                    let expected = year >= MIN_YEAR
                        && (1..=12).contains(&month)
                        && day >= 1
                        && day <= days_in_month(year, month);
                    assert_eq!(is_valid_ymd(ymd), expected, "{ymd}");
                }
            }
        }
    }

    #[test]
    fn day_arithmetic_round_trips() {
        assert_eq!(days_from_ymd(19700101), 0);
        assert_eq!(days_from_ymd(20250301) - days_from_ymd(20250226), 3);
        assert_eq!(days_from_ymd(20240301) - days_from_ymd(20240226), 4);
        for ymd in [19000101, 20150101, 20240229, 20251231, 99991231] {
            assert_eq!(ymd_from_days(days_from_ymd(ymd)), ymd);
        }
    }

    #[test]
    fn periods() {
        let p = Period::parse("H22025").unwrap();
        assert_eq!((p.first_day(), p.last_day()), (20250701, 20251231));
        assert_eq!(p.previous(), Period::parse("H12025").unwrap());
        assert_eq!(Period::parse("H12026").unwrap().previous(), p);
        assert_eq!(p.shifted(1), Period::parse("H12026").unwrap());
        assert_eq!(p.shifted(-2), Period::parse("H22024").unwrap());
        assert_eq!(p.shifted(-3).shifted(3), p);
        assert_eq!(Period::ended_before(20260120), p);
        assert_eq!(
            Period::ended_before(20250701),
            Period::parse("H12025").unwrap()
        );
        assert_eq!(
            Period::ended_before(20250630),
            Period::parse("H22024").unwrap()
        );
        for bad in ["H32025", "H2025", "X22025", "H2202a", "H22014"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }
}
