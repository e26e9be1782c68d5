//! CMS Place of Service codes (CLM05-1 on an 837P claim, SV105 on a line).
//!
//! The list is the CMS "Place of Service Code Set" as published for
//! January 2025, with the codes added since 2020 and their effective dates
//! of service noted: 58 (January 1, 2020), 02/10 as renamed for telehealth
//! (January 1, 2022), 27 (October 1, 2023) and 66 (August 1, 2024). Codes
//! not listed are unassigned.

/// Every assigned place-of-service code and its CMS name, sorted by code.
pub static PLACES_OF_SERVICE: &[(&str, &str)] = LIST;

const LIST: &[(&str, &str)] = &[
    ("01", "Pharmacy"),
    ("02", "Telehealth Provided Other than in Patient's Home"),
    ("03", "School"),
    ("04", "Homeless Shelter"),
    ("05", "Indian Health Service Free-standing Facility"),
    ("06", "Indian Health Service Provider-based Facility"),
    ("07", "Tribal 638 Free-standing Facility"),
    ("08", "Tribal 638 Provider-based Facility"),
    ("09", "Prison/Correctional Facility"),
    ("10", "Telehealth Provided in Patient's Home"),
    ("11", "Office"),
    ("12", "Home"),
    ("13", "Assisted Living Facility"),
    ("14", "Group Home"),
    ("15", "Mobile Unit"),
    ("16", "Temporary Lodging"),
    ("17", "Walk-in Retail Health Clinic"),
    ("18", "Place of Employment-Worksite"),
    ("19", "Off Campus-Outpatient Hospital"),
    ("20", "Urgent Care Facility"),
    ("21", "Inpatient Hospital"),
    ("22", "On Campus-Outpatient Hospital"),
    ("23", "Emergency Room - Hospital"),
    ("24", "Ambulatory Surgical Center"),
    ("25", "Birthing Center"),
    ("26", "Military Treatment Facility"),
    ("27", "Outreach Site/Street"),
    ("31", "Skilled Nursing Facility"),
    ("32", "Nursing Facility"),
    ("33", "Custodial Care Facility"),
    ("34", "Hospice"),
    ("41", "Ambulance - Land"),
    ("42", "Ambulance - Air or Water"),
    ("49", "Independent Clinic"),
    ("50", "Federally Qualified Health Center"),
    ("51", "Inpatient Psychiatric Facility"),
    ("52", "Psychiatric Facility-Partial Hospitalization"),
    ("53", "Community Mental Health Center"),
    (
        "54",
        "Intermediate Care Facility/Individuals with Intellectual Disabilities",
    ),
    ("55", "Residential Substance Abuse Treatment Facility"),
    ("56", "Psychiatric Residential Treatment Center"),
    ("57", "Non-residential Substance Abuse Treatment Facility"),
    ("58", "Non-residential Opioid Treatment Facility"),
    ("60", "Mass Immunization Center"),
    ("61", "Comprehensive Inpatient Rehabilitation Facility"),
    ("62", "Comprehensive Outpatient Rehabilitation Facility"),
    ("65", "End-Stage Renal Disease Treatment Facility"),
    (
        "66",
        "Programs of All-Inclusive Care for the Elderly (PACE) Center",
    ),
    ("71", "Public Health Clinic"),
    ("72", "Rural Health Clinic"),
    ("81", "Independent Laboratory"),
    ("99", "Other Place of Service"),
];

/// The CMS name of an assigned place-of-service code; `None` for an
/// unassigned or malformed one.
pub fn place_of_service(code: &[u8]) -> Option<&'static str> {
    let &[a @ b'0'..=b'9', b @ b'0'..=b'9'] = code else {
        return None;
    };
    let entry = BY_NUMBER[usize::from(a - b'0') * 10 + usize::from(b - b'0')];
    PLACES_OF_SERVICE
        .get(usize::from(entry))
        .map(|&(_, name)| name)
}

/// The entry of each two-digit code in [`PLACES_OF_SERVICE`] (`u8::MAX`
/// for an unassigned code): every claim and most lines look one up.
static BY_NUMBER: [u8; 100] = {
    let mut by = [u8::MAX; 100];
    let mut i = 0;
    while i < LIST.len() {
        let c = LIST[i].0.as_bytes();
        by[((c[0] - b'0') * 10 + (c[1] - b'0')) as usize] = i as u8;
        i += 1;
    }
    by
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_two_digit_codes() {
        assert!(PLACES_OF_SERVICE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            PLACES_OF_SERVICE
                .iter()
                .all(|(c, _)| c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        assert_eq!(PLACES_OF_SERVICE.len(), 52);
    }

    #[test]
    fn assigned_codes_have_names_and_unassigned_do_not() {
        assert_eq!(place_of_service(b"11"), Some("Office"));
        assert_eq!(
            place_of_service(b"53"),
            Some("Community Mental Health Center")
        );
        assert_eq!(
            place_of_service(b"02").map(|n| n.starts_with("Telehealth")),
            Some(true)
        );
        for bad in [
            "00", "28", "30", "35", "40", "59", "67", "98", "1", "011", "", "1A",
        ] {
            assert_eq!(place_of_service(bad.as_bytes()), None, "{bad:?}");
        }
    }
}
