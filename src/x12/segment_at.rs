//! Read one segment back from a seekable input by its byte offset: the
//! findings made after a file has streamed past (the run's cross-file
//! counts) get their segment text this way, for the caret.

use std::io::{self, BufReader, Read, Seek, SeekFrom};

use super::delimiters::{Delimiters, IsaRead, read_isa};

/// How far into the input the first ISA is looked for.
const ISA_SEARCH: usize = 4096;
/// The most of a segment read back (longer text is cut for display).
const SEGMENT_MAX: usize = 4096;
/// The first read of a segment.
const FIRST_READ: usize = 256;

/// The delimiters of the input's first interchange, if it has one.
pub fn input_delimiters<R: Read + Seek>(input: &mut R) -> io::Result<Option<Delimiters>> {
    input.seek(SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(ISA_SEARCH);
    input
        .by_ref()
        .take(ISA_SEARCH as u64)
        .read_to_end(&mut head)?;
    let Some(start) = head.windows(3).position(|w| w == b"ISA") else {
        return Ok(None);
    };
    Ok(match read_isa(&head[start..], true) {
        IsaRead::Header(h) => Some(h.delimiters),
        _ => None,
    })
}

/// The bytes of the segment that starts at `offset` (without its
/// terminator), read into `buf`.
pub fn segment_bytes_at<R: Read + Seek>(
    input: &mut R,
    offset: u64,
    delimiters: Delimiters,
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    buf.clear();
    input.seek(SeekFrom::Start(offset))?;
    // Most segments are short: one small read, and more only when the
    // terminator is not in it.
    input.by_ref().take(FIRST_READ as u64).read_to_end(buf)?;
    if buf.len() == FIRST_READ && !buf.contains(&delimiters.segment) {
        input
            .by_ref()
            .take((SEGMENT_MAX - FIRST_READ) as u64)
            .read_to_end(buf)?;
    }
    if let Some(end) = buf.iter().position(|&b| b == delimiters.segment) {
        buf.truncate(end);
    } else {
        // The input's last segment, left unterminated: as the tokenizer
        // does, without the whitespace that ends the input.
        while buf.last().is_some_and(u8::is_ascii_whitespace) {
            buf.pop();
        }
    }
    Ok(())
}

/// A reader for many short reads at increasing offsets (the segments of
/// findings, in file order): a seek that lands in what was read ahead
/// moves within the buffer instead of asking the file again, so reading
/// back thousands of segments costs a few large reads, not a seek and a
/// read each.
pub struct ForwardReader<R> {
    inner: BufReader<R>,
    /// Where in `inner` the next byte read comes from.
    pos: u64,
}

impl<R: Read + Seek> ForwardReader<R> {
    pub fn new(mut inner: R) -> io::Result<Self> {
        let pos = inner.stream_position()?;
        Ok(ForwardReader {
            inner: BufReader::with_capacity(64 << 10, inner),
            pos,
        })
    }
}

impl<R: Read> Read for ForwardReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Seek> Seek for ForwardReader<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match to {
            SeekFrom::Start(p) => {
                // Within the buffer, seek_relative only moves in it.
                let delta = i64::try_from(p)
                    .ok()
                    .zip(i64::try_from(self.pos).ok())
                    .and_then(|(p, now)| p.checked_sub(now))
                    .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
                self.inner.seek_relative(delta)?;
                self.pos = p;
            }
            other => self.pos = self.inner.seek(other)?,
        }
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::tokenizer::Segment;

    #[test]
    fn a_forward_reader_reads_what_the_input_has_at_each_seek() {
        let text: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut input = ForwardReader::new(std::io::Cursor::new(&text[..])).unwrap();
        // Forward within the buffer, forward past it, and back.
        for at in [0u64, 10, 5_000, 70_000, 70_001, 199_990, 3] {
            assert_eq!(input.seek(SeekFrom::Start(at)).unwrap(), at);
            let mut got = Vec::new();
            input.by_ref().take(20).read_to_end(&mut got).unwrap();
            let end = (at as usize + 20).min(text.len());
            assert_eq!(got, &text[at as usize..end], "at {at}");
        }
    }

    #[test]
    fn a_segment_is_read_back_by_its_offset() {
        let text = b"ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~\nGS*HC*A*B~\nSV1*HC:H0004*80*UN*4~\n";
        let mut input = std::io::Cursor::new(&text[..]);
        let d = input_delimiters(&mut input).unwrap().unwrap();
        let offset = text.windows(3).position(|w| w == b"SV1").unwrap() as u64;
        let mut buf = Vec::new();
        segment_bytes_at(&mut input, offset, d, &mut buf).unwrap();
        assert_eq!(buf, b"SV1*HC:H0004*80*UN*4");
        let seg = Segment::from_parts(&buf, d, offset, 3, 2);
        assert_eq!(seg.element(4), Some(&b"4"[..]));
        let mut none = std::io::Cursor::new(&b"no interchange here"[..]);
        assert_eq!(input_delimiters(&mut none).unwrap(), None);
        // A segment longer than the first read is read whole.
        let long = format!(
            "{}SV1*{}~N",
            std::str::from_utf8(&text[..text.len() - 23]).unwrap(),
            "X".repeat(600)
        );
        let mut input = std::io::Cursor::new(long.as_bytes());
        let offset = long.rfind("SV1").unwrap() as u64;
        segment_bytes_at(&mut input, offset, d, &mut buf).unwrap();
        assert_eq!(buf.len(), 604);
        // The last segment, unterminated, without the whitespace after it
        // (as the tokenizer gives it).
        let last = b"GS*HC*A*B~\nBPR*I*349.99*C   \n";
        let mut input = std::io::Cursor::new(&last[..]);
        segment_bytes_at(&mut input, 11, d, &mut buf).unwrap();
        assert_eq!(buf, b"BPR*I*349.99*C");
    }
}
