//! Segments -> bytes. The writer owns the delimiters and the envelope
//! trailers: it counts the segments of each transaction set (SE01), the
//! sets of each group (GE01) and the groups of each interchange (IEA01),
//! repeats the control numbers in the trailers, pads the fixed-width ISA
//! and drops trailing empty elements and components. It refuses a value
//! that holds a delimiter rather than write a file that reads differently.
//!
//! ```
//! use claimcheck::x12::writer::{Isa, SegmentWriter, WriteOptions};
//! let mut w = SegmentWriter::new(Vec::new(), WriteOptions::default());
//! w.interchange(&Isa::new("ZZ", "SUBMITTER", "ZZ", "RECEIVER", "260101", "1200", "000000001", "T")).unwrap();
//! w.group(&["HC", "SENDER", "RECEIVER", "20260101", "1200", "1", "X", "005010X222A1"]).unwrap();
//! w.set("837", "0001", Some("005010X222A1")).unwrap();
//! let mut s = w.segment("BHT").unwrap();
//! for v in ["0019", "00", "REF1", "20260101", "1200", "CH"] {
//!     s.element(v).unwrap();
//! }
//! s.end().unwrap();
//! w.end_set().unwrap();
//! w.end_group().unwrap();
//! w.end_interchange().unwrap();
//! let text = String::from_utf8(w.finish().unwrap()).unwrap();
//! assert!(text.ends_with("BHT*0019*00*REF1*20260101*1200*CH~SE*3*0001~GE*1*1~IEA*1*000000001~"));
//! ```

use std::fmt;
use std::io::{self, Write};

use super::delimiters::Delimiters;

/// How the bytes look: by default `*`, `:`, `^`, `~` and no line breaks.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    pub delimiters: Delimiters,
    /// A line break after every segment terminator.
    pub line_breaks: bool,
}

