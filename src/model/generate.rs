//! Model -> X12: [`generate`] writes a [`Document`] as X12 837P, 837I and
//! 835 (and the untyped sets it carries, segment by segment), with the
//! envelope counts, HL and LX numbers computed.
//!
//! Envelope values come from the document (so a document from
//! [`super::parse_bytes`] keeps its control numbers and delimiters), an
//! empty value from [`GenerateOptions`] or a default, and an option that
//! is set replaces the document's value. A document that cannot make a
//! valid file is refused with every problem found: missing required
//! values, values holding a delimiter, levels or fields in a place the
//! guide has none for.

use std::io::Write;

use super::claim::ClaimKind;
use super::envelope::{Delimiters, Document, Group, Interchange, OtherTransaction, Transaction};
use super::raw::OtherSegment;
use super::text::Text;
use super::write_out::{GenerateProblem, Out, Seg};
use super::write835::{self, Guide835};
use super::write837::{self, Kind837};
use crate::x12::delimiters;
use crate::x12::writer::{Isa, SegmentWriter, WriteOptions};

/// How [`generate`] writes a document. Every field is optional: an unset
/// one keeps the document's value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateOptions {
    /// ISA06 and GS02: the sender's id.
    pub sender_id: Option<String>,
    /// ISA05 (`ZZ` mutually defined, `30` tax id …).
    pub sender_qualifier: Option<String>,
    /// ISA08 and GS03: the receiver's id.
    pub receiver_id: Option<String>,
    /// ISA07.
    pub receiver_qualifier: Option<String>,
    /// The delimiters of every interchange (element, component,
    /// repetition, segment).
    pub delimiters: Option<delimiters::Delimiters>,
    /// ISA15: `T` test or `P` production (default `T` when the document
    /// has none).
    pub usage: Option<char>,
    /// Number the envelopes from here: ISA13 (nine digits), GS06 and ST02
    /// (at least four digits) count up from it through the file.
    pub control_start: Option<u64>,
    /// A line break after every segment terminator.
    pub line_breaks: bool,
    /// CCYYMMDD for dates the document leaves empty (ISA09, GS04).
    pub date: Option<String>,
    /// HHMM for times the document leaves empty (ISA10, GS05).
    pub time: Option<String>,
    /// Write even when values the guide requires are missing (values that
    /// hold a delimiter, and fields in the wrong place, are still
    /// refused).
    pub allow_incomplete: bool,
}

/// Write `doc` as X12, or say every reason it cannot be written.
pub fn generate(
    doc: &Document,
    options: &GenerateOptions,
) -> Result<Vec<u8>, Vec<GenerateProblem>> {
    let estimate = doc
        .interchanges
        .iter()
        .flat_map(|i| &i.groups)
        .flat_map(|g| &g.transactions)
        .map(|t| match t {
            Transaction::Claims(c) => c.claims.len() * 1000,
            Transaction::Remittance(r) => r.claims.len() * 600,
            Transaction::Other(o) => o.segments.len() * 40,
        })
        .sum::<usize>();
    let w = SegmentWriter::new(
        Vec::with_capacity(estimate + 4096),
        WriteOptions {
            delimiters: delimiters::Delimiters::default(),
            line_breaks: options.line_breaks,
        },
    );
    let mut out = Out::new(w, !options.allow_incomplete);
    let mut g = Generator {
        options,
        control: [options.control_start; 3],
        p: None,
        i: None,
        r: None,
    };
    if doc.interchanges.is_empty() {
        out.ctx = "document".to_string();
        out.problem("no interchange");
    }
    for (i, ic) in doc.interchanges.iter().enumerate() {
        outside(&mut out, &doc.other_segments, i);
        g.interchange(&mut out, ic);
    }
    outside_rest(&mut out, &doc.other_segments, doc.interchanges.len());
    let Out {
        w, mut problems, ..
    } = out;
    match w.finish() {
        Ok(bytes) if problems.is_empty() => Ok(bytes),
        Ok(_) => Err(problems),
        Err(e) => {
            problems.push(GenerateProblem {
                context: "document".into(),
                message: e.to_string(),
            });
            Err(problems)
        }
    }
}

