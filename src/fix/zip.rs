//! The zip that `gmsd-fast fix` writes for a zip (APPNOTE 6.3.10): its members in the same
//! order under the same names (their bytes as stored, the UTF-8 flag as it was), with their
//! times, attributes and comments.
//!
//! A member the fix leaves as it is, is copied as it is stored ([`ZipOut::copy`]): not
//! unpacked and packed again. (Python's `zipfile`, which wrote this zip before, deflated
//! every member again: 37 s for a national delivery whose check takes 0.7 s.) A member
//! written anew ([`ZipOut::begin`]) is deflated as it comes (zlib-rs, level 6), its CRC-32 and
//! sizes in a ZIP64 data descriptor after it, so that the zip streams into a pipe and a
//! member may pass 4 GiB, as `zipfile` wrote it with `force_zip64`.
//!
//! Why not the `zip` crate's writer (the tests read with it): its new members take their
//! name as text, so a CP437 name would be written as other bytes; and its raw copy takes the
//! member from its own reader, a second parser of hostile zips beside [`crate::input::zip`],
//! whose [`Archive`] is what the fix read and checked.

use std::io::{self, Write};

use flate2::{Compress, Compression, FlushCompress, Status};

use crate::input::zip::{Archive, Member};

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const DESCRIPTOR: u32 = 0x0807_4b50;
const END: u32 = 0x0605_4b50;
const END64: u32 = 0x0606_4b50;
const LOCATOR64: u32 = 0x0706_4b50;
/// Sizes and CRC-32 after the data (bit 3), the name in UTF-8 (bit 11).
const FLAG_DESCRIPTOR: u16 = 1 << 3;
const FLAG_UTF8: u16 = 1 << 11;
/// The flags a member copied as it is keeps: the method's options (bits 1 and 2, e.g. the
/// end marker of LZMA) and UTF-8; its sizes are known, so it needs no data descriptor.
const FLAGS_KEPT: u16 = 0b110 | FLAG_UTF8;
const DEFLATE: u16 = 8;
const ZIP64_VERSION: u16 = 45;
const MAX32: u64 = 0xFFFF_FFFF;
/// Entries the end of the central directory counts in 16 bits.
const MAX16: u64 = 0xFFFF;
const BUFFER: usize = 256 << 10;

/// A member as the central directory lists it.
#[derive(Clone, Debug)]
struct Entry {
    raw_name: Vec<u8>,
    flags: u16,
    method: u16,
    made_by: u16,
    time: u16,
    date: u16,
    crc32: u32,
    compressed_size: u64,
    size: u64,
    offset: u64,
    external_attr: u32,
    comment: Vec<u8>,
}

impl Entry {
    /// An entry with `member`'s name, time, attributes and comment, written at `offset`.
    fn like(member: &Member, offset: u64) -> Entry {
        Entry {
            raw_name: member.raw_name.clone(),
            flags: member.flags & FLAGS_KEPT,
            method: member.method,
            made_by: member.made_by,
            time: member.time,
            date: member.date,
            crc32: member.crc32,
            compressed_size: member.compressed_size,
            size: member.size,
            offset,
            external_attr: member.external_attr,
            comment: member.comment.clone(),
        }
    }

    /// The version of the format needed to read it (APPNOTE 4.4.3).
    fn version_needed(&self, zip64: bool) -> u16 {
        let by_method = match self.method {
            0 => 10,
            12 => 46,
            14 => 63,
            _ => 20,
        };
        if zip64 {
            by_method.max(ZIP64_VERSION)
        } else {
            by_method
        }
    }

    /// Whether a size does not fit the header's 32 bits.
    fn sizes_overflow(&self) -> bool {
        self.size >= MAX32 || self.compressed_size >= MAX32
    }
}

#[cfg(test)]
impl<W: Write + io::Seek> ZipOut<W> {
    /// Leaves a hole up to `offset` (a sparse file, for the tests of offsets past 4 GiB).
    fn skip_to(&mut self, offset: u64) -> io::Result<()> {
        self.out.seek(io::SeekFrom::Start(offset))?;
        self.written = offset;
        Ok(())
    }
}