/// Why a file could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// A value holds one of the interchange's delimiters (or a line break
    /// or other control character).
    Delimiter {
        segment: String,
        /// 1-based element position.
        element: usize,
        value: String,
    },
    /// An ISA field is longer than its fixed width.
    IsaField {
        element: usize,
        value: String,
    },
    /// Envelopes opened or closed out of order (a set outside a group…).
    Order(&'static str),
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Delimiter {
                segment,
                element,
                value,
            } => write!(
                f,
                "{segment}{element:02} value '{value}' contains a delimiter or control character"
            ),
            WriteError::IsaField { element, value } => {
                write!(
                    f,
                    "ISA{element:02} value '{value}' is longer than its fixed width"
                )
            }
            WriteError::Order(what) => write!(f, "envelopes out of order: {what}"),
            WriteError::Io(e) => write!(f, "cannot write: {e}"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// The ISA header's sixteen elements, as the caller means them; the
/// writer pads them to their fixed widths and fills ISA11 and ISA16 from
/// the delimiters.
#[derive(Debug, Clone)]
pub struct Isa {
    pub authorization_qualifier: String,
    pub authorization: String,
    pub security_qualifier: String,
    pub security: String,
    pub sender_qualifier: String,
    pub sender: String,
    pub receiver_qualifier: String,
    pub receiver: String,
    /// YYMMDD.
    pub date: String,
    /// HHMM.
    pub time: String,
    pub version: String,
    /// ISA13, nine digits; IEA02 repeats it.
    pub control_number: String,
    pub ack_requested: String,
    /// T or P.
    pub usage: String,
    /// ISA11 as written when the delimiters have no repetition separator
    /// (`U` in older versions, or a byte that doubles as another
    /// delimiter); `U` when absent. Ignored when there is a separator.
    pub isa11: Option<u8>,
}

impl Isa {
    /// A header with the usual defaults: no authorization or security
    /// information, version 00501, no TA1 requested.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        sender_qualifier: &str,
        sender: &str,
        receiver_qualifier: &str,
        receiver: &str,
        date: &str,
        time: &str,
        control_number: &str,
        usage: &str,
    ) -> Self {
        Isa {
            authorization_qualifier: "00".into(),
            authorization: String::new(),
            security_qualifier: "00".into(),
            security: String::new(),
            sender_qualifier: sender_qualifier.into(),
            sender: sender.into(),
            receiver_qualifier: receiver_qualifier.into(),
            receiver: receiver.into(),
            date: date.into(),
            time: time.into(),
            version: "00501".into(),
            control_number: control_number.into(),
            ack_requested: "0".into(),
            usage: usage.into(),
            isa11: None,
        }
    }
}

/// Fixed widths of ISA01..ISA16 (ISA11 and ISA16 are single delimiters).
const ISA_WIDTHS: [usize; 16] = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

/// Writes segments and keeps the envelope counts.
pub struct SegmentWriter<W: Write> {
    out: W,
    d: Delimiters,
    line_breaks: bool,
    /// Bytes a value may not hold (the delimiters and control
    /// characters), looked up once per byte.
    forbidden: [bool; 256],
    buf: Vec<u8>,
    interchange: Option<Open>,
    group: Option<Open>,
    set: Option<Open>,
}

/// An open envelope: its control number and what it holds so far.
struct Open {
    control: String,
    count: u64,
}

impl<W: Write> SegmentWriter<W> {
    pub fn new(out: W, options: WriteOptions) -> Self {
        SegmentWriter {
            out,
            d: options.delimiters,
            line_breaks: options.line_breaks,
            forbidden: forbidden_bytes(&options.delimiters),
            buf: Vec::with_capacity(1 << 16),
            interchange: None,
            group: None,
            set: None,
        }
    }

    /// Change delimiters and line breaks for the next interchange (each
    /// interchange declares its own in its ISA).
    pub fn set_options(&mut self, options: WriteOptions) -> Result<(), WriteError> {
        if self.interchange.is_some() {
            return Err(WriteError::Order(
                "delimiters changed inside an interchange",
            ));
        }
        self.d = options.delimiters;
        self.line_breaks = options.line_breaks;
        self.forbidden = forbidden_bytes(&options.delimiters);
        Ok(())
    }

    /// Start an interchange: the ISA segment.
    pub fn interchange(&mut self, isa: &Isa) -> Result<(), WriteError> {
        if self.interchange.is_some() {
            return Err(WriteError::Order("an interchange inside an interchange"));
        }
        let repetition = self.d.repetition.or(isa.isa11).unwrap_or(b'U');
        let fields: [&[u8]; 16] = [
            isa.authorization_qualifier.as_bytes(),
            isa.authorization.as_bytes(),
            isa.security_qualifier.as_bytes(),
            isa.security.as_bytes(),
            isa.sender_qualifier.as_bytes(),
            isa.sender.as_bytes(),
            isa.receiver_qualifier.as_bytes(),
            isa.receiver.as_bytes(),
            isa.date.as_bytes(),
            isa.time.as_bytes(),
            std::slice::from_ref(&repetition),
            isa.version.as_bytes(),
            isa.control_number.as_bytes(),
            isa.ack_requested.as_bytes(),
            isa.usage.as_bytes(),
            std::slice::from_ref(&self.d.component),
        ];
        self.buf.extend_from_slice(b"ISA");
        for (k, (v, width)) in fields.iter().zip(ISA_WIDTHS).enumerate() {
            if v.len() > width {
                return Err(WriteError::IsaField {
                    element: k + 1,
                    value: String::from_utf8_lossy(v).into_owned(),
                });
            }
            // ISA11 and ISA16 are delimiters themselves.
            if k != 10 && k != 15 {
                self.check_value(b"ISA", k + 1, v)?;
            }
            self.buf.push(self.d.element);
            self.buf.extend_from_slice(v);
            self.buf.resize(self.buf.len() + (width - v.len()), b' ');
        }
        self.terminate()?;
        self.interchange = Some(Open {
            control: isa.control_number.clone(),
            count: 0,
        });
        Ok(())
    }

    /// Start a functional group: GS01..GS08 as given (GS06 is the control
    /// number GE02 repeats).
    pub fn group(&mut self, gs: &[&str; 8]) -> Result<(), WriteError> {
        let mut s = self.group_start(gs[5])?;
        for v in gs {
            s.element(v)?;
        }
        s.end()
    }

    /// Start a functional group whose GS elements the caller writes on
    /// the returned builder; `control` is GS06, which GE02 repeats.
    pub fn group_start(&mut self, control: &str) -> Result<SegmentBuilder<'_, W>, WriteError> {
        let Some(interchange) = &mut self.interchange else {
            return Err(WriteError::Order("a group outside an interchange"));
        };
        if self.group.is_some() {
            return Err(WriteError::Order("a group inside a group"));
        }
        interchange.count += 1;
        self.group = Some(Open {
            control: control.to_string(),
            count: 0,
        });
        self.segment("GS")
    }

    /// Start a transaction set: ST01 (837, 835 …), ST02 its control
    /// number, ST03 the guide version when the guide uses it.
    pub fn set(&mut self, st01: &str, st02: &str, st03: Option<&str>) -> Result<(), WriteError> {
        let mut s = self.set_start(st02)?;
        s.element(st01)?;
        s.element(st02)?;
        if let Some(v) = st03 {
            s.element(v)?;
        }
        s.end()
    }

    /// Start a transaction set whose ST elements the caller writes on the
    /// returned builder; `control` is ST02, which SE02 repeats.
    pub fn set_start(&mut self, control: &str) -> Result<SegmentBuilder<'_, W>, WriteError> {
        let Some(group) = &mut self.group else {
            return Err(WriteError::Order("a transaction set outside a group"));
        };
        if self.set.is_some() {
            return Err(WriteError::Order("a transaction set inside a set"));
        }
        group.count += 1;
        self.set = Some(Open {
            control: control.to_string(),
            count: 0,
        });
        self.segment("ST")
    }

    /// End the transaction set: SE with the set's segment count.
    pub fn end_set(&mut self) -> Result<(), WriteError> {
        if self.set.is_none() {
            return Err(WriteError::Order("SE without ST"));
        }
        // SE counts itself.
        let count = self.set.as_ref().map_or(0, |s| s.count) + 1;
        let control = self
            .set
            .as_ref()
            .map(|s| s.control.clone())
            .unwrap_or_default();
        let mut s = self.segment("SE")?;
        s.element(&count.to_string())?;
        s.element(&control)?;
        s.end()?;
        self.set = None;
        Ok(())
    }

    /// End the functional group: GE with its number of sets.
    pub fn end_group(&mut self) -> Result<(), WriteError> {
        if self.set.is_some() {
            return Err(WriteError::Order("GE inside an open transaction set"));
        }
        let Some(group) = self.group.take() else {
            return Err(WriteError::Order("GE without GS"));
        };
        let mut s = self.segment("GE")?;
        s.element(&group.count.to_string())?;
        s.element(&group.control)?;
        s.end()
    }

    /// End the interchange: IEA with its number of groups.
    pub fn end_interchange(&mut self) -> Result<(), WriteError> {
        if self.group.is_some() {
            return Err(WriteError::Order("IEA inside an open group"));
        }
        let Some(interchange) = self.interchange.take() else {
            return Err(WriteError::Order("IEA without ISA"));
        };
        let mut s = self.segment("IEA")?;
        s.element(&interchange.count.to_string())?;
        s.element(&interchange.control)?;
        s.end()?;
        self.flush()?;
        Ok(())
    }

    /// Start a body segment; its elements follow on the returned builder.
    pub fn segment(&mut self, id: &str) -> Result<SegmentBuilder<'_, W>, WriteError> {
        self.check_value(id.as_bytes(), 0, id.as_bytes())?;
        if let Some(set) = &mut self.set {
            set.count += 1;
        }
        let start = self.buf.len();
        self.buf.extend_from_slice(id.as_bytes());
        Ok(SegmentBuilder {
            w: self,
            start,
            id_len: id.len(),
            position: 0,
            pending_empty: 0,
        })
    }

    /// Segments counted so far in the open transaction set (ST included).
    pub fn set_segments(&self) -> u64 {
        self.set.as_ref().map_or(0, |s| s.count)
    }

    /// Everything written; the underlying writer back.
    pub fn finish(mut self) -> Result<W, WriteError> {
        if self.interchange.is_some() {
            return Err(WriteError::Order("the file ends inside an interchange"));
        }
        self.flush()?;
        Ok(self.out)
    }

    fn terminate(&mut self) -> Result<(), WriteError> {
        self.buf.push(self.d.segment);
        if self.line_breaks && self.d.segment != b'\n' {
            self.buf.push(b'\n');
        }
        if self.buf.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), WriteError> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// A value that holds no delimiter, or the error naming it.
    #[inline]
    fn check_value(&self, segment: &[u8], element: usize, v: &[u8]) -> Result<(), WriteError> {
        if v.iter().any(|&b| self.forbidden[usize::from(b)]) {
            return Err(WriteError::Delimiter {
                segment: String::from_utf8_lossy(segment).into_owned(),
                element,
                value: String::from_utf8_lossy(v).into_owned(),
            });
        }
        Ok(())
    }

    /// Append `v` if it holds no forbidden byte (else append nothing and
    /// say so): the value is checked in the same step that copies it, and
    /// a refused one is taken back.
    #[inline]
    fn put_clean(&mut self, v: &[u8]) -> bool {
        let start = self.buf.len();
        let forbidden = &self.forbidden;
        let mut bad = false;
        self.buf.extend(v.iter().map(|&b| {
            bad |= forbidden[usize::from(b)];
            b
        }));
        if bad {
            self.buf.truncate(start);
        }
        !bad
    }
}

