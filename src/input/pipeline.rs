//! One large member on two cores: a thread of its own unpacks it into blocks of
//! [`BLOCK_SIZE`] and hands them over a bounded channel ([`PIPELINE_BLOCKS`] waiting at most)
//! to the check, which reads them as a stream ([`Pipelined`]). Unpacking and checking then
//! overlap; the blocks are handed back to be filled again, so nothing is allocated per block.
//!
//! What ends the unpacking (a damaged member, a zip bomb, a stop) comes to the check as the
//! error of its next read, after the blocks before it. A check that ends first (stopped, or
//! its reader went away) drops the [`Pipelined`]; the unpacking thread then ends at its next
//! block.

use std::io::{self, Read};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::thread::JoinHandle;

use crate::check::BLOCK_SIZE;

/// Blocks unpacked ahead of the check, at most.
pub const PIPELINE_BLOCKS: usize = 4;

/// A stream read on a thread of its own, a block ahead (see the module's doc).
pub struct Pipelined {
    blocks: Receiver<io::Result<Vec<u8>>>,
    back: SyncSender<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
    ended: bool,
    thread: Option<JoinHandle<()>>,
}

/// Reads `inner` on a thread named `gmsd-inflate` into blocks, for the returned reader.
pub fn pipelined(inner: impl Read + Send + 'static) -> io::Result<Pipelined> {
    let (send, blocks) = mpsc::sync_channel(PIPELINE_BLOCKS);
    let (back, returned) = mpsc::sync_channel(PIPELINE_BLOCKS + 2);
    let thread = std::thread::Builder::new()
        .name("gmsd-inflate".into())
        .spawn(move || unpack(inner, &send, &returned))?;
    Ok(Pipelined {
        blocks,
        back,
        current: Vec::new(),
        at: 0,
        ended: false,
        thread: Some(thread),
    })
}

/// The unpacking thread: fills blocks until the end or an error, which it sends last.
fn unpack(
    mut inner: impl Read,
    send: &SyncSender<io::Result<Vec<u8>>>,
    returned: &Receiver<Vec<u8>>,
) {
    loop {
        let mut block = returned
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BLOCK_SIZE));
        block.resize(BLOCK_SIZE, 0);
        let mut filled = 0;
        // Some(Ok) at the end of the stream, Some(Err) when it failed.
        let mut end = None;
        while filled < block.len() {
            match inner.read(&mut block[filled..]) {
                Ok(0) => {
                    end = Some(Ok(()));
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    end = Some(Err(e));
                    break;
                }
            }
        }
        block.truncate(filled);
        if filled > 0 && send.send(Ok(block)).is_err() {
            return; // the check went away
        }
        match end {
            None => {}
            Some(Ok(())) => return, // the channel closes: the end
            Some(Err(e)) => {
                let _ = send.send(Err(e));
                return;
            }
        }
    }
}

impl Read for Pipelined {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.current.len() {
            if self.ended {
                return Ok(0);
            }
            match self.blocks.recv() {
                Ok(Ok(block)) => {
                    let used = std::mem::replace(&mut self.current, block);
                    self.at = 0;
                    if used.capacity() > 0 {
                        // Full or gone: the block is dropped instead.
                        let _: Result<(), TrySendError<_>> = self.back.try_send(used);
                    }
                }
                Ok(Err(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                Err(_) => self.ended = true,
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl Drop for Pipelined {
    fn drop(&mut self) {
        // Closing the channel ends the thread at its next block; it is not waited for when
        // it is stuck in a read (its own reader looks at the stop token).
        let (_, closed) = mpsc::sync_channel(0);
        self.blocks = closed;
        if let Some(thread) = self.thread.take() {
            if thread.is_finished() {
                let _ = thread.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out `data` in uneven pieces, then fails if told to.
    struct Pieces {
        data: Vec<u8>,
        at: usize,
        fail_at_end: bool,
    }

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.at == self.data.len() {
                if self.fail_at_end {
                    return Err(io::Error::other("damaged at the end"));
                }
                return Ok(0);
            }
            let n = buf.len().min(self.data.len() - self.at).min(333_333);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn the_stream_comes_through_whole_and_its_error_after_it() {
        let data: Vec<u8> = (0..5 * BLOCK_SIZE + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        for fail_at_end in [false, true] {
            let mut reader = pipelined(Pieces {
                data: data.clone(),
                at: 0,
                fail_at_end,
            })
            .unwrap();
            let mut got = Vec::new();
            let mut buf = vec![0u8; 70_000];
            let end = loop {
                match reader.read(&mut buf) {
                    Ok(0) => break Ok(()),
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                    Err(e) => break Err(e),
                }
            };
            assert_eq!(got, data, "every byte, in order");
            assert_eq!(end.is_err(), fail_at_end);
        }
    }

    #[test]
    fn a_reader_that_goes_away_ends_the_thread() {
        let data = vec![7u8; 40 * BLOCK_SIZE];
        let mut reader = pipelined(Pieces {
            data,
            at: 0,
            fail_at_end: false,
        })
        .unwrap();
        let mut buf = [0u8; 10];
        reader.read_exact(&mut buf).unwrap();
        let thread = reader.thread.take().unwrap();
        drop(reader);
        thread.join().unwrap();
    }
}