/// Kept segments standing after `index` envelopes of their level.
fn outside<W: Write>(out: &mut Out<W>, kept: &[OtherSegment], index: usize) {
    for o in kept.iter().filter(|o| o.index as usize == index) {
        out.raw(&o.segment);
    }
}

/// Kept segments after the last envelope (and any with a larger index).
fn outside_rest<W: Write>(out: &mut Out<W>, kept: &[OtherSegment], count: usize) {
    for o in kept.iter().filter(|o| o.index as usize >= count) {
        out.raw(&o.segment);
    }
}

struct Generator<'o> {
    options: &'o GenerateOptions,
    /// The next ISA13, GS06 and ST02 when the options number the
    /// envelopes.
    control: [Option<u64>; 3],
    p: Option<Kind837>,
    i: Option<Kind837>,
    r: Option<Guide835>,
}

/// A value, or a fallback when it is empty (ISA values are compared
/// without their padding).
fn or<'a>(v: &'a str, fallback: &'a str) -> &'a str {
    if v.trim().is_empty() { fallback } else { v }
}

impl Generator<'_> {
    /// The next control number of level `k` (0 interchange, 1 group, 2
    /// set) when the options number the envelopes.
    fn next_control(&mut self, k: usize) -> Option<u64> {
        let n = self.control[k]?;
        self.control[k] = Some(n + 1);
        Some(n)
    }

    fn interchange<W: Write>(&mut self, out: &mut Out<W>, ic: &Interchange) {
        let o = self.options;
        let control = match self.next_control(0) {
            Some(n) if n > 999_999_999 => {
                out.set_ctx("interchange", &n.to_string());
                out.problem("ISA13 control number has more than 9 digits");
                n.to_string()
            }
            Some(n) => format!("{n:09}"),
            None if ic.control_number.trim().is_empty() => "000000001".to_string(),
            None => ic.control_number.to_string(),
        };
        out.set_ctx("interchange", control.trim());
        let d = match o.delimiters {
            Some(d) => d,
            None => match delimiters_of(&ic.delimiters) {
                Ok(d) => d,
                Err(m) => {
                    out.problem(m);
                    delimiters::Delimiters::default()
                }
            },
        };
        if let Err(m) = check_delimiters(&d) {
            out.problem(m);
        }
        if let Err(e) = out.w.set_options(WriteOptions {
            delimiters: d,
            line_breaks: o.line_breaks,
        }) {
            out.write_error(e);
        }
        let date6 = o.date.as_deref().map(|d| d.get(2..).unwrap_or(d));
        let isa11 = ic.repetition_separator.as_bytes().first().copied();
        let usage = o.usage.map(String::from);
        let sender = o.sender_id.as_deref().unwrap_or(&ic.sender_id);
        let receiver = o.receiver_id.as_deref().unwrap_or(&ic.receiver_id);
        let isa = Isa {
            authorization_qualifier: or(&ic.authorization_qualifier, "00").into(),
            authorization: ic.authorization.to_string(),
            security_qualifier: or(&ic.security_qualifier, "00").into(),
            security: ic.security.to_string(),
            sender_qualifier: o
                .sender_qualifier
                .as_deref()
                .unwrap_or(or(&ic.sender_qualifier, "ZZ"))
                .into(),
            sender: sender.into(),
            receiver_qualifier: o
                .receiver_qualifier
                .as_deref()
                .unwrap_or(or(&ic.receiver_qualifier, "ZZ"))
                .into(),
            receiver: receiver.into(),
            date: or(&ic.date, date6.unwrap_or_default()).into(),
            time: or(&ic.time, o.time.as_deref().unwrap_or_default()).into(),
            version: or(&ic.version, "00501").into(),
            control_number: control.clone(),
            ack_requested: or(&ic.acknowledgment_requested, "0").into(),
            usage: usage.as_deref().unwrap_or(or(&ic.usage, "T")).into(),
            isa11,
        };
        for (v, what) in [
            (&isa.sender, "ISA06 (sender id) missing: give --sender"),
            (
                &isa.receiver,
                "ISA08 (receiver id) missing: give --receiver",
            ),
            (&isa.date, "ISA09 (interchange date) missing"),
            (&isa.time, "ISA10 (interchange time) missing"),
        ] {
            if v.trim().is_empty() {
                out.problem(what);
            }
        }
        if !matches!(isa.usage.as_str(), "T" | "P") {
            out.problem(format!(
                "ISA15 '{}' is not T (test) or P (production)",
                isa.usage
            ));
        }
        if !ic.extra.is_empty() {
            out.problem("ISA elements past ISA16 cannot be written");
        }
        if let Err(e) = out.w.interchange(&isa) {
            out.write_error(e);
        }
        for (k, group) in ic.groups.iter().enumerate() {
            outside(out, &ic.other_segments, k);
            self.group(out, group, sender.trim(), receiver.trim());
            out.set_ctx("interchange", control.trim());
        }
        outside_rest(out, &ic.other_segments, ic.groups.len());
        if let Err(e) = out.w.end_interchange() {
            out.write_error(e);
        }
    }

    fn group<W: Write>(&mut self, out: &mut Out<W>, g: &Group, sender: &str, receiver: &str) {
        let o = self.options;
        let control = match self.next_control(1) {
            Some(n) => n.to_string(),
            None => or(&g.control_number, "1").to_string(),
        };
        out.set_ctx("group", &control);
        // The kind of the group's typed sets says GS01 and GS08 when the
        // document leaves them empty.
        let kind = g.transactions.iter().find_map(|t| match t {
            Transaction::Claims(c) => Some(match c.kind {
                ClaimKind::Professional => ("HC", "005010X222A1"),
                ClaimKind::Institutional => ("HC", "005010X223A2"),
            }),
            Transaction::Remittance(_) => Some(("HP", "005010X221A1")),
            Transaction::Other(_) => None,
        });
        let functional_id = or(&g.functional_id, kind.map_or("", |k| k.0));
        if let Some((fid, _)) = kind
            && functional_id != fid
        {
            out.problem(format!(
                "GS01 '{functional_id}' does not fit its transaction sets (they need {fid})"
            ));
        }
        let version = or(&g.version, kind.map_or("", |k| k.1));
        let gs = [
            functional_id,
            o.sender_id
                .as_deref()
                .map_or(or(&g.sender, sender), str::trim),
            o.receiver_id
                .as_deref()
                .map_or(or(&g.receiver, receiver), str::trim),
            or(&g.date, o.date.as_deref().unwrap_or_default()),
            or(&g.time, o.time.as_deref().unwrap_or_default()),
            &control,
            or(&g.agency, "X"),
            version,
        ];
        for (k, what) in [
            (0, "GS01 (functional identifier code)"),
            (1, "GS02 (sender code)"),
            (2, "GS03 (receiver code)"),
            (3, "GS04 (date)"),
            (4, "GS05 (time)"),
            (7, "GS08 (version)"),
        ] {
            // An empty GS02 or GS03 follows an empty ISA06 or ISA08,
            // already reported.
            let said = (k == 1 && sender.is_empty()) || (k == 2 && receiver.is_empty());
            if gs[k].is_empty() && !said {
                out.problem(format!("{what} missing"));
            }
        }
        {
            let Out {
                w,
                problems,
                ctx,
                loop_id,
                ..
            } = &mut *out;
            let mut s = Seg::new(
                w.group_start(&control),
                "GS",
                &g.extra,
                problems,
                ctx,
                loop_id,
            );
            for (k, v) in gs.iter().enumerate() {
                s.text(k + 1, v);
            }
            s.end();
        }
        for (k, t) in g.transactions.iter().enumerate() {
            outside(out, &g.other_segments, k);
            self.transaction(out, t, version);
            out.set_ctx("group", &control);
        }
        outside_rest(out, &g.other_segments, g.transactions.len());
        if let Err(e) = out.w.end_group() {
            out.write_error(e);
        }
    }

    fn transaction<W: Write>(&mut self, out: &mut Out<W>, t: &Transaction, gs08: &str) {
        let given = match t {
            Transaction::Claims(c) => &c.control_number,
            Transaction::Remittance(r) => &r.control_number,
            Transaction::Other(o) => &o.control_number,
        };
        let st02 = match self.next_control(2) {
            Some(n) => format!("{n:04}"),
            None => or(given, "0001").to_string(),
        };
        out.loop_id = "";
        match t {
            Transaction::Claims(c) => {
                let version = c.version.as_deref().unwrap_or(gs08);
                let declared = crate::schema::kind::TransactionKind::detect("837", version);
                let g = match c.kind {
                    ClaimKind::Professional => self.p.get_or_insert_with(|| Kind837::new(c.kind)),
                    ClaimKind::Institutional => self.i.get_or_insert_with(|| Kind837::new(c.kind)),
                };
                if let Some(k) = declared
                    && k.as_str() != kind_label(c.kind)
                {
                    out.set_ctx("transaction", &st02);
                    out.problem(format!(
                        "version {version} names {} but the claims are {}",
                        k.as_str(),
                        kind_label(c.kind)
                    ));
                }
                write837::write_set(out, g, c, &st02);
            }
            Transaction::Remittance(r) => {
                let g = self.r.get_or_insert_with(Guide835::new);
                write835::write_set(out, g, r, &st02);
            }
            Transaction::Other(o) => other(out, o, &st02),
        }
    }
}

