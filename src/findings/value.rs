//! How a finding shows a value of the file: as it is when it is printable ASCII and short,
//! else with control characters and spaces that are no spaces made visible, long values cut.
//! (The words around it are the output's: `output::render`.)

use compact_str::CompactString;

/// Values longer than this are cut when shown.
pub const MAX_SHOWN: usize = 40;

/// Whether a raw field is shown as it is ([`display_value`]): printable ASCII, not too long.
#[inline]
pub fn shown_as_is(raw: &[u8]) -> bool {
    raw.len() <= MAX_SHOWN && raw.iter().all(|b| (b' '..=b'~').contains(b))
}

/// How a raw field is shown: lossy UTF-8, control characters made visible, long values cut.
pub fn display_value(raw: &[u8]) -> CompactString {
    if shown_as_is(raw) {
        // The usual value, shown as it is (and inline, up to 24 bytes).
        return CompactString::from(std::str::from_utf8(raw).expect("printable ASCII"));
    }
    let text = String::from_utf8_lossy(&raw[..raw.len().min(MAX_SHOWN * 4)]);
    let mut out = String::new();
    for (i, ch) in text.chars().enumerate() {
        if i == MAX_SHOWN {
            out.push('…');
            break;
        }
        match ch {
            '\0' => out.push_str("\\0"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_unusual_space(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

/// The characters that look like a space, or like nothing, but are not the space (U+0020) or
/// a tab: the Unicode space separators, the zero-width space and joiners, and the byte order
/// mark inside a line (a zero-width no-break space). Values show them by their code
/// (`\u{a0}`), so that they do not pass for spaces.
pub const UNUSUAL_SPACES: [char; 20] = [
    '\u{00A0}', '\u{1680}', '\u{180E}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
    '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{200B}', '\u{202F}',
    '\u{205F}', '\u{2060}', '\u{3000}', '\u{FEFF}',
];

/// Whether `c` is one of [`UNUSUAL_SPACES`].
pub fn is_unusual_space(c: char) -> bool {
    UNUSUAL_SPACES.contains(&c)
}