/// The bytes no value may hold under `d`: the delimiters and the control
/// characters (a line break inside a value would read as a new line).
fn forbidden_bytes(d: &Delimiters) -> [bool; 256] {
    let mut t = [false; 256];
    for (b, slot) in t.iter_mut().enumerate() {
        *slot = b < 0x20 || b == 0x7f;
    }
    for b in [
        Some(d.element),
        Some(d.component),
        Some(d.segment),
        d.repetition,
    ]
    .into_iter()
    .flatten()
    {
        t[usize::from(b)] = true;
    }
    t
}

/// The elements of one segment being written. Empty elements are held
/// back until a non-empty one follows, so that the segment never ends in
/// separators. Dropping the builder without [`SegmentBuilder::end`]
/// leaves the segment unterminated: always end it.
pub struct SegmentBuilder<'w, W: Write> {
    w: &'w mut SegmentWriter<W>,
    /// Where the segment starts in the writer's buffer.
    start: usize,
    id_len: usize,
    /// Elements given so far.
    position: usize,
    pending_empty: usize,
}

impl<W: Write> SegmentBuilder<'_, W> {
    /// Elements given so far (the position of the last one).
    pub fn position(&self) -> usize {
        self.position
    }

    /// The separators of the empty elements held back, and this one's.
    fn open_element(&mut self) {
        let sep = self.w.d.element;
        let n = self.pending_empty + 1;
        self.w.buf.resize(self.w.buf.len() + n, sep);
        self.pending_empty = 0;
    }

    /// A simple element; empty values are allowed (skipped positions).
    pub fn element(&mut self, v: &str) -> Result<&mut Self, WriteError> {
        self.bytes(v.as_bytes())
    }

    /// A simple element given as bytes.
    pub fn bytes(&mut self, v: &[u8]) -> Result<&mut Self, WriteError> {
        self.position += 1;
        if v.is_empty() {
            self.pending_empty += 1;
            return Ok(self);
        }
        let (before, pending) = (self.w.buf.len(), self.pending_empty);
        self.open_element();
        if !self.w.put_clean(v) {
            return Err(self.refuse(before, pending, v));
        }
        Ok(self)
    }

    /// Undo a refused element (it counts as empty, so that later elements
    /// keep their places) and name the value that holds a delimiter.
    #[cold]
    fn refuse(&mut self, before: usize, pending: usize, v: &[u8]) -> WriteError {
        self.w.buf.truncate(before);
        self.pending_empty = pending + 1;
        let id = &self.w.buf[self.start..self.start + self.id_len];
        self.w
            .check_value(id, self.position, v)
            .expect_err("the value was refused for a delimiter")
    }

    /// Skip to position `p`: the elements before it stay empty.
    #[inline]
    pub fn skip_to(&mut self, p: usize) -> &mut Self {
        if self.position + 1 < p {
            self.pending_empty += p - 1 - self.position;
            self.position = p - 1;
        }
        self
    }

    /// An empty element (a skipped position).
    pub fn empty(&mut self) -> &mut Self {
        self.position += 1;
        self.pending_empty += 1;
        self
    }

    /// A composite element: its components, trailing empty ones dropped.
    pub fn composite<S: AsRef<[u8]>>(&mut self, components: &[S]) -> Result<&mut Self, WriteError> {
        let used = components
            .iter()
            .rposition(|c| !c.as_ref().is_empty())
            .map_or(0, |i| i + 1);
        self.position += 1;
        if used == 0 {
            self.pending_empty += 1;
            return Ok(self);
        }
        let (before, pending) = (self.w.buf.len(), self.pending_empty);
        self.open_element();
        for (k, c) in components[..used].iter().enumerate() {
            if k > 0 {
                self.w.buf.push(self.w.d.component);
            }
            if !self.w.put_clean(c.as_ref()) {
                return Err(self.refuse(before, pending, c.as_ref()));
            }
        }
        Ok(self)
    }

    /// A repeated element: each repetition a list of components (one for
    /// a simple value). Needs a repetition separator.
    pub fn repeated<S: AsRef<[u8]>>(
        &mut self,
        repetitions: &[Vec<S>],
    ) -> Result<&mut Self, WriteError> {
        let Some(rep) = self.w.d.repetition else {
            return Err(WriteError::Order(
                "a repeated element in an interchange without a repetition separator",
            ));
        };
        self.position += 1;
        if repetitions
            .iter()
            .all(|r| r.iter().all(|c| c.as_ref().is_empty()))
        {
            self.pending_empty += 1;
            return Ok(self);
        }
        let (before, pending) = (self.w.buf.len(), self.pending_empty);
        self.open_element();
        for (k, r) in repetitions.iter().enumerate() {
            if k > 0 {
                self.w.buf.push(rep);
            }
            let used = r
                .iter()
                .rposition(|c| !c.as_ref().is_empty())
                .map_or(0, |i| i + 1);
            for (j, c) in r[..used].iter().enumerate() {
                if j > 0 {
                    self.w.buf.push(self.w.d.component);
                }
                if !self.w.put_clean(c.as_ref()) {
                    return Err(self.refuse(before, pending, c.as_ref()));
                }
            }
        }
        Ok(self)
    }

    /// Terminate the segment.
    pub fn end(self) -> Result<(), WriteError> {
        self.w.terminate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer() -> SegmentWriter<Vec<u8>> {
        SegmentWriter::new(Vec::new(), WriteOptions::default())
    }

    fn text(w: SegmentWriter<Vec<u8>>) -> String {
        String::from_utf8(w.finish().expect("finished")).expect("ascii")
    }

    #[test]
    fn envelope_counts_and_control_numbers() {
        let mut w = writer();
        w.interchange(&Isa::new(
            "ZZ",
            "S",
            "ZZ",
            "R",
            "260101",
            "1200",
            "000000042",
            "P",
        ))
        .unwrap();
        w.group(&["HC", "S", "R", "20260101", "1200", "7", "X", "005010X222A1"])
            .unwrap();
        for st02 in ["0001", "0002"] {
            w.set("837", st02, Some("005010X222A1")).unwrap();
            w.segment("BHT").unwrap().end().unwrap();
            w.end_set().unwrap();
        }
        w.end_group().unwrap();
        w.end_interchange().unwrap();
        let t = text(w);
        assert_eq!(
            &t[..106],
            "ISA*00*          *00*          *ZZ*S              *ZZ*R              \
             *260101*1200*^*00501*000000042*0*P*:~"
        );
        assert_eq!(
            &t[106..],
            "GS*HC*S*R*20260101*1200*7*X*005010X222A1~\
             ST*837*0001*005010X222A1~BHT~SE*3*0001~\
             ST*837*0002*005010X222A1~BHT~SE*3*0002~GE*2*7~IEA*1*000000042~"
        );
    }

    #[test]
    fn trailing_empties_are_dropped_and_inner_ones_kept() {
        let mut w = writer();
        let mut s = w.segment("CLM").unwrap();
        s.element("PCN1")
            .unwrap()
            .element("120")
            .unwrap()
            .empty()
            .empty();
        s.composite(&["11", "B", "1"]).unwrap();
        s.element("Y").unwrap().element("").unwrap().empty();
        s.composite(&["", ""]).unwrap();
        s.end().unwrap();
        let mut s = w.segment("SV1").unwrap();
        s.composite(&["HC", "H0004", "HQ", "", ""]).unwrap();
        s.end().unwrap();
        assert_eq!(text(w), "CLM*PCN1*120***11:B:1*Y~SV1*HC:H0004:HQ~");
    }

    #[test]
    fn repetitions_and_line_breaks() {
        let mut w = SegmentWriter::new(
            Vec::new(),
            WriteOptions {
                line_breaks: true,
                ..WriteOptions::default()
            },
        );
        let mut s = w.segment("HI").unwrap();
        s.repeated(&[vec!["ABK", "F329"], vec!["ABF", "Z6372"]])
            .unwrap();
        s.end().unwrap();
        assert_eq!(text(w), "HI*ABK:F329^ABF:Z6372~\n");
    }

    #[test]
    fn a_value_with_a_delimiter_is_refused() {
        let mut w = writer();
        let mut s = w.segment("NM1").unwrap();
        s.element("IL").unwrap();
        let e = s.element("SMITH*JOHN").err().expect("refused");
        assert_eq!(
            e.to_string(),
            "NM102 value 'SMITH*JOHN' contains a delimiter or control character"
        );
        let mut s = w.segment("N3").unwrap();
        assert!(s.composite(&["A", "B~C"]).is_err());
        assert!(matches!(
            w.segment("N3").unwrap().element("LINE\nTWO"),
            Err(WriteError::Delimiter { element: 1, .. })
        ));
    }

    #[test]
    fn a_refused_value_leaves_nothing_and_later_elements_keep_their_places() {
        let mut w = writer();
        let mut s = w.segment("NM1").unwrap();
        s.element("IL").unwrap();
        s.element("").unwrap();
        assert!(s.element("SMITH*JOHN").is_err());
        s.element("DOE").unwrap();
        assert!(s.composite(&["A", "B~C"]).is_err());
        s.composite(&["D", "E"]).unwrap();
        assert!(
            s.repeated(&[vec!["ABK", "F329"], vec!["ABF", "Z6:372"]])
                .is_err()
        );
        s.repeated(&[vec!["ABK", "F329"], vec!["ABF", "Z6372"]])
            .unwrap();
        s.skip_to(9).element("X").unwrap();
        s.end().unwrap();
        assert_eq!(text(w), "NM1*IL***DOE**D:E**ABK:F329^ABF:Z6372*X~");
    }

    #[test]
    fn isa_fields_longer_than_their_width_are_refused() {
        let mut w = writer();
        let isa = Isa::new(
            "ZZ",
            "A SENDER ID TOO LONG",
            "ZZ",
            "R",
            "260101",
            "1200",
            "1",
            "T",
        );
        let e = w.interchange(&isa).expect_err("refused");
        assert_eq!(
            e.to_string(),
            "ISA06 value 'A SENDER ID TOO LONG' is longer than its fixed width"
        );
    }

    #[test]
    fn envelopes_out_of_order_are_refused() {
        let mut w = writer();
        assert!(matches!(w.set("837", "1", None), Err(WriteError::Order(_))));
        assert!(matches!(w.end_group(), Err(WriteError::Order(_))));
        w.interchange(&Isa::new("ZZ", "S", "ZZ", "R", "260101", "1200", "1", "T"))
            .unwrap();
        assert!(matches!(w.finish(), Err(WriteError::Order(_))));
    }
}