/// A member being written: deflated as it comes.
struct Open {
    entry: Entry,
    deflate: Compress,
    crc: crc32fast::Hasher,
    buffer: Vec<u8>,
}

/// A zip written member by member into `out` (see the module's doc); [`ZipOut::finish`]
/// writes its central directory.
pub struct ZipOut<W: Write> {
    out: W,
    written: u64,
    entries: Vec<Entry>,
    open: Option<Open>,
    finished: bool,
}

fn busy() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "a member is being written, or the zip is finished",
    )
}

fn idle() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "no member is being written")
}

impl<W: Write> ZipOut<W> {
    pub fn new(out: W) -> ZipOut<W> {
        ZipOut {
            out,
            written: 0,
            entries: Vec::new(),
            open: None,
            finished: false,
        }
    }

    /// The output, as written so far.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// A local file header; `zip64` sizes in its extra field (`None`: the header's own).
    fn local_header(&mut self, entry: &Entry, zip64: Option<[u64; 2]>) -> io::Result<()> {
        let (size, compressed) = match zip64 {
            Some(_) => (MAX32, MAX32),
            None => (entry.size, entry.compressed_size),
        };
        let mut header = Vec::with_capacity(30 + entry.raw_name.len() + 20);
        header.extend_from_slice(&LOCAL.to_le_bytes());
        header.extend_from_slice(&entry.version_needed(zip64.is_some()).to_le_bytes());
        header.extend_from_slice(&entry.flags.to_le_bytes());
        header.extend_from_slice(&entry.method.to_le_bytes());
        header.extend_from_slice(&entry.time.to_le_bytes());
        header.extend_from_slice(&entry.date.to_le_bytes());
        header.extend_from_slice(&entry.crc32.to_le_bytes());
        header.extend_from_slice(&(compressed as u32).to_le_bytes());
        header.extend_from_slice(&(size as u32).to_le_bytes());
        header.extend_from_slice(&(entry.raw_name.len() as u16).to_le_bytes());
        let extra_len: u16 = if zip64.is_some() { 20 } else { 0 };
        header.extend_from_slice(&extra_len.to_le_bytes());
        header.extend_from_slice(&entry.raw_name);
        if let Some([size, compressed]) = zip64 {
            header.extend_from_slice(&1u16.to_le_bytes());
            header.extend_from_slice(&16u16.to_le_bytes());
            header.extend_from_slice(&size.to_le_bytes());
            header.extend_from_slice(&compressed.to_le_bytes());
        }
        self.put(&header)
    }

    /// Copies member `index` of `archive` as it is stored: its packed bytes, not unpacked.
    /// The caller has read it whole before (its CRC-32 compared) where that matters.
    pub fn copy(&mut self, archive: &Archive, index: usize) -> io::Result<()> {
        if self.open.is_some() || self.finished {
            return Err(busy());
        }
        let member = &archive.members[index];
        let entry = Entry::like(member, self.written);
        let zip64 = entry
            .sizes_overflow()
            .then_some([entry.size, entry.compressed_size]);
        let mut packed = archive.packed_reader(index)?;
        self.local_header(&entry, zip64)?;
        // In blocks of BUFFER: each write may be a call into Python.
        let mut out = io::BufWriter::with_capacity(BUFFER, &mut self.out);
        let copied = io::copy(&mut packed, &mut out)?;
        out.flush()?;
        self.written += copied;
        if copied != entry.compressed_size {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the member's packed bytes end early",
            ));
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Starts a member with `like`'s name, time, attributes and comment, deflated from what
    /// is written ([`Self::write_data`]) until [`Self::end`].
    pub fn begin(&mut self, like: &Member) -> io::Result<()> {
        if self.open.is_some() || self.finished {
            return Err(busy());
        }
        let mut entry = Entry::like(like, self.written);
        entry.flags = (like.flags & FLAG_UTF8) | FLAG_DESCRIPTOR;
        entry.method = DEFLATE;
        entry.made_by = (like.made_by & 0xFF00) | ZIP64_VERSION;
        (entry.crc32, entry.size, entry.compressed_size) = (0, 0, 0);
        self.local_header(&entry, Some([0, 0]))?;
        self.open = Some(Open {
            entry,
            deflate: Compress::new(Compression::new(6), false),
            crc: crc32fast::Hasher::new(),
            buffer: Vec::with_capacity(BUFFER),
        });
        Ok(())
    }

