//! People and organizations: a [`Party`] is one NM1 (or N1) loop with its
//! address, demographics, specialty, references and contacts;
//! [`Providers`] names the provider loops a claim, line or other payer
//! can carry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::at::At;
use super::common::{Contact, DateRef, Ref};
use super::fields::Fields;
use super::raw::{Extra, OtherSegment};
use super::text::Text;

/// A person or organization: an NM1 (837, 835 claim level) or N1 (835
/// payer and payee) and the segments of its loop.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// NM101/N101: entity identifier code (`85` billing provider, `IL`
    /// subscriber, `PR` payer, `QC` patient, `82` rendering provider …).
    pub entity: Text,
    /// NM102: `1` person, `2` non-person entity.
    pub entity_type: Option<Text>,
    /// NM103/N102: last name or organization name.
    pub name: Option<Text>,
    /// NM104.
    pub first_name: Option<Text>,
    /// NM105.
    pub middle_name: Option<Text>,
    /// NM106.
    pub prefix: Option<Text>,
    /// NM107.
    pub suffix: Option<Text>,
    /// NM108/N103: `XX` NPI, `MI` member id, `PI` payer id, `46` ETIN …
    pub id_qualifier: Option<Text>,
    /// NM109/N104.
    pub id: Option<Text>,
    /// NM1/N1 elements the fields above do not hold.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// N3/N4.
    pub address: Option<Box<Address>>,
    /// DMG.
    pub demographics: Option<Box<Demographics>>,
    /// PRV.
    pub specialty: Option<ProviderInfo>,
    /// REF, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Ref>,
    /// PER, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// DTP (the other payer's claim check or remittance date, 2330B).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_segments: Vec<OtherSegment>,
    /// Where the NM1 (or N1) is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl Party {
    /// Read an NM1 into this (new) party.
    pub(crate) fn read_nm1(&mut self, f: &mut Fields<'_>) {
        self.entity = f.code(1);
        self.entity_type = f.text(2);
        self.name = f.text(3);
        self.first_name = f.text(4);
        self.middle_name = f.text(5);
        self.prefix = f.text(6);
        self.suffix = f.text(7);
        self.id_qualifier = f.text(8);
        self.id = f.text(9);
        self.extra = f.extra();
        self.at = f.at();
    }

    /// Read an N1 into this (new) party.
    pub(crate) fn read_n1(&mut self, f: &mut Fields<'_>) {
        self.entity = f.code(1);
        self.name = f.text(2);
        self.id_qualifier = f.text(3);
        self.id = f.text(4);
        self.extra = f.extra();
        self.at = f.at();
    }

    /// The first reference with this qualifier.
    pub fn reference(&self, qualifier: &str) -> Option<&Text> {
        self.references
            .iter()
            .find(|r| r.qualifier == qualifier)
            .and_then(|r| r.value.as_ref())
    }
}

/// N3 (street) and N4 (city, state, ZIP). A part absent in the X12 has
/// all its fields absent.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// N301.
    pub line1: Option<Text>,
    /// N302.
    pub line2: Option<Text>,
    /// N401.
    pub city: Option<Text>,
    /// N402.
    pub state: Option<Text>,
    /// N403.
    pub postal_code: Option<Text>,
    /// N404.
    pub country: Option<Text>,
    /// N407.
    pub subdivision: Option<Text>,
    /// N3/N4 elements the fields above do not hold (`N405` …).
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Address {
    pub(crate) fn has_street(&self) -> bool {
        self.line1.is_some() || self.line2.is_some()
    }

    pub(crate) fn has_city(&self) -> bool {
        self.city.is_some()
            || self.state.is_some()
            || self.postal_code.is_some()
            || self.country.is_some()
            || self.subdivision.is_some()
    }

    pub(crate) fn read_n3(&mut self, f: &mut Fields<'_>) {
        self.line1 = f.text(1);
        self.line2 = f.text(2);
        self.extra.append(f.extra());
    }

    pub(crate) fn read_n4(&mut self, f: &mut Fields<'_>) {
        self.city = f.text(1);
        self.state = f.text(2);
        self.postal_code = f.text(3);
        self.country = f.text(4);
        self.subdivision = f.text(7);
        self.extra.append(f.extra());
    }
}

/// DMG: birth date and gender.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Demographics {
    /// DMG01: `D8`.
    pub format: Option<Text>,
    /// DMG02.
    pub birth_date: Option<Text>,
    /// DMG03: `F`, `M`, `U`.
    pub gender: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl Demographics {
    pub(crate) fn read(f: &mut Fields<'_>) -> Demographics {
        Demographics {
            format: f.text(1),
            birth_date: f.text(2),
            gender: f.text(3),
            extra: f.extra(),
        }
    }
}

/// PRV: a provider's specialty (taxonomy code).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderInfo {
    /// PRV01: `BI` billing, `PE` performing, `AT` attending.
    pub code: Text,
    /// PRV02: `PXC` (taxonomy).
    pub qualifier: Option<Text>,
    /// PRV03: the taxonomy code.
    pub taxonomy: Option<Text>,
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Where the PRV is.
    #[serde(skip)]
    #[schemars(skip)]
    pub at: At,
}

