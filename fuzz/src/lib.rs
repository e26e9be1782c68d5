//! Helpers shared by the fuzz targets.

use std::io::{self, Read};

use claimcheck::x12::tokenizer::Token;

/// A reader that hands out `data` in small chunks. The chunk sizes come
/// from the first bytes of the input itself (each `1..=32`, cycled), so
/// the fuzzer steers where the stream front end has to refill its buffer
/// while both front ends still see exactly the same bytes.
pub struct ChunkedReader<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    turn: usize,
}

impl<'a> ChunkedReader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        let mut sizes: Vec<usize> = data
            .iter()
            .take(8)
            .map(|&b| (b as usize % 32) + 1)
            .collect();
        if sizes.is_empty() {
            sizes.push(1);
        }
        ChunkedReader {
            data,
            sizes,
            turn: 0,
        }
    }
}

impl Read for ChunkedReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let want = self.sizes[self.turn % self.sizes.len()];
        self.turn += 1;
        let n = want.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Token strings for comparing the two front ends: `format!("{:?}")` of
/// each token, except that consecutive junk pieces of the same kind that
/// touch are merged first. The tokenizer documents that "a long stretch
/// [of junk] may come as several consecutive pieces of the same kind when
/// read from a stream", so piece boundaries are not compared.
#[derive(Default)]
pub struct Normalized {
    pub tokens: Vec<String>,
    /// Pending junk run: kind, offset, line, bytes.
    junk: Option<(String, u64, u64, Vec<u8>)>,
}

impl Normalized {
    pub fn push(&mut self, token: &Token<'_>) {
        match token {
            Token::Junk(j) => {
                let kind = format!("{:?}", j.kind);
                if let Some((k, off, _, bytes)) = &mut self.junk
                    && *k == kind
                    && *off + bytes.len() as u64 == j.offset
                {
                    bytes.extend_from_slice(j.bytes);
                    return;
                }
                self.flush();
                self.junk = Some((kind, j.offset, j.line, j.bytes.to_vec()));
            }
            other => {
                self.flush();
                self.tokens.push(format!("{other:?}"));
            }
        }
    }

    fn flush(&mut self) {
        if let Some((kind, offset, line, bytes)) = self.junk.take() {
            self.tokens.push(format!(
                "Junk {{ kind: {kind}, offset: {offset}, line: {line}, bytes: {bytes:?} }}"
            ));
        }
    }

    pub fn finish(mut self) -> Vec<String> {
        self.flush();
        self.tokens
    }
}
