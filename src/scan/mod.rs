//! Splits a byte stream into physical lines, fed in chunks of any size, with bounded memory.
//!
//! Unlike a CSV reader this scanner hides nothing a validator must see: a BOM, blank lines,
//! a lone CR, NUL bytes and a missing final newline all reach the checker. Lines are split on
//! LF only; a CR directly before the LF is taken as part of a Windows line ending. A line
//! longer than [`MAX_LINE_BYTES`] is passed on cut to that length, with its full length, so
//! a single 200 MB line costs no more memory than a short one.

pub mod classify;

use memchr::memchr;

/// Longest line kept whole. A valid record is at most 135 bytes; this leaves room to show
/// what went wrong in a line that is far too long.
pub const MAX_LINE_BYTES: usize = 4096;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Terminator {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// End of input without a line break.
    Eof,
}

/// One physical line.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based physical line number (the header is line 1).
    pub number: u64,
    /// The line without its terminator, cut to at most [`MAX_LINE_BYTES`].
    pub bytes: &'a [u8],
    /// Length of the whole line without its terminator.
    pub len: u64,
    pub terminator: Terminator,
}

impl<'a> Line<'a> {
    /// The line ended by the line feed after `bytes` (whose first [`MAX_LINE_BYTES`] + 1
    /// bytes and last byte are given when it was longer), `len` bytes long before that line
    /// feed.
    #[inline]
    pub fn ended(number: u64, bytes: &'a [u8], len: u64) -> Line<'a> {
        let (len, terminator) = if len > 0 && bytes.last() == Some(&b'\r') {
            (len - 1, Terminator::CrLf)
        } else {
            (len, Terminator::Lf)
        };
        let kept = bytes.len().min(MAX_LINE_BYTES).min(len as usize);
        Line {
            number,
            bytes: &bytes[..kept],
            len,
            terminator,
        }
    }

    pub fn is_truncated(&self) -> bool {
        self.len > self.bytes.len() as u64
    }
}

/// Incremental line splitter: [`feed`](LineScanner::feed) chunks, then
/// [`finish`](LineScanner::finish). Lines within a chunk are passed without copying; only a
/// line that spans chunks is assembled in a buffer of at most `MAX_LINE_BYTES + 1` bytes.
#[derive(Debug, Default)]
pub struct LineScanner {
    carry: Vec<u8>,
    /// Full length of the partial line in `carry` (may exceed what `carry` holds).
    carry_len: u64,
    lines: u64,
    bytes: u64,
}

impl LineScanner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts numbering at `first_line` (for checking a part of a file).
    pub fn starting_at(first_line: u64) -> Self {
        LineScanner {
            lines: first_line.saturating_sub(1),
            ..Self::default()
        }
    }

