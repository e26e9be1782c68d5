//! The documentation manifest: a sidecar from the EHR with one row per
//! service (DESIGN "Documentation manifest"). [`load`] reads the file;
//! the UNIT rules read the minutes of each service today, the DOC rules
//! of a later issue the other columns.
//!
//! A row names its service by `claim_id` + `line_id` (the 837's REF*6R
//! line control number), or by `member_id` + `service_date` + `procedure`.
//! [`Manifest::minutes_for`] tries the first, then the second.

use std::collections::HashMap;

pub mod load;

/// One row of the manifest, as far as this module reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestRow {
    pub claim_id: Option<String>,
    /// The 837 REF*6R line item control number.
    pub line_id: Option<String>,
    /// The payer's member id (2010BA NM109).
    pub member_id: Option<String>,
    /// `CCYYMMDD`.
    pub service_date: Option<u32>,
    pub procedure: Option<String>,
    /// Minutes of the service (from `minutes`, or from `start_time` and
    /// `end_time`).
    pub minutes: Option<u32>,
    /// 1-based line of the row in its file, for findings to cite.
    pub line: usize,
    /// The columns the DOC rules read, checked by the loader: times as
    /// written (`HH:MM`), dates as `CCYYMMDD`, `note_signed` yes/no.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub note_signed: Option<bool>,
    pub signed_date: Option<u32>,
    pub rendering_credential: Option<String>,
    pub treatment_plan_through: Option<u32>,
    pub auth_number: Option<String>,
    pub auth_units: Option<u32>,
    pub auth_from: Option<u32>,
    pub auth_through: Option<u32>,
    /// PHQ-9 (0-27) and GAD-7 (0-21) scores of assessments given at the
    /// service.
    pub phq9_score: Option<u32>,
    pub gad7_score: Option<u32>,
}

/// The rows of a run's manifest, indexed for lookup by service.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    rows: Vec<ManifestRow>,
    /// (claim id, line id) -> row.
    by_line: HashMap<(String, String), usize>,
    /// (member id, date, procedure) -> row.
    by_service: HashMap<(String, u32, String), usize>,
    /// The manifest's file as named to the run, for findings to cite.
    pub path: Option<String>,
}

impl Manifest {
    /// No manifest: every lookup finds nothing.
    pub fn empty() -> Self {
        Manifest::default()
    }

    /// A manifest of rows (the first row for a key wins).
    pub fn from_rows(path: Option<String>, rows: Vec<ManifestRow>) -> Self {
        let mut by_line = HashMap::new();
        let mut by_service = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            if let (Some(c), Some(l)) = (&r.claim_id, &r.line_id) {
                by_line.entry((c.clone(), l.clone())).or_insert(i);
            }
            if let (Some(m), Some(d), Some(p)) = (&r.member_id, r.service_date, &r.procedure) {
                by_service.entry((m.clone(), d, p.clone())).or_insert(i);
            }
        }
        Manifest {
            rows,
            by_line,
            by_service,
            path,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn rows(&self) -> &[ManifestRow] {
        &self.rows
    }

    /// The row of a service: by claim id and line control number, else by
    /// member id, date of service and procedure code.
    pub fn row_for(
        &self,
        claim_id: &str,
        line_id: Option<&str>,
        member_id: Option<&str>,
        date: Option<u32>,
        procedure: &str,
    ) -> Option<&ManifestRow> {
        if self.rows.is_empty() {
            return None;
        }
        if let Some(l) = line_id
            && let Some(&i) = self.by_line.get(&(claim_id.to_string(), l.to_string()))
        {
            return Some(&self.rows[i]);
        }
        let (Some(m), Some(d)) = (member_id, date) else {
            return None;
        };
        self.by_service
            .get(&(m.to_string(), d, procedure.to_string()))
            .map(|&i| &self.rows[i])
    }
}
