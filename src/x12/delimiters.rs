//! Delimiter detection from the ISA interchange header.
//!
//! The ISA segment is the only fixed-width segment in X12: its 4th byte is
//! the element separator, ISA11 the repetition separator, ISA16 the
//! component separator and the byte after ISA16 the segment terminator.
//! Real files often pad or trim ISA fields, so the header is read by its
//! separators (not by fixed offsets) and the fixed widths are judged later
//! by rule ENV002.

use nom::{
    IResult, Parser,
    bytes::complete::{tag, take, take_while_m_n},
};

/// The four delimiters of one interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiters {
    pub element: u8,
    pub component: u8,
    /// `None` when ISA11 cannot serve as a separator (a letter or digit, as
    /// in 4010's `U`, or the same byte as another delimiter).
    pub repetition: Option<u8>,
    pub segment: u8,
}

impl Default for Delimiters {
    /// The common `*`, `:`, `^`, `~`.
    fn default() -> Self {
        Delimiters {
            element: b'*',
            component: b':',
            repetition: Some(b'^'),
            segment: b'~',
        }
    }
}

/// Length of a conforming ISA segment including its terminator.
pub const ISA_FIXED_LEN: usize = 106;

/// How many bytes a header read may look at. A padded ISA is 106 bytes; a
/// loosely written one should still fit well within this.
pub const ISA_MAX_LOOKAHEAD: usize = 512;

/// Longest ISA element accepted while detecting a header. Real ISA fields
/// are at most 15 characters; anything far longer is not a header.
const ISA_MAX_FIELD: usize = 40;

/// An ISA header read from the start of an interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsaHeader {
    pub delimiters: Delimiters,
    /// ISA11 as written, even when it is unusable as a repetition separator.
    pub isa11: u8,
    /// Bytes from `I` of `ISA` up to and including ISA16 (no terminator).
    pub segment_len: usize,
}

impl IsaHeader {
    /// Bytes consumed by the header including the segment terminator.
    pub fn len_with_terminator(&self) -> usize {
        self.segment_len + 1
    }
}

fn is_delimiter_candidate(b: u8) -> bool {
    !b.is_ascii_alphanumeric() && b != b' '
}

fn isa_header(input: &[u8]) -> IResult<&[u8], IsaHeader> {
    let start_len = input.len();
    let (mut rest, _) = tag(&b"ISA"[..]).parse(input)?;
    let (r, sep) = take(1usize).parse(rest)?;
    let sep = sep[0];
    if !is_delimiter_candidate(sep) || sep == b'\r' || sep == b'\n' {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    rest = r;
    let mut isa11 = 0u8;
    // ISA01..ISA15, each followed by the element separator.
    for n in 1..=15 {
        let (r, field) = take_while_m_n(0, ISA_MAX_FIELD, |b| b != sep).parse(rest)?;
        let (r, _) = tag(&[sep][..]).parse(r)?;
        if n == 11 {
            isa11 = field.first().copied().unwrap_or(0);
        }
        rest = r;
    }
    let (r, isa16) = take(1usize).parse(rest)?;
    let (r, term) = take(1usize).parse(r)?;
    let (component, segment) = (isa16[0], term[0]);
    // A terminator that is a letter or digit (ISA16 missing, so the next
    // segment's id was read) or equal to the element separator cannot
    // delimit anything: not a usable header.
    if segment.is_ascii_alphanumeric() || segment == sep || component == sep {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    let repetition =
        (is_delimiter_candidate(isa11) && isa11 != sep && isa11 != component && isa11 != segment)
            .then_some(isa11);
    let segment_len = start_len - r.len() - 1;
    Ok((
        r,
        IsaHeader {
            delimiters: Delimiters {
                element: sep,
                component,
                repetition,
                segment,
            },
            isa11,
            segment_len,
        },
    ))
}

/// Outcome of trying to read an ISA header at the start of `input`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IsaRead {
    Header(IsaHeader),
    /// The input ended inside what could still be a header.
    Incomplete,
    NotIsa,
}

/// Read the ISA header at the start of `input`. `at_eof` says whether more
/// input may follow; without it a short input is [`IsaRead::Incomplete`].
pub fn read_isa(input: &[u8], at_eof: bool) -> IsaRead {
    match isa_header(input) {
        Ok((_, h)) => IsaRead::Header(h),
        // Only a start that could still grow into "ISA..." is worth waiting for.
        Err(_)
            if !at_eof
                && input.len() < ISA_MAX_LOOKAHEAD
                && b"ISA"[..input.len().min(3)] == input[..input.len().min(3)] =>
        {
            IsaRead::Incomplete
        }
        Err(_) => IsaRead::NotIsa,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STD: &[u8] = b"ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~GS*HC";

    #[test]
    fn standard_header() {
        let IsaRead::Header(h) = read_isa(STD, true) else {
            panic!("no header")
        };
        assert_eq!(h.delimiters, Delimiters::default());
        assert_eq!(h.segment_len, 105);
        assert_eq!(h.len_with_terminator(), ISA_FIXED_LEN);
    }

    #[test]
    fn unusual_delimiters() {
        let h = b"ISA~00~          ~01~SECRET    ~ZZ~SUBMITTERS.ID  ~ZZ~RECEIVERS.ID   ~030101~1253~U~00501~000000905~1~T~^_GS~";
        let IsaRead::Header(h) = read_isa(h, true) else {
            panic!()
        };
        assert_eq!(h.delimiters.element, b'~');
        assert_eq!(h.delimiters.component, b'^');
        assert_eq!(h.delimiters.segment, b'_');
        assert_eq!(h.delimiters.repetition, None, "U is not a separator");
        assert_eq!(h.isa11, b'U');
    }

    #[test]
    fn newline_terminator() {
        let h = b"ISA*01*0000000000*01*0000000000*ZZ*ABCDEFGHIJKLMNO*ZZ*123456789012345*101127*1719*`*00402*000003438*0*P*>\n  GS*HC";
        let IsaRead::Header(h) = read_isa(h, true) else {
            panic!()
        };
        assert_eq!(h.delimiters.segment, b'\n');
        assert_eq!(h.delimiters.repetition, Some(b'`'));
    }

    #[test]
    fn repetition_equal_to_component_is_dropped() {
        let h = b"ISA*00*          *01*SECRET    *ZZ*SUBMITTERS.ID  *ZZ*RECEIVERS.ID   *030101*1253*^*00501*000000905*1*T*^~";
        let IsaRead::Header(h) = read_isa(h, true) else {
            panic!()
        };
        assert_eq!(h.delimiters.component, b'^');
        assert_eq!(h.delimiters.repetition, None);
    }

    #[test]
    fn not_isa() {
        assert_eq!(read_isa(b"hello world", true), IsaRead::NotIsa);
        assert_eq!(read_isa(b"", true), IsaRead::NotIsa);
        assert_eq!(read_isa(b"ISA*00*", false), IsaRead::Incomplete);
        assert_eq!(read_isa(b"IS", false), IsaRead::Incomplete);
        assert_eq!(read_isa(b"ISA*00*", true), IsaRead::NotIsa);
        // ISA16 missing: the terminator would be a letter.
        let h = b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*^*00501*000000001*0*T*~GS*HC";
        assert_eq!(read_isa(h, true), IsaRead::NotIsa);
    }
}
