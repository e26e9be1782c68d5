//! `--format sarif`: a SARIF 2.1.0 log (OASIS Static Analysis Results
//! Interchange Format) for code-scanning tools such as GitHub code
//! scanning, GitLab and IDE viewers.
//!
//! One run. `tool.driver` names claimcheck and describes each rule that
//! has a finding in the run (its summary, help line and documentation from
//! the registry, its default level). Each input is an artifact; each
//! finding a result with its rule, level (`error`, `warning`, `note`),
//! message and location: the file's path as given (percent-encoded as a
//! relative URI), the line, and the byte offset and length of the element
//! (else the segment). A one-line file's findings point at line 1 and the
//! columns of their bytes. Envelope, loop and claim are logical locations;
//! other segments the finding names are related locations.
//!
//! Like `--format json`, no segment text is written: SARIF logs are
//! uploaded and kept by CI services, and segments hold claim data.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::{Map, Value, json};

use super::RunReport;
use crate::diagnostic::{Finding, Severity};
use crate::rules::registry;
use crate::validate::FileReport;

/// The `$schema` of every log: the OASIS SARIF 2.1.0 schema (errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    // io::Error::from keeps the error kind, so a closed pipe stays quiet.
    serde_json::to_writer_pretty(&mut *out, &Log::of(report)).map_err(io::Error::from)?;
    writeln!(out)
}

/// The SARIF log of a run, written as it is serialized: each result is
/// made and written one at a time, so that a run with many findings does
/// not hold its whole log as a JSON tree (which took seven times the
/// memory of the run itself). Fields are in the order a JSON map sorts
/// them, as the log was written when it was one [`Value`].
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
struct Run<'a> {
    artifacts: Vec<Value>,
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Results<'a>,
    tool: Value,
}

/// `runs[0].results`: one per finding, made when it is written.
struct Results<'a> {
    report: &'a RunReport,
    /// The codes of `tool.driver.rules`, sorted: a result's `ruleIndex`.
    codes: Vec<&'static str>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let files = &self.report.files;
        let mut seq = s.serialize_seq(Some(files.iter().map(|f| f.findings.len()).sum()))?;
        for (index, file) in files.iter().enumerate() {
            for finding in &file.findings {
                let rule_index = self.codes.binary_search(&finding.rule).unwrap_or_default();
                seq.serialize_element(&result(file, index, finding, rule_index))?;
            }
        }
        seq.end()
    }
}

impl<'a> Log<'a> {
    fn of(report: &'a RunReport) -> Self {
        let mut codes: Vec<&'static str> = report
            .files
            .iter()
            .flat_map(|f| &f.findings)
            .map(|f| f.rule)
            .collect();
        codes.sort_unstable();
        codes.dedup();
        let rules: Vec<Value> = codes.iter().map(|c| rule_descriptor(c)).collect();
        Log {
            schema: SCHEMA_URI,
            runs: [Run {
                artifacts: report.files.iter().map(artifact).collect(),
                column_kind: "unicodeCodePoints",
                results: Results { report, codes },
                tool: json!({
                    "driver": {
                        "name": "claimcheck",
                        "version": env!("CARGO_PKG_VERSION"),
                        "informationUri": env!("CARGO_PKG_REPOSITORY"),
                        "rules": rules,
                    }
                }),
            }],
            version: "2.1.0",
        }
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn text(s: &str) -> Value {
    json!({ "text": s })
}

/// `tool.driver.rules[]` for a rule code; a code the registry does not
/// know (it cannot happen for claimcheck's own findings) gets its id only.
fn rule_descriptor(code: &str) -> Value {
    let Some(rule) = registry::find(code) else {
        return json!({ "id": code });
    };
    let mut d = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": text(rule.summary),
        "fullDescription": text(rule.doc),
        "help": {
            "text": if rule.help.is_empty() { rule.summary } else { rule.help },
            "markdown": rule.doc,
        },
        "defaultConfiguration": { "level": level(rule.severity) },
    });
    if let Some(snip) = rule.snip {
        d["properties"] = json!({ "snip": snip });
    }
    d
}

/// A path as a relative (or absolute-path) URI reference: bytes other
/// than unreserved characters and `/` are percent-encoded, so that a
/// space, `%`, `#` or a `:` (which would read as a scheme) stay part of
/// the path.
pub fn path_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location of input `index`; stdin (`-`) has no URI.
fn artifact_location(file: &FileReport, index: usize) -> Value {
    match file.path.as_deref() {
        Some(path) if path != "-" => json!({ "uri": path_uri(path), "index": index }),
        _ => json!({ "index": index, "description": text("standard input") }),
    }
}