    /// Lines passed on so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Bytes fed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn feed(&mut self, mut chunk: &[u8], on_line: &mut impl FnMut(Line<'_>)) {
        self.bytes += chunk.len() as u64;
        while let Some(end) = memchr(b'\n', chunk) {
            let (head, rest) = (&chunk[..end], &chunk[end + 1..]);
            chunk = rest;
            if self.carry_len == 0 {
                self.emit_line(head, head.len() as u64, true, on_line);
            } else {
                self.push_carry(head);
                let mut carry = std::mem::take(&mut self.carry);
                let len = self.carry_len;
                self.emit_line(&carry, len, true, on_line);
                carry.clear();
                self.carry = carry;
                self.carry_len = 0;
            }
        }
        if !chunk.is_empty() {
            self.push_carry(chunk);
        }
    }

    pub fn finish(&mut self, on_line: &mut impl FnMut(Line<'_>)) {
        if self.carry_len > 0 {
            let carry = std::mem::take(&mut self.carry);
            let len = self.carry_len;
            self.carry_len = 0;
            self.emit_line(&carry, len, false, on_line);
        }
    }

    /// Whether part of a line is waiting for the rest.
    pub fn is_mid_line(&self) -> bool {
        self.carry_len > 0
    }

    /// Counts `lines` whole lines of `bytes` bytes that were checked without the scanner.
    pub fn skip(&mut self, bytes: usize, lines: u64) {
        debug_assert!(!self.is_mid_line());
        self.bytes += bytes as u64;
        self.lines += lines;
    }

    /// Scans a whole buffer at once.
    pub fn scan_all(bytes: &[u8], on_line: &mut impl FnMut(Line<'_>)) -> u64 {
        let mut scanner = LineScanner::new();
        scanner.feed(bytes, on_line);
        scanner.finish(on_line);
        scanner.lines
    }

    fn push_carry(&mut self, bytes: &[u8]) {
        // One byte beyond the cap is kept so a CR that ends a cut line is still seen.
        let room = (MAX_LINE_BYTES + 1).saturating_sub(self.carry.len());
        self.carry
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
        if bytes.len() > room {
            // Past the cap only the last byte matters: it decides whether the line ends in CR LF.
            *self.carry.last_mut().expect("carry is full") = bytes[bytes.len() - 1];
        }
        self.carry_len += bytes.len() as u64;
    }

    #[inline]
    fn emit_line(
        &mut self,
        bytes: &[u8],
        len: u64,
        newline: bool,
        on_line: &mut impl FnMut(Line<'_>),
    ) {
        self.lines += 1;
        if newline {
            on_line(Line::ended(self.lines, bytes, len));
            return;
        }
        let kept = bytes.len().min(MAX_LINE_BYTES).min(len as usize);
        on_line(Line {
            number: self.lines,
            bytes: &bytes[..kept],
            len,
            terminator: Terminator::Eof,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Owned {
        number: u64,
        bytes: Vec<u8>,
        len: u64,
        terminator: Terminator,
    }

    fn whole(input: &[u8]) -> Vec<Owned> {
        let mut out = Vec::new();
        LineScanner::scan_all(input, &mut |l: Line| {
            out.push(Owned {
                number: l.number,
                bytes: l.bytes.to_vec(),
                len: l.len,
                terminator: l.terminator,
            })
        });
        out
    }

    fn chunked(input: &[u8], size: usize) -> Vec<Owned> {
        let mut out = Vec::new();
        let mut scanner = LineScanner::new();
        let mut sink = |l: Line| {
            out.push(Owned {
                number: l.number,
                bytes: l.bytes.to_vec(),
                len: l.len,
                terminator: l.terminator,
            })
        };
        for chunk in input.chunks(size) {
            scanner.feed(chunk, &mut sink);
        }
        scanner.finish(&mut sink);
        out
    }

    fn long_line(n: usize) -> Vec<u8> {
        let mut v = vec![b'7'; n];
        v.extend_from_slice(b"\r\nnext\n");
        v
    }

    fn cases() -> Vec<(&'static str, Vec<u8>)> {
        vec![
            ("empty", b"".to_vec()),
            ("lf", b"a;b\n1;2\n".to_vec()),
            ("crlf", b"a;b\r\n1;2\r\n".to_vec()),
            ("no final newline", b"a;b\n1;2".to_vec()),
            ("bom", b"\xEF\xBB\xBFa;b\n1;2\n".to_vec()),
            ("blank lines", b"a\n\n\r\n\nb\n".to_vec()),
            ("lone cr", b"a\rb\nc\r".to_vec()),
            ("nul and binary", b"a\x00b\xff\xfe\n\x00\n".to_vec()),
            ("quotes and spaces", b"\"1\"; 2 ;\t3\n".to_vec()),
            ("only newline", b"\n".to_vec()),
            ("only cr lf", b"\r\n".to_vec()),
            ("long line", long_line(MAX_LINE_BYTES * 3 + 17)),
            ("line at cap", long_line(MAX_LINE_BYTES)),
            ("line at cap plus one", long_line(MAX_LINE_BYTES + 1)),
        ]
    }

    #[test]
    fn chunked_scanning_equals_whole_buffer() {
        for (name, input) in cases() {
            let expected = whole(&input);
            for size in [1, 2, 3, 7, 64, 4097, 1 << 20] {
                assert_eq!(chunked(&input, size), expected, "{name}, chunks of {size}");
            }
        }
    }

    #[test]
    fn lines_and_terminators() {
        let lines = whole(b"a;b\r\n\nc\rd\ne");
        let seen: Vec<(u64, &[u8], Terminator)> = lines
            .iter()
            .map(|l| (l.number, l.bytes.as_slice(), l.terminator))
            .collect();
        assert_eq!(
            seen,
            vec![
                (1, &b"a;b"[..], Terminator::CrLf),
                (2, &b""[..], Terminator::Lf),
                (3, &b"c\rd"[..], Terminator::Lf),
                (4, &b"e"[..], Terminator::Eof),
            ]
        );
        assert!(whole(b"").is_empty());
        assert_eq!(
            whole(b"x\r").last().unwrap().bytes,
            b"x\r",
            "a CR at EOF is not a line ending"
        );
    }

    #[test]
    fn long_lines_are_cut_but_measured() {
        let lines = whole(&long_line(1_000_000));
        assert_eq!(lines[0].len, 1_000_000);
        assert_eq!(lines[0].bytes.len(), MAX_LINE_BYTES);
        assert_eq!(lines[0].terminator, Terminator::CrLf);
        assert_eq!(lines[1].bytes, b"next");
    }

    #[test]
    fn carry_stays_bounded() {
        let mut scanner = LineScanner::new();
        let block = vec![b'1'; 65_536];
        for _ in 0..100 {
            scanner.feed(&block, &mut |_| panic!("no line yet"));
        }
        assert!(scanner.carry.capacity() <= 2 * (MAX_LINE_BYTES + 1));
        let mut seen = None;
        scanner.finish(&mut |l: Line| seen = Some((l.len, l.is_truncated())));
        assert_eq!(seen, Some((6_553_600, true)));
    }
}
