//! `claimcheck generate IN [-o OUT]`: JSON in the form `claimcheck parse`
//! prints, or a CSV of service lines (`--kind`), written as X12.
//!
//! Exit codes: 0 written; 2 nothing written, with one line on stderr per
//! problem (`claimcheck: error: claim PCN-1: CLM02 (total charge)
//! missing`): a document that cannot make a valid file, JSON or CSV that
//! does not read, bad arguments, an unreadable input or unwritable output.

use std::fs;
use std::io::{self, Read};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::Value;

use super::{EXIT_ERROR, EXIT_OK, error_line, write_stdout};
use crate::ack::UtcTime;
use crate::model::{
    ClaimPayment, ClaimTransaction, CsvKind, Document, GenerateOptions, GenerateProblem,
    OtherTransaction, RemittanceTransaction, document_from_csv, generate,
};
use crate::x12::delimiters::Delimiters;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    #[value(name = "837p")]
    P837,
    #[value(name = "837i")]
    I837,
    #[value(name = "835")]
    R835,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// JSON as `claimcheck parse` prints it, or a CSV of service lines
    /// (with --kind); `-` for stdin.
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// Write the X12 here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Read IN as a CSV of service lines making this kind of file (the
    /// columns are in README).
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// Sender id: ISA06 and GS02 (and the 837 submitter id a CSV does not
    /// give).
    #[arg(long, value_name = "ID")]
    pub sender: Option<String>,
    /// ISA05, the sender id's qualifier (ZZ, 01, 30 …).
    #[arg(long, value_name = "QUALIFIER")]
    pub sender_qualifier: Option<String>,
    /// Receiver id: ISA08 and GS03 (and the 837 receiver id a CSV does
    /// not give).
    #[arg(long, value_name = "ID")]
    pub receiver: Option<String>,
    /// ISA07, the receiver id's qualifier.
    #[arg(long, value_name = "QUALIFIER")]
    pub receiver_qualifier: Option<String>,
    /// ISA15: T (test) or P (production); default: the input's, else T.
    #[arg(long, value_parser = ["T", "P"])]
    pub usage: Option<String>,
    /// Number ISA13, GS06 and ST02 from here (default: the input's
    /// control numbers, else 1).
    #[arg(long, value_name = "N")]
    pub control_start: Option<u64>,
    /// Four characters: element separator, component separator,
    /// repetition separator, segment terminator (default: the input's,
    /// else `*:^~`).
    #[arg(long, value_name = "CHARS")]
    pub delimiters: Option<String>,
    /// A line break after every segment.
    #[arg(long)]
    pub line_breaks: bool,
    /// CCYYMMDD for dates the input leaves empty (default: today, UTC).
    #[arg(long, value_name = "CCYYMMDD")]
    pub date: Option<String>,
    /// HHMM for times the input leaves empty (default: now, UTC).
    #[arg(long, value_name = "HHMM")]
    pub time: Option<String>,
    /// Write even when values the guide requires are missing (values
    /// holding a delimiter and fields out of place are still refused).
    #[arg(long)]
    pub allow_incomplete: bool,
}

/// Problems printed one by one before the rest are only counted.
const SHOWN_PROBLEMS: usize = 50;

pub fn run(args: GenerateArgs) -> u8 {
    let options = match options(&args) {
        Ok(o) => o,
        Err(e) => {
            error_line(&e);
            return EXIT_ERROR;
        }
    };
    let name = args.input.display().to_string();
    let mut input = Vec::new();
    let read = if args.input.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut input).map(|_| ())
    } else {
        fs::File::open(&args.input).and_then(|mut f| f.read_to_end(&mut input).map(|_| ()))
    };
    if let Err(e) = read {
        error_line(&format!("cannot read {name}: {e}"));
        return EXIT_ERROR;
    }
    let csv = args
        .input
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let document = match args.kind {
        Some(kind) => {
            let kind = match kind {
                Kind::P837 => CsvKind::Professional,
                Kind::I837 => CsvKind::Institutional,
                Kind::R835 => CsvKind::Remittance,
            };
            document_from_csv(input.as_slice(), kind, &options).map_err(lines)
        }
        None if csv => Err(vec![format!(
            "{name} is a CSV: say what it makes with --kind 837p, 837i or 835"
        )]),
        None => document_from_json(&input, &name),
    };
    let written = document.and_then(|d| generate(&d, &options).map_err(lines));
    let bytes = match written {
        Ok(b) => b,
        Err(problems) => {
            report(&problems);
            return EXIT_ERROR;
        }
    };
    match &args.output {
        Some(path) => match fs::write(path, &bytes) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                error_line(&format!("cannot write {}: {e}", path.display()));
                EXIT_ERROR
            }
        },
        None => super::exit_code_of(write_stdout(|out| out.write_all(&bytes))),
    }
}

fn lines(problems: Vec<GenerateProblem>) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

fn report(problems: &[String]) {
    for p in problems.iter().take(SHOWN_PROBLEMS) {
        error_line(p);
    }
    if problems.len() > SHOWN_PROBLEMS {
        error_line(&format!(
            "and {} more problems",
            problems.len() - SHOWN_PROBLEMS
        ));
    }
}

