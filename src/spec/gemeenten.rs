//! The CBS list of municipality codes with their validity, to tell a current code from one of
//! a municipality that no longer exists (and name it, with its end date).

use super::dates::{Period, Ymd};

#[derive(Clone, Debug)]
pub struct Gemeente {
    pub code: u16,
    pub name: String,
    pub valid_from: Ymd,
    /// First day on which the municipality no longer exists; `None` while it does.
    pub valid_to: Option<Ymd>,
}

impl Gemeente {
    /// Whether the municipality existed on some day of the period.
    pub fn existed_in(&self, period: Period) -> bool {
        self.valid_from <= period.last_day()
            && self.valid_to.is_none_or(|to| to > period.first_day())
    }
}

#[derive(Clone, Debug)]
pub struct Gemeenten {
    /// Sorted by code, then `valid_from`.
    rows: Vec<Gemeente>,
}

fn parse_iso_date(text: &str) -> Result<Ymd, String> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 {
        return Err(format!("not a date: {text:?}"));
    }
    digits.parse().map_err(|_| format!("not a date: {text:?}"))
}

impl Gemeenten {
    /// Reads `code;name;valid_from;valid_to;...` with one header row.
    pub fn from_csv(text: &str) -> Result<Gemeenten, String> {
        let mut rows = Vec::new();
        for (n, line) in text.lines().enumerate().skip(1) {
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(';').collect();
            if fields.len() < 4 {
                return Err(format!("gemeenten line {}: too few fields", n + 1));
            }
            let code = fields[0]
                .parse()
                .map_err(|_| format!("gemeenten line {}: bad code", n + 1))?;
            rows.push(Gemeente {
                code,
                name: fields[1].to_string(),
                valid_from: parse_iso_date(fields[2])?,
                valid_to: if fields[3].is_empty() {
                    None
                } else {
                    Some(parse_iso_date(fields[3])?)
                },
            });
        }
        rows.sort_by_key(|g| (g.code, g.valid_from));
        Ok(Gemeenten { rows })
    }

    pub fn all(&self) -> &[Gemeente] {
        &self.rows
    }

    /// Whether the code belonged to an existing municipality on some day of the period.
    pub fn valid_in(&self, code: u16, period: Period) -> bool {
        self.rows
            .iter()
            .filter(|g| g.code == code)
            .any(|g| g.existed_in(period))
    }

    /// A table of all 10 000 codes: `true` where the code is valid in the period.
    pub fn valid_table(&self, period: Period) -> Vec<bool> {
        let mut table = vec![false; 10_000];
        for g in self.rows.iter().filter(|g| g.existed_in(period)) {
            table[usize::from(g.code)] = true;
        }
        table
    }

    /// The latest row for a code, if the code was ever used.
    pub fn latest(&self, code: u16) -> Option<&Gemeente> {
        self.rows.iter().rfind(|g| g.code == code)
    }

    /// The name the code had on the first day of the period (a code may be given to another
    /// municipality after a merger), else its latest name; `None` for a code never used.
    pub fn name_for(&self, code: u16, period: Option<Period>) -> Option<&str> {
        let rows = || self.rows.iter().filter(move |g| g.code == code);
        period
            .and_then(|p| {
                let day = p.first_day();
                rows().find(|g| g.valid_from <= day && g.valid_to.is_none_or(|to| day < to))
            })
            .or_else(|| self.latest(code))
            .map(|g| g.name.as_str())
    }

    /// The name of a municipality valid in the period.
    pub fn name_in(&self, code: u16, period: Option<Period>) -> Option<&str> {
        match period {
            Some(p) if self.valid_in(code, p) => self.latest(code).map(|g| g.name.as_str()),
            Some(_) => None,
            None => self
                .latest(code)
                .filter(|g| g.valid_to.is_none())
                .map(|g| g.name.as_str()),
        }
    }
}