fn artifact(file: &FileReport) -> Value {
    let location = match file.path.as_deref() {
        Some(path) if path != "-" => json!({ "uri": path_uri(path) }),
        _ => json!({ "description": text("standard input") }),
    };
    json!({ "location": location, "length": file.bytes, "roles": ["analysisTarget"] })
}

/// A region from a line (as findings carry it) and a byte range.
fn region(file: &FileReport, line: Option<u64>, offset: Option<u64>, length: Option<u64>) -> Value {
    let mut r = Map::new();
    if file.one_line {
        // `line` is the segment ordinal there; the text line is 1 and the
        // column follows the byte (X12 text is ASCII).
        if let Some(offset) = offset {
            r.insert("startLine".into(), json!(1));
            r.insert("startColumn".into(), json!(offset + 1));
            if let Some(length) = length {
                r.insert("endColumn".into(), json!(offset + 1 + length));
            }
        }
    } else if let Some(line) = line {
        r.insert("startLine".into(), json!(line));
    }
    if let Some(offset) = offset {
        r.insert("byteOffset".into(), json!(offset));
        if let Some(length) = length {
            r.insert("byteLength".into(), json!(length));
        }
    }
    Value::Object(r)
}

fn physical_location(file: &FileReport, index: usize, region: Value) -> Value {
    let mut p = json!({ "artifactLocation": artifact_location(file, index) });
    if region.as_object().is_some_and(|r| !r.is_empty()) {
        p["region"] = region;
    }
    p
}

/// Envelope, loop and claim of a finding, outermost first.
fn logical_locations(f: &Finding) -> Vec<Value> {
    [
        ("interchange", &f.interchange),
        ("functionalGroup", &f.group),
        ("transactionSet", &f.transaction),
        ("loop", &f.loop_id),
        ("claim", &f.claim_id),
        ("serviceLine", &f.service_line),
    ]
    .into_iter()
    .filter_map(|(kind, name)| {
        name.as_ref()
            .map(|name| json!({ "name": name, "kind": kind }))
    })
    .collect()
}

fn result(file: &FileReport, index: usize, f: &Finding, rule_index: usize) -> Value {
    let mut location = json!({
        "physicalLocation": physical_location(
            file,
            index,
            region(file, f.line, f.byte_offset, f.byte_length),
        ),
    });
    let logical = logical_locations(f);
    if !logical.is_empty() {
        location["logicalLocations"] = Value::Array(logical);
    }
    let mut r = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": text(&f.message),
        "locations": [location],
    });
    if !f.related.is_empty() {
        let related: Vec<Value> = f
            .related
            .iter()
            .enumerate()
            .map(|(id, rel)| {
                json!({
                    "id": id,
                    "physicalLocation": physical_location(
                        file,
                        index,
                        region(file, Some(rel.line), Some(rel.byte_offset), Some(rel.byte_length).filter(|&n| n > 0)),
                    ),
                    "message": text(&format!(
                        "{} (segment {}): {}",
                        rel.segment_id, rel.segment_index, rel.note
                    )),
                })
            })
            .collect();
        r["relatedLocations"] = Value::Array(related);
    }
    let mut properties = Map::new();
    for (key, value) in [
        ("segmentIndex", f.segment_index.map(Value::from)),
        ("segmentId", f.segment_id.clone().map(Value::from)),
        ("element", f.element.clone().map(Value::from)),
        ("snip", f.snip.map(Value::from)),
    ] {
        if let Some(value) = value {
            properties.insert(key.into(), value);
        }
    }
    if let Some(ack) = &f.ack999
        && let Ok(codes) = serde_json::to_value(ack)
    {
        properties.insert("ack999".into(), codes);
    }
    if let Some(p) = &f.profile
        && let Ok(rule) = serde_json::to_value(p)
    {
        properties.insert("profile".into(), rule);
    }
    if !properties.is_empty() {
        r["properties"] = Value::Object(properties);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            path_uri("fixtures/env/ok_835.x12"),
            "fixtures/env/ok_835.x12"
        );
        assert_eq!(
            path_uri("C:\\claims/100% a#b,c.x12"),
            "C%3A%5Cclaims/100%25%20a%23b%2Cc.x12"
        );
        assert_eq!(path_uri("/tmp/é.x12"), "/tmp/%C3%A9.x12");
    }
}