fn options(args: &GenerateArgs) -> Result<GenerateOptions, String> {
    let delimiters = match &args.delimiters {
        None => None,
        Some(s) => {
            let b = s.as_bytes();
            if b.len() != 4 {
                return Err(format!(
                    "--delimiters '{s}' must be four characters: element, component, repetition, segment (like '*:^~')"
                ));
            }
            let d = Delimiters {
                element: b[0],
                component: b[1],
                repetition: Some(b[2]),
                segment: b[3],
            };
            crate::model::check_delimiters(&d).map_err(|e| format!("--delimiters: {e}"))?;
            Some(d)
        }
    };
    let now = UtcTime::now();
    let date = args.date.clone().unwrap_or_else(|| now.ccyymmdd());
    if !crate::schema::elements::is_date(date.as_bytes(), false) {
        return Err(format!("--date '{date}' is not CCYYMMDD"));
    }
    let time = args.time.clone().unwrap_or_else(|| now.hhmm());
    if time.len() != 4 || !crate::schema::elements::is_time(time.as_bytes()) {
        return Err(format!("--time '{time}' is not HHMM"));
    }
    Ok(GenerateOptions {
        sender_id: args.sender.clone(),
        sender_qualifier: args.sender_qualifier.clone(),
        receiver_id: args.receiver.clone(),
        receiver_qualifier: args.receiver_qualifier.clone(),
        delimiters,
        usage: args.usage.as_deref().and_then(|u| u.chars().next()),
        control_start: args.control_start,
        line_breaks: args.line_breaks,
        date: Some(date),
        time: Some(time),
        allow_incomplete: args.allow_incomplete,
    })
}

/// The document in `input`, or what is wrong with it: each claim that
/// does not read is named with the path to the value at fault.
fn document_from_json(input: &[u8], name: &str) -> Result<Document, Vec<String>> {
    match serde_json::from_slice::<Document>(input) {
        Ok(d) => return Ok(d),
        Err(e) if e.is_syntax() || e.is_eof() || e.is_io() => {
            return Err(vec![format!("{name} is not JSON: {e}")]);
        }
        Err(_) => {}
    }
    let value: Value = match serde_json::from_slice(input) {
        Ok(v) => v,
        Err(e) => return Err(vec![format!("{name} is not JSON: {e}")]),
    };
    let mut problems = diagnose(&value);
    if problems.is_empty() {
        // Not found piece by piece: say what serde says of the whole.
        if let Err(e) = serde_json::from_value::<Document>(value) {
            problems.push(format!("{name}: {e}"));
        }
    }
    Err(problems)
}

/// Read `value` as a `T`; the error names the path to the bad value.
fn read_as<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.inner().to_string()
        } else {
            format!("{path}: {}", e.inner())
        }
    })
}

/// What does not read in a document, piece by piece: the envelopes with
/// their sets emptied, then each set's header, then each claim.
fn diagnose(value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut shell = value.clone();
    let mut sets = Vec::new();
    if let Some(ics) = shell.get_mut("interchanges").and_then(Value::as_array_mut) {
        for (i, ic) in ics.iter_mut().enumerate() {
            let Some(groups) = ic.get_mut("groups").and_then(Value::as_array_mut) else {
                continue;
            };
            for (g, group) in groups.iter_mut().enumerate() {
                if let Some(ts) = group.get_mut("transactions").and_then(Value::as_array_mut) {
                    for (t, tx) in ts.drain(..).enumerate() {
                        sets.push((
                            format!("interchanges[{i}].groups[{g}].transactions[{t}]"),
                            tx,
                        ));
                    }
                }
            }
        }
    }
    if let Err(e) = read_as::<Document>(&shell) {
        problems.push(format!("document: {e}"));
    }
    for (path, mut tx) in sets {
        let kind = tx
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let claims = tx.get_mut("claims").map(Value::take).and_then(|c| match c {
            Value::Array(a) => Some(a),
            _ => None,
        });
        if let (Some(obj), true) = (tx.as_object_mut(), claims.is_some()) {
            obj.insert("claims".into(), Value::Array(Vec::new()));
        }
        let st02 = tx
            .get("control_number")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let header = match kind.as_str() {
            "837P" | "837I" => read_as::<ClaimTransaction>(&tx).err(),
            "835" => read_as::<RemittanceTransaction>(&tx).err(),
            _ => read_as::<OtherTransaction>(&tx).err(),
        };
        if let Some(e) = header {
            problems.push(format!("transaction {st02} ({path}): {e}"));
        }
        for (k, c) in claims.into_iter().flatten().enumerate() {
            let id = c.get("id").and_then(Value::as_str).unwrap_or_default();
            let who = if id.is_empty() {
                format!("#{}", k + 1)
            } else {
                id.to_string()
            };
            let e = match kind.as_str() {
                "837P" | "837I" => read_as::<crate::model::Claim>(&c)
                    .err()
                    .map(|e| format!("claim {who}: {e}")),
                "835" => read_as::<ClaimPayment>(&c)
                    .err()
                    .map(|e| format!("claim payment {who}: {e}")),
                _ => None,
            };
            problems.extend(e);
        }
    }
    problems
}
