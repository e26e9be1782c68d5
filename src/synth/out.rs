//! A buffered segment writer: segments are assembled in a reused `Vec<u8>`
//! and handed to the underlying writer in large chunks.

use std::io::{self, Write};

/// Flush to the underlying writer once this much is buffered.
const FLUSH_AT: usize = 1 << 16;

pub(crate) struct Out<W: Write> {
    w: W,
    buf: Vec<u8>,
    flushed: u64,
    newlines: bool,
    /// Segments written so far (whole file).
    pub(crate) segments: u64,
}

impl<W: Write> Out<W> {
    pub(crate) fn new(w: W, newlines: bool) -> Self {
        Out {
            w,
            buf: Vec::with_capacity(FLUSH_AT + 16 * 1024),
            flushed: 0,
            newlines,
            segments: 0,
        }
    }

    /// Bytes produced so far, flushed or not.
    #[inline]
    pub(crate) fn bytes(&self) -> u64 {
        self.flushed + self.buf.len() as u64
    }

    /// Start a segment with its id.
    #[inline]
    pub(crate) fn seg(&mut self, id: &[u8]) {
        self.buf.extend_from_slice(id);
    }

    /// Element separator followed by `v`.
    #[inline]
    pub(crate) fn e(&mut self, v: &[u8]) {
        self.buf.push(b'*');
        self.buf.extend_from_slice(v);
    }

    /// `n` bare element separators (for skipped elements).
    #[inline]
    pub(crate) fn stars(&mut self, n: usize) {
        for _ in 0..n {
            self.buf.push(b'*');
        }
    }

    /// Component separator followed by `v`.
    #[inline]
    pub(crate) fn c(&mut self, v: &[u8]) {
        self.buf.push(b':');
        self.buf.extend_from_slice(v);
    }

    /// Raw bytes, no separator.
    #[inline]
    pub(crate) fn raw(&mut self, v: &[u8]) {
        self.buf.extend_from_slice(v);
    }

    /// Element separator followed by a decimal integer.
    #[inline]
    pub(crate) fn e_num(&mut self, n: u64) {
        self.buf.push(b'*');
        self.num(n);
    }

    /// A decimal integer, no separator.
    #[inline]
    pub(crate) fn num(&mut self, n: u64) {
        push_u64(&mut self.buf, n);
    }

    /// A decimal integer left-padded with zeros to `width`.
    #[inline]
    pub(crate) fn num_pad(&mut self, n: u64, width: usize) {
        push_u64_pad(&mut self.buf, n, width);
    }

    /// Element separator followed by an amount in cents, written as an X12
    /// `R` value: whole amounts without a decimal point ("125"), others
    /// with exactly two decimals ("18.50").
    #[inline]
    pub(crate) fn e_amt(&mut self, cents: u64) {
        self.buf.push(b'*');
        push_u64(&mut self.buf, cents / 100);
        let frac = cents % 100;
        if frac != 0 {
            self.buf.push(b'.');
            push_u64_pad(&mut self.buf, frac, 2);
        }
    }

    /// Element separator followed by a CCYYMMDD date for a day of 2026.
    #[inline]
    pub(crate) fn e_date(&mut self, doy: u16) {
        self.buf.push(b'*');
        self.date(doy);
    }

    /// A CCYYMMDD date for day-of-year `doy` (1-based) in 2026.
    #[inline]
    pub(crate) fn date(&mut self, doy: u16) {
        self.buf.extend_from_slice(&DATES_2026[doy as usize]);
    }

    /// End the current segment.
    #[inline]
    pub(crate) fn end(&mut self) {
        if self.newlines {
            self.buf.extend_from_slice(b"~\n");
        } else {
            self.buf.push(b'~');
        }
        self.segments += 1;
    }

    /// Hand the buffer to the writer if it is large enough.
    #[inline]
    pub(crate) fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.flush_buf()?;
        }
        Ok(())
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.flushed += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Write out everything and flush the writer.
    pub(crate) fn finish(mut self) -> io::Result<u64> {
        self.flush_buf()?;
        self.w.flush()?;
        Ok(self.flushed)
    }
}

const CUMULATIVE_2026: [u16; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/// "2026MMDD" for each day of 2026, indexed by day-of-year (index 0 unused).
static DATES_2026: [[u8; 8]; 366] = {
    let mut t = [*b"20260101"; 366];
    let mut doy = 1;
    while doy <= 365 {
        let mut m = 1;
        while doy > CUMULATIVE_2026[m] as usize {
            m += 1;
        }
        let d = doy - CUMULATIVE_2026[m - 1] as usize;
        t[doy][4] = b'0' + (m / 10) as u8;
        t[doy][5] = b'0' + (m % 10) as u8;
        t[doy][6] = b'0' + (d / 10) as u8;
        t[doy][7] = b'0' + (d % 10) as u8;
        doy += 1;
    }
    t
};

/// Month and day for day-of-year `doy` (1..=365) of 2026 (not a leap year).
pub(crate) fn month_day_2026(doy: u16) -> (u16, u16) {
    debug_assert!((1..=365).contains(&doy));
    let mut m = 1;
    while doy > CUMULATIVE_2026[m] {
        m += 1;
    }
    (m as u16, doy - CUMULATIVE_2026[m - 1])
}

#[inline]
pub(crate) fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    if n < 10 {
        buf.push(b'0' + n as u8);
        return;
    }
    if n < 100 {
        buf.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        return;
    }
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

#[inline]
pub(crate) fn push_u64_pad(buf: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut tmp = [b'0'; 24];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = i.min(tmp.len() - width.min(tmp.len()));
    buf.extend_from_slice(&tmp[start..]);
}