    /// Deflates `data` into the member begun.
    pub fn write_data(&mut self, data: &[u8]) -> io::Result<()> {
        let mut open = self.open.take().ok_or_else(idle)?;
        open.crc.update(data);
        open.entry.size += data.len() as u64;
        let result = self.deflate(&mut open, data, FlushCompress::None);
        self.open = Some(open);
        result
    }

    /// Deflates `data` (all of it; with `Finish`, to the end of the stream), writing out
    /// what comes.
    fn deflate(
        &mut self,
        open: &mut Open,
        mut data: &[u8],
        flush: FlushCompress,
    ) -> io::Result<()> {
        loop {
            open.buffer.clear();
            let before = open.deflate.total_in();
            let status = open
                .deflate
                .compress_vec(data, &mut open.buffer, flush)
                .map_err(io::Error::other)?;
            data = &data[(open.deflate.total_in() - before) as usize..];
            self.put(&open.buffer)?;
            open.entry.compressed_size += open.buffer.len() as u64;
            let done = match flush {
                FlushCompress::Finish => status == Status::StreamEnd,
                _ => data.is_empty() && open.buffer.len() < open.buffer.capacity(),
            };
            if done {
                return Ok(());
            }
        }
    }

    /// Ends the member begun: the rest of its deflated bytes, then its data descriptor.
    pub fn end(&mut self) -> io::Result<()> {
        let mut open = self.open.take().ok_or_else(idle)?;
        self.deflate(&mut open, &[], FlushCompress::Finish)?;
        let mut entry = open.entry;
        entry.crc32 = open.crc.finalize();
        let mut descriptor = Vec::with_capacity(24);
        descriptor.extend_from_slice(&DESCRIPTOR.to_le_bytes());
        descriptor.extend_from_slice(&entry.crc32.to_le_bytes());
        descriptor.extend_from_slice(&entry.compressed_size.to_le_bytes());
        descriptor.extend_from_slice(&entry.size.to_le_bytes());
        self.put(&descriptor)?;
        self.entries.push(entry);
        Ok(())
    }

    /// Writes the central directory and its end, and flushes the output; nothing can be
    /// written after it.
    pub fn finish(&mut self) -> io::Result<()> {
        if self.open.is_some() || self.finished {
            return Err(busy());
        }
        self.finished = true;
        let start = self.written;
        let entries = std::mem::take(&mut self.entries);
        for entry in &entries {
            self.central_header(entry)?;
        }
        let size = self.written - start;
        let count = entries.len() as u64;
        let mut end = Vec::with_capacity(98);
        if count >= MAX16 || start >= MAX32 || size >= MAX32 {
            let at = self.written;
            end.extend_from_slice(&END64.to_le_bytes());
            end.extend_from_slice(&44u64.to_le_bytes());
            end.extend_from_slice(&ZIP64_VERSION.to_le_bytes());
            end.extend_from_slice(&ZIP64_VERSION.to_le_bytes());
            end.extend_from_slice(&[0; 8]); // this disk, the directory's disk
            end.extend_from_slice(&count.to_le_bytes());
            end.extend_from_slice(&count.to_le_bytes());
            end.extend_from_slice(&size.to_le_bytes());
            end.extend_from_slice(&start.to_le_bytes());
            end.extend_from_slice(&LOCATOR64.to_le_bytes());
            end.extend_from_slice(&0u32.to_le_bytes());
            end.extend_from_slice(&at.to_le_bytes());
            end.extend_from_slice(&1u32.to_le_bytes());
        }
        end.extend_from_slice(&END.to_le_bytes());
        end.extend_from_slice(&[0; 4]); // this disk, the directory's disk
        let count16 = count.min(MAX16) as u16;
        end.extend_from_slice(&count16.to_le_bytes());
        end.extend_from_slice(&count16.to_le_bytes());
        end.extend_from_slice(&(size.min(MAX32) as u32).to_le_bytes());
        end.extend_from_slice(&(start.min(MAX32) as u32).to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes()); // no comment
        self.put(&end)?;
        self.out.flush()
    }

