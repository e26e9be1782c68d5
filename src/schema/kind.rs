//! Transaction kinds claimcheck knows, detected from ST01 and the guide
//! version in ST03 (or GS08 when ST03 is absent).

use serde::Serialize;

use crate::x12::envelope::Opened;
use crate::x12::tokenizer::Segment;

/// A transaction set type together with its implementation guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum TransactionKind {
    /// 837 professional, 005010X222.
    #[serde(rename = "837P")]
    Professional837,
    /// 837 institutional, 005010X223.
    #[serde(rename = "837I")]
    Institutional837,
    /// 837 dental, 005010X224.
    #[serde(rename = "837D")]
    Dental837,
    /// 835 remittance advice, 005010X221.
    #[serde(rename = "835")]
    Remittance835,
    /// 999 implementation acknowledgment, 005010X231.
    #[serde(rename = "999")]
    Ack999,
    /// 277CA claim acknowledgment, 005010X214.
    #[serde(rename = "277CA")]
    ClaimAck277,
}

impl TransactionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionKind::Professional837 => "837P",
            TransactionKind::Institutional837 => "837I",
            TransactionKind::Dental837 => "837D",
            TransactionKind::Remittance835 => "835",
            TransactionKind::Ack999 => "999",
            TransactionKind::ClaimAck277 => "277CA",
        }
    }

    /// The functional identifier code (GS01) a group of this kind carries.
    pub fn functional_id(self) -> &'static str {
        functional_id(self.st01()).unwrap_or("")
    }

    fn st01(self) -> &'static str {
        match self {
            TransactionKind::Professional837
            | TransactionKind::Institutional837
            | TransactionKind::Dental837 => "837",
            TransactionKind::Remittance835 => "835",
            TransactionKind::Ack999 => "999",
            TransactionKind::ClaimAck277 => "277",
        }
    }

    /// Detect the kind from ST01 and a version string (ST03, else GS08).
    /// A 999 or 835 needs no guide id; an 837 or 277 does, since the guide
    /// decides what kind of claim or status it is.
    pub fn detect(st01: &str, version: &str) -> Option<TransactionKind> {
        let guide = |id: &str| version.contains(id);
        match st01 {
            "837" if guide("X222") => Some(TransactionKind::Professional837),
            "837" if guide("X223") => Some(TransactionKind::Institutional837),
            "837" if guide("X224") => Some(TransactionKind::Dental837),
            "835" if version.is_empty() || guide("X221") || version.starts_with("00501") => {
                Some(TransactionKind::Remittance835)
            }
            "999" if version.is_empty() || guide("X231") || version.starts_with("00501") => {
                Some(TransactionKind::Ack999)
            }
            "277" if guide("X214") => Some(TransactionKind::ClaimAck277),
            _ => None,
        }
    }
}

impl std::fmt::Display for TransactionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The GS01 functional identifier code that must enclose transaction set
/// `st01`, for the health-care sets X12 pairs them with.
/// The guide version a transaction set declares: ST03, else the GS08 of
/// its group (the 835 and 999 guides do not use ST03). Empty when neither
/// is there.
pub fn declared_version<'a>(st: &Segment<'a>, gs: Option<&'a Opened>) -> &'a [u8] {
    match st.element(3) {
        Some(st03) if !st03.is_empty() => st03,
        _ => gs.map(|g| g.element(8).as_bytes()).unwrap_or_default(),
    }
}

/// The kind of a transaction set from its ST (and its group's GS08).
pub fn kind_of(st: &Segment<'_>, gs: Option<&Opened>) -> Option<TransactionKind> {
    TransactionKind::detect(
        &String::from_utf8_lossy(st.element(1).unwrap_or_default()),
        &String::from_utf8_lossy(declared_version(st, gs)),
    )
}

pub fn functional_id(st01: &str) -> Option<&'static str> {
    Some(match st01 {
        "837" => "HC",
        "835" => "HP",
        "999" | "997" => "FA",
        "277" => "HN",
        "276" => "HR",
        "270" => "HS",
        "271" => "HB",
        "278" => "HI",
        "834" => "BE",
        "820" => "RA",
        "275" => "PI",
        "824" => "AG",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_guide() {
        use TransactionKind::*;
        assert_eq!(
            TransactionKind::detect("837", "005010X222A1"),
            Some(Professional837)
        );
        assert_eq!(
            TransactionKind::detect("837", "005010X223A3"),
            Some(Institutional837)
        );
        assert_eq!(
            TransactionKind::detect("837", "005010X224A2"),
            Some(Dental837)
        );
        assert_eq!(TransactionKind::detect("837", "005010"), None);
        assert_eq!(TransactionKind::detect("835", ""), Some(Remittance835));
        assert_eq!(TransactionKind::detect("835", "004010X091A1"), None);
        assert_eq!(
            TransactionKind::detect("277", "005010X214"),
            Some(ClaimAck277)
        );
        assert_eq!(TransactionKind::detect("277", "005010X212"), None);
        assert_eq!(TransactionKind::detect("834", "005010X220A1"), None);
        assert_eq!(Remittance835.functional_id(), "HP");
    }
}
