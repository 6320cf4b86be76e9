//! Where pass 2 starts, decided once for the check and the fix: which line is the header row
//! (the first that is neither blank nor too long, if it looks like one), and which separator
//! the header and the records are split at (S013: a comma or tab instead of the protocol's;
//! S005: a header split otherwise than its records). The check reports what it decides into
//! its sink; the fix, which only needs the decision, gives none.

use crate::findings::Sink;
use crate::spec::Spec;

/// What a line that is neither blank nor too long is, at the start of pass 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Header,
    /// A record; `first` when it stands where the header row should be.
    Record {
        first: bool,
    },
}

/// The start of pass 2, fed its lines in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Start {
    /// Whether the header row's place is taken: by the header, a record or a line too long.
    header_done: bool,
    /// The line in the header row's place, when it was not too long to be read.
    first: Option<u64>,
    /// Whether the first record has decided the separator of the records.
    decided: bool,
    /// The header row's line and the comma or tab it is split at instead of the protocol's
    /// separator, until the first record shows whether the records are too.
    header_separator: Option<(u64, u8)>,
}

impl Start {
    /// The start of a part of a file after its first lines: all decided.
    pub(crate) fn past() -> Start {
        Start {
            header_done: true,
            first: None,
            decided: true,
            header_separator: None,
        }
    }

    /// Whether the header row's place is taken.
    #[inline]
    pub(crate) fn header_done(&self) -> bool {
        self.header_done
    }

    /// Whether the header and the separator of the records are decided: the lines that
    /// follow are records, split at the separator decided.
    #[inline]
    pub(crate) fn decided(&self) -> bool {
        self.decided
    }

    /// Whether line `number` stood where the header row should be.
    #[inline]
    pub(crate) fn is_first(&self, number: u64) -> bool {
        self.first == Some(number)
    }

    /// A line too long to be read takes the header row's place if it is free.
    pub(crate) fn too_long(&mut self) {
        self.header_done = true;
    }

    /// Line `number` (`bytes`, after a byte order mark), neither blank nor too long: what it
    /// is. `separator`, what the lines are split at, changes where the line shows another;
    /// what the start finds (S004, S005, S013) is reported into `sink` when given.
    #[cold]
    pub(crate) fn line(
        &mut self,
        spec: &Spec,
        number: u64,
        bytes: &[u8],
        separator: &mut u8,
        mut sink: Option<&mut Sink>,
    ) -> Role {
        if !self.header_done {
            self.header_done = true;
            self.first = Some(number);
            // Split at the separator the first line shows, until the first record decides.
            if let Some((other, _)) = super::another_separator(spec, bytes) {
                self.header_separator = Some((number, other));
                *separator = other;
            }
            if super::looks_like_header(bytes) {
                return Role::Header;
            }
            if let Some(sink) = sink.as_deref_mut() {
                super::header_missing(spec, number, sink);
            }
        }
        if !self.decided {
            self.decided = true;
            self.first_record(spec, number, bytes, separator, sink);
        }
        Role::Record {
            first: self.is_first(number),
        }
    }

    /// The first record (`bytes`, on line `number`) decides the separator of the records: a
    /// header split at another separator than they are is one wrong line (S005), records
    /// split at a comma or tab are the file's (S013), said once.
    fn first_record(
        &mut self,
        spec: &Spec,
        number: u64,
        bytes: &[u8],
        separator: &mut u8,
        sink: Option<&mut Sink>,
    ) {
        let records = super::records_separator(spec, *separator, bytes);
        let header = self.header_separator.take();
        *separator = records;
        let Some(sink) = sink else {
            return;
        };
        match header {
            Some((line, header)) if records == header => {
                super::header_other_separator(line, header, sink);
            }
            // The header has no protocol separator at all: one column.
            Some((line, _)) => super::header_column_count(spec, line, 1, sink),
            None if records != spec.separator => {
                super::records_other_separator(number, records, sink);
            }
            None => {}
        }
    }

    /// At the end of the file: a header split at a comma or tab that no record came to
    /// contradict says the file is split so (S013).
    pub(crate) fn finish(&mut self, sink: &mut Sink) {
        if let Some((line, separator)) = self.header_separator.take() {
            super::header_other_separator(line, separator, sink);
        }
    }
}