    /// The output, once the zip is finished.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// A central directory header; what passes 32 bits in a ZIP64 extra field.
    fn central_header(&mut self, entry: &Entry) -> io::Result<()> {
        let mut zip64 = Vec::new();
        let mut field = |value: u64| {
            if value >= MAX32 {
                zip64.extend_from_slice(&value.to_le_bytes());
                MAX32 as u32
            } else {
                value as u32
            }
        };
        let size = field(entry.size);
        let compressed = field(entry.compressed_size);
        let offset = field(entry.offset);
        let is_zip64 = !zip64.is_empty() || entry.flags & FLAG_DESCRIPTOR != 0;
        let extra_len = if zip64.is_empty() { 0 } else { 4 + zip64.len() };
        let mut header = Vec::with_capacity(46 + entry.raw_name.len() + extra_len);
        header.extend_from_slice(&CENTRAL.to_le_bytes());
        header.extend_from_slice(&entry.made_by.to_le_bytes());
        header.extend_from_slice(&entry.version_needed(is_zip64).to_le_bytes());
        header.extend_from_slice(&entry.flags.to_le_bytes());
        header.extend_from_slice(&entry.method.to_le_bytes());
        header.extend_from_slice(&entry.time.to_le_bytes());
        header.extend_from_slice(&entry.date.to_le_bytes());
        header.extend_from_slice(&entry.crc32.to_le_bytes());
        header.extend_from_slice(&compressed.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
        header.extend_from_slice(&(entry.raw_name.len() as u16).to_le_bytes());
        header.extend_from_slice(&(extra_len as u16).to_le_bytes());
        header.extend_from_slice(&(entry.comment.len() as u16).to_le_bytes());
        header.extend_from_slice(&[0; 4]); // disk, internal attributes
        header.extend_from_slice(&entry.external_attr.to_le_bytes());
        header.extend_from_slice(&offset.to_le_bytes());
        header.extend_from_slice(&entry.raw_name);
        if !zip64.is_empty() {
            header.extend_from_slice(&1u16.to_le_bytes());
            header.extend_from_slice(&(zip64.len() as u16).to_le_bytes());
            header.extend_from_slice(&zip64);
        }
        header.extend_from_slice(&entry.comment);
        self.put(&header)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Write};
    use std::path::PathBuf;
    use std::sync::Arc;

    use ::zip::write::SimpleFileOptions;
    use ::zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

    use super::ZipOut;
    use crate::input::zip::{Archive, Opened};
    use crate::input::ZipLimits;

    /// A zip on disk for the test, removed after it.
    struct Written(PathBuf);

    impl Written {
        fn new(test: &str, bytes: &[u8]) -> Written {
            let path =
                std::env::temp_dir().join(format!("gmsd-zipout-{}-{test}.zip", std::process::id()));
            std::fs::write(&path, bytes).unwrap();
            Written(path)
        }

        fn archive(&self) -> Arc<Archive> {
            match Archive::open(&self.0, "in.zip", ZipLimits::default()).unwrap() {
                Opened::Archive(archive, _) => archive,
                Opened::Refused(problems) => panic!("{problems:?}"),
            }
        }
    }

    impl Drop for Written {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    /// Member `index` unpacked by the reader of `check` (its CRC-32 compared).
    fn unpacked(archive: &Arc<Archive>, index: usize) -> Vec<u8> {
        let mut read = Vec::new();
        let mut reader = archive.member_reader(index, None).unwrap();
        reader.read_to_end(&mut read).unwrap();
        read
    }

    /// Text that deflates poorly and well, longer than the writer's buffer.
    fn content(n: usize, seed: u64) -> Vec<u8> {
        let mut state = seed | 1;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if i % 3 == 0 {
                    b'0' + (state % 10) as u8
                } else {
                    b';'
                }
            })
            .collect()
    }