impl ProviderInfo {
    pub(crate) fn read(f: &mut Fields<'_>) -> ProviderInfo {
        ProviderInfo {
            code: f.code(1),
            qualifier: f.text(2),
            taxonomy: f.text(3),
            extra: f.extra(),
            at: f.at(),
        }
    }
}

/// The provider (and location) loops of a claim (2310x), a service line
/// (2420x) or another payer (2330x), by role. The role is the loop's
/// NM101 code, so each code has one place.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Providers {
    /// `DN`.
    pub referring: Option<Box<Party>>,
    /// `P3`.
    pub primary_care: Option<Box<Party>>,
    /// `71` (837I).
    pub attending: Option<Box<Party>>,
    /// `72` (837I).
    pub operating: Option<Box<Party>>,
    /// `ZZ` (837I).
    pub other_operating: Option<Box<Party>>,
    /// `82`.
    pub rendering: Option<Box<Party>>,
    /// `QB`.
    pub purchased_service: Option<Box<Party>>,
    /// `77`.
    pub service_facility: Option<Box<Party>>,
    /// `DQ`.
    pub supervising: Option<Box<Party>>,
    /// `DK`.
    pub ordering: Option<Box<Party>>,
    /// `85` (the other payer's billing provider, 2330G/2330I).
    pub billing: Option<Box<Party>>,
    /// `PW`.
    pub ambulance_pickup: Option<Box<Party>>,
    /// `45`.
    pub ambulance_dropoff: Option<Box<Party>>,
}

impl Providers {
    pub fn is_empty(&self) -> bool {
        *self == Providers::default()
    }

    /// The place for a provider whose NM101 is `entity`; `None` for codes
    /// that name no provider role.
    pub fn slot(&mut self, entity: &[u8]) -> Option<&mut Option<Box<Party>>> {
        Some(match entity {
            b"DN" => &mut self.referring,
            b"P3" => &mut self.primary_care,
            b"71" => &mut self.attending,
            b"72" => &mut self.operating,
            b"ZZ" => &mut self.other_operating,
            b"82" => &mut self.rendering,
            b"QB" => &mut self.purchased_service,
            b"77" => &mut self.service_facility,
            b"DQ" => &mut self.supervising,
            b"DK" => &mut self.ordering,
            b"85" => &mut self.billing,
            b"PW" => &mut self.ambulance_pickup,
            b"45" => &mut self.ambulance_dropoff,
            _ => return None,
        })
    }

    /// Every place (the destructuring makes a new role a compile error
    /// here until it is listed).
    pub(crate) fn places(&mut self) -> [&mut Option<Box<Party>>; 13] {
        let Providers {
            referring,
            primary_care,
            attending,
            operating,
            other_operating,
            rendering,
            purchased_service,
            service_facility,
            supervising,
            ordering,
            billing,
            ambulance_pickup,
            ambulance_dropoff,
        } = self;
        [
            referring,
            primary_care,
            attending,
            operating,
            other_operating,
            rendering,
            purchased_service,
            service_facility,
            supervising,
            ordering,
            billing,
            ambulance_pickup,
            ambulance_dropoff,
        ]
    }

    /// Each provider present, with the NM101 code of its role, in the
    /// order of the fields. One test per role in line: building an array
    /// of the thirteen places to iterate cost more than the rules that
    /// read the few providers a claim has. Every role is listed (a test
    /// fills each place through [`Providers::slot`]).
    #[inline]
    pub(crate) fn each<'a>(&'a self, mut f: impl FnMut(&'static str, &'a Party)) {
        macro_rules! each {
            ($($place:ident $code:literal),* $(,)?) => {
                $(if let Some(p) = self.$place.as_deref() {
                    f($code, p);
                })*
            };
        }
        each!(
            referring "DN",
            primary_care "P3",
            attending "71",
            operating "72",
            other_operating "ZZ",
            rendering "82",
            purchased_service "QB",
            service_facility "77",
            supervising "DQ",
            ordering "DK",
            billing "85",
            ambulance_pickup "PW",
            ambulance_dropoff "45",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `each` visits every role with the NM101 code `slot` files it under.
    #[test]
    fn each_visits_every_role_with_its_code() {
        let codes = [
            "DN", "P3", "71", "72", "ZZ", "82", "QB", "77", "DQ", "DK", "85", "PW", "45",
        ];
        let mut providers = Providers::default();
        for code in codes {
            let place = providers.slot(code.as_bytes()).expect("a provider role");
            *place = Some(Box::new(Party {
                entity: Text::new(code),
                ..Party::default()
            }));
        }
        // Every place is filled: a role added to the struct needs its
        // code above (and in `each`).
        assert!(providers.places().iter().all(|p| p.is_some()));
        let mut seen = Vec::new();
        providers.each(|code, party| {
            assert_eq!(party.entity.as_str(), code);
            seen.push(code);
        });
        assert_eq!(seen, codes);
    }
}