fn kind_label(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Professional => "837P",
        ClaimKind::Institutional => "837I",
    }
}

/// A set claimcheck has no model for, segment by segment.
fn other<W: Write>(out: &mut Out<W>, t: &OtherTransaction, st02: &str) {
    out.set_ctx("transaction", st02);
    {
        let Out {
            w,
            problems,
            ctx,
            loop_id,
            ..
        } = &mut *out;
        let mut s = Seg::new(w.set_start(st02), "ST", &t.extra, problems, ctx, loop_id);
        s.text(1, &t.transaction_set);
        s.text(2, st02);
        s.opt(3, &t.version);
        s.end();
    }
    for seg in &t.segments {
        out.raw(seg);
    }
    if let Err(e) = out.w.end_set() {
        out.write_error(e);
    }
}

/// The delimiters a document declares, as bytes.
fn delimiters_of(d: &Delimiters) -> Result<delimiters::Delimiters, String> {
    let one = |t: &Text, what: &str| match t.as_bytes() {
        [b] => Ok(*b),
        _ => Err(format!("the {what} delimiter '{t}' is not one character")),
    };
    Ok(delimiters::Delimiters {
        element: one(&d.element, "element")?,
        component: one(&d.component, "component")?,
        repetition: d
            .repetition
            .as_ref()
            .map(|r| one(r, "repetition"))
            .transpose()?,
        segment: one(&d.segment, "segment")?,
    })
}

/// Delimiters must differ and be neither letters, digits nor spaces.
pub(crate) fn check_delimiters(d: &delimiters::Delimiters) -> Result<(), String> {
    let all: Vec<u8> = [
        Some(d.element),
        Some(d.component),
        d.repetition,
        Some(d.segment),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (i, &b) in all.iter().enumerate() {
        if b.is_ascii_alphanumeric() || b == b' ' || !b.is_ascii() {
            return Err(format!(
                "delimiter '{}' is a letter, digit, space or not ASCII",
                b as char
            ));
        }
        if all[..i].contains(&b) {
            return Err(format!("delimiter '{}' is used twice", b as char));
        }
    }
    Ok(())
}