    fn source() -> (Vec<u8>, Vec<(&'static str, Vec<u8>)>) {
        let time = DateTime::from_date_and_time(2025, 7, 14, 10, 30, 12).unwrap();
        let members = vec![
            ("map/", Vec::new()),
            ("map/WMO_H22025_0363.csv", content(700_000, 1)),
            ("LEESMIJ.txt", b"geen aanlevering\n".to_vec()),
            ("WMO_H22025_0014.csv", content(10, 2)),
        ];
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for (i, (name, data)) in members.iter().enumerate() {
            let method = if i == 2 {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            let options = SimpleFileOptions::default()
                .compression_method(method)
                .last_modified_time(time)
                .unix_permissions(0o640);
            if name.ends_with('/') {
                writer.add_directory(*name, options).unwrap();
            } else {
                writer.start_file(*name, options).unwrap();
                writer.write_all(data).unwrap();
            }
        }
        (writer.finish().unwrap().into_inner(), members)
    }

    /// Every member copied as stored, or written anew in pieces, reads back as it was (by the
    /// `zip` crate and by the reader of `check`), with its name, time, permissions and
    /// method: a copy keeps its packed bytes, a member written anew is deflated.
    #[test]
    fn members_copied_or_written_anew_read_back_as_they_were() {
        let (bytes, members) = source();
        let input = Written::new("both", &bytes);
        let archive = input.archive();
        for anew in [[false; 4], [true; 4], [false, true, false, true]] {
            let mut out = ZipOut::new(Vec::new());
            for (index, (_, data)) in members.iter().enumerate() {
                if anew[index] {
                    out.begin(&archive.members[index]).unwrap();
                    for piece in data.chunks(70_001) {
                        out.write_data(piece).unwrap();
                    }
                    out.end().unwrap();
                } else {
                    out.copy(&archive, index).unwrap();
                }
            }
            out.finish().unwrap();
            let written = out.into_inner();
            let mut back = ZipArchive::new(Cursor::new(&written)).unwrap();
            let mut before = ZipArchive::new(Cursor::new(&bytes)).unwrap();
            assert_eq!(back.len(), members.len());
            for (index, (name, data)) in members.iter().enumerate() {
                let (was_method, was_time, was_mode, was_packed) = {
                    let was = before.by_index(index).unwrap();
                    (
                        was.compression(),
                        was.last_modified(),
                        was.unix_mode(),
                        was.compressed_size(),
                    )
                };
                let mut member = back.by_index(index).unwrap();
                assert_eq!(member.name().unwrap(), *name);
                assert_eq!(member.last_modified(), was_time);
                assert_eq!(member.unix_mode(), was_mode);
                let mut read = Vec::new();
                member.read_to_end(&mut read).unwrap();
                assert_eq!(&read, data, "{name}");
                if anew[index] {
                    assert_eq!(member.compression(), CompressionMethod::Deflated);
                } else {
                    assert_eq!(member.compression(), was_method);
                    assert_eq!(member.compressed_size(), was_packed);
                }
            }
            // And by the reader `check` uses, CRC-32 compared.
            let output = Written::new("both-out", &written);
            let reread = output.archive();
            for (index, (_, data)) in members.iter().enumerate() {
                let member = &reread.members[index];
                assert_eq!(member.raw_name, archive.members[index].raw_name);
                if !member.is_dir() {
                    assert_eq!(&unpacked(&reread, index), data);
                }
            }
        }
    }

    /// A name in an old code page (no UTF-8 flag) keeps its bytes and its flag, copied or
    /// written anew; one with the flag keeps it.
    #[test]
    fn names_keep_their_bytes_and_flag() {
        // "Süd" in CP437 (ü is 0x81), and in UTF-8 with the flag.
        let cp437: &[u8] = b"WMO_H22025_S\x81d.csv";
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        writer
            .start_file_from_path("WMO_H22025_Süd2.csv", options)
            .unwrap();
        writer.write_all(b"x").unwrap();
        let utf8 = writer.finish().unwrap().into_inner();
        let raw = stored_zip(cp437, b"y");
        for (test, bytes) in [("cp437", raw), ("utf8", utf8)] {
            let input = Written::new(test, &bytes);
            let archive = input.archive();
            let was = &archive.members[0];
            for anew in [false, true] {
                let mut out = ZipOut::new(Vec::new());
                if anew {
                    out.begin(was).unwrap();
                    out.write_data(b"z").unwrap();
                    out.end().unwrap();
                } else {
                    out.copy(&archive, 0).unwrap();
                }
                out.finish().unwrap();
                let output = Written::new(&format!("{test}-{anew}"), &out.into_inner());
                let member = &output.archive().members[0];
                assert_eq!(member.raw_name, was.raw_name);
                assert_eq!(member.flags & 0x800, was.flags & 0x800);
                assert_eq!(member.name, was.name);
            }
        }
    }

    /// A zip of one stored member named by `name`'s bytes, without the UTF-8 flag.
    fn stored_zip(name: &[u8], data: &[u8]) -> Vec<u8> {
        let crc = crc32fast::hash(data);
        let fixed = |out: &mut Vec<u8>| {
            out.extend_from_slice(&[10, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method, time, date
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
        };
        let mut out = super::LOCAL.to_le_bytes().to_vec();
        fixed(&mut out);
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        let start = out.len();
        out.extend_from_slice(&super::CENTRAL.to_le_bytes());
        out.extend_from_slice(&10u16.to_le_bytes()); // made by
        fixed(&mut out);
        out.extend_from_slice(&[0; 14]); // comment length, disk, attributes, offset 0
        out.extend_from_slice(name);
        let size = out.len() - start;
        out.extend_from_slice(&super::END.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
        out.extend_from_slice(&(size as u32).to_le_bytes());
        out.extend_from_slice(&(start as u32).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    /// Members that start past 4 GiB (a zip larger than that) are found through ZIP64:
    /// their offsets in the central directory's extra fields, and its end in the ZIP64 end
    /// record, read back by the reader of `check`.
    #[test]
    fn offsets_past_four_gib_are_written_as_zip64() {
        let (bytes, members) = source();
        let input = Written::new("zip64-in", &bytes);
        let archive = input.archive();
        let output = Written(
            std::env::temp_dir().join(format!("gmsd-zipout-{}-zip64-out.zip", std::process::id())),
        );
        let offset = 5 << 30;
        let file = std::fs::File::create(&output.0).unwrap();
        let mut out = ZipOut::new(std::io::BufWriter::new(file));
        for (index, (_, data)) in members.iter().enumerate() {
            // After the first member, a hole (sparse: nothing of it is written).
            if index == 1 {
                out.skip_to(offset).unwrap();
            }
            if index % 2 == 0 {
                out.copy(&archive, index).unwrap();
            } else {
                out.begin(&archive.members[index]).unwrap();
                out.write_data(data).unwrap();
                out.end().unwrap();
            }
        }
        out.finish().unwrap();
        drop(out.into_inner());
        let reread = output.archive();
        assert_eq!(reread.members.len(), members.len());
        for (index, (_, data)) in members.iter().enumerate() {
            let member = &reread.members[index];
            assert_eq!(member.header_offset >= offset, index > 0, "{member:?}");
            assert_eq!(member.raw_name, archive.members[index].raw_name);
            assert_eq!(&unpacked(&reread, index), data);
        }
    }

    /// A member cannot be copied or ended while another is written, nor written without one
    /// begun; the zip cannot end in the middle of one, nor take members once ended.
    #[test]
    fn misuse_is_an_error_not_a_broken_zip() {
        let (bytes, _) = source();
        let input = Written::new("misuse", &bytes);
        let archive = input.archive();
        let mut out = ZipOut::new(Vec::new());
        assert!(out.write_data(b"x").is_err());
        assert!(out.end().is_err());
        out.begin(&archive.members[1]).unwrap();
        assert!(out.copy(&archive, 2).is_err());
        assert!(out.begin(&archive.members[2]).is_err());
        assert!(out.finish().is_err());
        out.end().unwrap();
        out.finish().unwrap();
        assert!(out.copy(&archive, 2).is_err());
        assert!(out.begin(&archive.members[2]).is_err());
        assert!(out.finish().is_err());
    }
}
