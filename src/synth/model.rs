//! The synthetic world: invented people, providers and payers, the stream of
//! claims, and the payer's adjudication of each claim.
//!
//! Everything here is a pure function of the seed and an index, so the 837
//! writer and the 835 writer derive identical claims independently.

use super::npi_check_digit;
use super::rng::Rng;

// Stream tags for [`Rng::keyed`].
pub(crate) const T_FILE: u64 = 1;
pub(crate) const T_PROV_RUN: u64 = 2;
pub(crate) const T_PROVIDER: u64 = 3;
pub(crate) const T_SUB_RUN: u64 = 4;
pub(crate) const T_SUBSCRIBER: u64 = 5;
pub(crate) const T_PATIENT: u64 = 6;
pub(crate) const T_CLAIM: u64 = 7;
pub(crate) const T_ADJUDICATE: u64 = 8;
pub(crate) const T_PAYER: u64 = 9;
pub(crate) const T_RENDERING: u64 = 10;
pub(crate) const T_FACILITY: u64 = 11;
pub(crate) const T_INST_CLAIM: u64 = 12;

/// Number of distinct billing providers a seed can produce.
const PROVIDER_POOL: u64 = 4096;
/// Number of distinct rendering clinicians a seed can produce.
const RENDERING_POOL: u64 = 8192;

pub(crate) const LAST_NAMES: &[&[u8]] = &[
    b"ALDERWICK",
    b"BRAMLEY",
    b"CASTELLON",
    b"DUNMORROW",
    b"ELLSWYTH",
    b"FAIRHOLM",
    b"GARRICKSON",
    b"HOLLOWELL",
    b"IVERSTAD",
    b"JARNETTE",
    b"KESTRELL",
    b"LANGMERE",
    b"MERRIVALE",
    b"NORCROFT",
    b"OAKHURSTON",
    b"PENDRAKE",
    b"QUILLANE",
    b"ROWANTREE",
    b"STANHOLT",
    b"THORNBURY",
    b"UPCHURCHE",
    b"VANTORRE",
    b"WHITLOCKE",
    b"YARBROOK",
    b"ZELLWOOD",
    b"ASHGROVE",
    b"BELLWEATHER",
    b"COPPERLY",
    b"DRAYCOTTE",
    b"EMBERLY",
    b"FENWICKE",
    b"GLASSFORD",
];

pub(crate) const FEMALE_NAMES: &[&[u8]] = &[
    b"AVERINE", b"BRISA", b"CORALIE", b"DELPHA", b"ELOISE", b"FENNA", b"GRETA", b"HOLLIS",
    b"IMOGEN", b"JESSAMY", b"KEIRA", b"LIORA", b"MAREN", b"NESSA", b"ODETTE", b"PERLINA",
];

pub(crate) const MALE_NAMES: &[&[u8]] = &[
    b"ALDRIC",
    b"BRANNOCK",
    b"CASSIAN",
    b"DESMOND",
    b"EVANDER",
    b"FINNICK",
    b"GARETH",
    b"HOLT",
    b"ISANDRO",
    b"JASPER",
    b"KELDON",
    b"LEANDER",
    b"MARIUS",
    b"NOLAN",
    b"ORSON",
    b"PERRIN",
];

const MIDDLE_INITIALS: &[u8] = b"ABCDEFGHJKLMNPRSTW";

pub(crate) const STREETS: &[&[u8]] = &[
    b"MAPLE",
    b"CEDAR",
    b"WILLOW",
    b"BIRCH",
    b"LAUREL",
    b"ASPEN",
    b"HAWTHORN",
    b"JUNIPER",
    b"SPRUCE",
    b"MAGNOLIA",
    b"HICKORY",
    b"SYCAMORE",
    b"TAMARACK",
    b"LINDEN",
    b"ALDER",
    b"CHESTNUT",
];

pub(crate) const STREET_SUFFIXES: &[&[u8]] =
    &[b"ST", b"AVE", b"RD", b"LN", b"DR", b"CT", b"WAY", b"BLVD"];

pub(crate) const CITIES: &[&[u8]] = &[
    b"BRIARWOOD",
    b"COPPER FALLS",
    b"EASTMERE",
    b"FERNHOLLOW",
    b"GLENHAVEN",
    b"HARTLEY SPRINGS",
    b"IRONDALE",
    b"LAKESHIRE",
    b"MILLBROOK",
    b"NORTHGATE",
    b"PINECREST",
    b"RIVERBEND",
    b"STONEBRIDGE",
    b"WESTHAVEN",
    b"WILLOWDALE",
    b"ASHFORD GLEN",
];

pub(crate) const STATES: &[&[u8]] = &[
    b"OH", b"PA", b"NY", b"IL", b"MI", b"WI", b"MN", b"IN", b"KY", b"TN", b"NC", b"VA", b"GA",
    b"TX", b"AZ", b"CO", b"OR", b"WA", b"MA", b"NJ",
];

const ORG_WORDS: &[&[u8]] = &[
    b"BLUE HERON",
    b"CEDAR PATH",
    b"CLEARWATER",
    b"HARBOR LIGHT",
    b"NORTHSTAR",
    b"OPEN DOOR",
    b"RIVERSTONE",
    b"SILVER PINE",
    b"SUMMIT VIEW",
    b"TRILLIUM",
    b"WILLOW CREEK",
    b"NEW HORIZON",
    b"BRIGHT MEADOW",
    b"STILLWATER",
    b"EVERGREEN",
    b"KEYSTONE",
];

const ORG_KINDS: &[&[u8]] = &[
    b"BEHAVIORAL HEALTH",
    b"COUNSELING CENTER",
    b"RECOVERY SERVICES",
    b"COMMUNITY MENTAL HEALTH",
    b"FAMILY THERAPY GROUP",
    b"WELLNESS CLINIC",
];

/// Billing provider taxonomy codes (counselor, mental-health clinic,
/// behavioral-health agency, clinical social worker, clinical psychologist).
const BILLING_TAXONOMIES: &[&[u8]] = &[
    b"101YM0800X",
    b"261QM0801X",
    b"251S00000X",
    b"1041C0700X",
    b"103TC0700X",
];

/// Rendering clinician taxonomy codes.
const RENDERING_TAXONOMIES: &[&[u8]] = &[
    b"101YM0800X",
    b"1041C0700X",
    b"103TC0700X",
    b"2084P0800X",
    b"106H00000X",
];

/// Billable ICD-10-CM codes (written without the dot).
pub(crate) const DIAGNOSES: &[&[u8]] = &[
    b"F331", b"F411", b"F4310", b"F1020", b"F1120", b"F329", b"F419", b"F840", b"F900", b"F4312",
];

/// Places of service: office, community mental health center, telehealth
/// (not in home), telehealth in home, non-residential substance abuse facility.
pub(crate) const PLACES: &[&[u8]] = &[b"11", b"53", b"02", b"10", b"57"];

fn is_telehealth(pos: u8) -> bool {
    pos == 2 || pos == 3
}

pub(crate) struct Payer {
    pub name: &'static [u8],
    pub id: &'static [u8],
    /// Claim filing indicator (SBR09 / CLP06).
    pub filing: &'static [u8],
    pub ein: &'static [u8],
    pub street: &'static [u8],
    pub city: &'static [u8],
    pub state: &'static [u8],
    pub zip: &'static [u8],
}

pub(crate) const PAYERS: &[Payer] = &[
    Payer {
        name: b"SUNRIDGE COMMUNITY MEDICAID PLAN",
        id: b"SYNMC01",
        filing: b"MC",
        ein: b"900000101",
        street: b"100 SUNRIDGE PLAZA",
        city: b"EASTMERE",
        state: b"OH",
        zip: b"432150001",
    },
    Payer {
        name: b"NORTHWIND MUTUAL HEALTH",
        id: b"SYNCI02",
        filing: b"12",
        ein: b"900000202",
        street: b"2200 NORTHWIND PKWY",
        city: b"LAKESHIRE",
        state: b"MN",
        zip: b"554010022",
    },
    Payer {
        name: b"PRAIRIE CARE HMO",
        id: b"SYNHM03",
        filing: b"HM",
        ein: b"900000303",
        street: b"35 PRAIRIE CARE DR",
        city: b"MILLBROOK",
        state: b"IL",
        zip: b"606010035",
    },
    Payer {
        name: b"CASCADE BEHAVIORAL MEDICAID",
        id: b"SYNMC04",
        filing: b"MC",
        ein: b"900000404",
        street: b"4 CASCADE CENTER",
        city: b"RIVERBEND",
        state: b"OR",
        zip: b"972010004",
    },
];

/// Payer for (0-based) transaction `txn`; every claim of one transaction
/// goes to the same payer, so one 837 ST maps onto one 835 ST.
pub(crate) fn payer_for_txn(seed: u64, txn: u64) -> &'static Payer {
    let mut r = Rng::keyed(seed, T_PAYER, txn);
    &PAYERS[r.below(PAYERS.len() as u64) as usize]
}

/// File-level facts derived from the seed only.
#[derive(Clone, Debug)]
pub(crate) struct FileFacts {
    /// Day of 2026 on which the 837 was created (June 1 ..= October 15).
    pub doy_837: u16,
    /// Day of 2026 on which the 835 was created (14 days later).
    pub doy_835: u16,
    /// HHMM.
    pub time: u16,
    pub isa13_837: u64,
    pub isa13_835: u64,
    pub check_base: u64,
}

impl FileFacts {
    pub(crate) fn new(seed: u64) -> Self {
        let mut r = Rng::keyed(seed, T_FILE, 0);
        let doy_837 = r.range(152, 288) as u16;
        let time = (r.range(6, 19) * 100 + r.below(60)) as u16;
        FileFacts {
            doy_837,
            doy_835: doy_837 + 14,
            time,
            isa13_837: r.range(1, 999_999_999),
            isa13_835: r.range(1, 999_999_999),
            check_base: r.range(10_000_000, 89_999_999),
        }
    }
}

/// A ten-digit NPI with a valid check digit, as ASCII.
pub(crate) fn make_npi(r: &mut Rng) -> [u8; 10] {
    let mut npi = [0u8; 10];
    npi[0] = b'1' + r.below(2) as u8;
    for d in npi.iter_mut().take(9).skip(1) {
        *d = b'0' + r.below(10) as u8;
    }
    let mut first9 = [0u8; 9];
    first9.copy_from_slice(&npi[..9]);
    npi[9] = b'0' + npi_check_digit(&first9);
    npi
}

fn digits<const N: usize>(r: &mut Rng, first_nonzero: bool) -> [u8; N] {
    let mut out = [0u8; N];
    for (i, d) in out.iter_mut().enumerate() {
        *d = if i == 0 && first_nonzero {
            b'1' + r.below(9) as u8
        } else {
            b'0' + r.below(10) as u8
        };
    }
    out
}

#[derive(Clone, Debug)]
pub(crate) struct Address {
    pub number: u64,
    pub street: &'static [u8],
    pub suffix: &'static [u8],
    pub city: &'static [u8],
    pub state: &'static [u8],
    pub zip: [u8; 9],
}

impl Address {
    fn new(r: &mut Rng) -> Self {
        Address {
            number: r.range(1, 9899),
            street: r.pick(STREETS),
            suffix: r.pick(STREET_SUFFIXES),
            city: r.pick(CITIES),
            state: r.pick(STATES),
            zip: digits::<9>(r, true),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Provider {
    pub name1: &'static [u8],
    pub name2: &'static [u8],
    pub npi: [u8; 10],
    pub ein: [u8; 9],
    pub taxonomy: &'static [u8],
    pub addr: Address,
}

impl Provider {
    pub(crate) fn new(seed: u64, no: u64) -> Self {
        let mut r = Rng::keyed(seed, T_PROVIDER, no);
        Provider {
            name1: r.pick(ORG_WORDS),
            name2: r.pick(ORG_KINDS),
            npi: make_npi(&mut r),
            ein: digits::<9>(&mut r, true),
            taxonomy: r.pick(BILLING_TAXONOMIES),
            addr: Address::new(&mut r),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub last: &'static [u8],
    pub first: &'static [u8],
    pub middle: Option<u8>,
    pub female: bool,
    /// Birth date: year, month, day.
    pub dob: (u16, u8, u8),
}

impl Person {
    fn new(r: &mut Rng, years: (u64, u64)) -> Self {
        let female = r.chance(55);
        let first = if female {
            r.pick(FEMALE_NAMES)
        } else {
            r.pick(MALE_NAMES)
        };
        Person {
            last: r.pick(LAST_NAMES),
            first,
            middle: if r.chance(40) {
                Some(r.pick(MIDDLE_INITIALS))
            } else {
                None
            },
            female,
            dob: (
                r.range(years.0, years.1) as u16,
                r.range(1, 12) as u8,
                r.range(1, 28) as u8,
            ),
        }
    }
}

/// A subscriber household: the insured person, member id and address.
#[derive(Clone, Debug)]
pub(crate) struct Subscriber {
    pub person: Person,
    pub member_id: [u8; 11],
    pub group: Option<[u8; 6]>,
    pub addr: Address,
}

impl Subscriber {
    pub(crate) fn new(seed: u64, serial: u64) -> Self {
        let mut r = Rng::keyed(seed, T_SUBSCRIBER, serial);
        let person = Person::new(&mut r, (1950, 2004));
        let mut member_id = [b'M'; 11];
        member_id[1..].copy_from_slice(&digits::<10>(&mut r, false));
        let group = if r.chance(50) {
            Some(digits::<6>(&mut r, true))
        } else {
            None
        };
        Subscriber {
            person,
            member_id,
            group,
            addr: Address::new(&mut r),
        }
    }
}

/// The dependent patient of subscriber household `serial`.
pub(crate) fn dependent(seed: u64, serial: u64, subscriber: &Subscriber) -> Person {
    let mut r = Rng::keyed(seed, T_PATIENT, serial);
    let mut p = Person::new(&mut r, (2008, 2020));
    p.last = subscriber.person.last;
    p
}

#[derive(Clone, Debug)]
pub(crate) struct Rendering {
    pub person: Person,
    pub npi: [u8; 10],
    pub taxonomy: &'static [u8],
}

impl Rendering {
    pub(crate) fn new(seed: u64, no: u64) -> Self {
        let mut r = Rng::keyed(seed, T_RENDERING, no);
        Rendering {
            person: Person::new(&mut r, (1960, 1995)),
            npi: make_npi(&mut r),
            taxonomy: r.pick(RENDERING_TAXONOMIES),
        }
    }
}

/// Where a claim sits in the billing-provider / subscriber hierarchy.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Head {
    /// 0-based claim number in the file.
    pub index: u64,
    /// Billing provider number (into the provider pool).
    pub provider: u64,
    /// True when this claim starts a new billing provider run.
    pub new_provider: bool,
    /// Subscriber household serial number.
    pub subscriber: u64,
    /// True when this claim starts a new subscriber.
    pub new_subscriber: bool,
    /// True when the patient is a dependent (2000C) rather than the subscriber.
    pub dependent: bool,
}

/// The sequence of claim positions. O(1) state; cloning it replays the
/// sequence from the same point.
#[derive(Clone, Debug)]
pub(crate) struct Stream {
    seed: u64,
    next_index: u64,
    provider_run: u64,
    provider: u64,
    provider_left: u64,
    subscriber: u64,
    subscriber_left: u64,
    dependent: bool,
}

impl Stream {
    pub(crate) fn new(seed: u64) -> Self {
        Stream {
            seed,
            next_index: 0,
            provider_run: 0,
            provider: 0,
            provider_left: 0,
            subscriber: 0,
            subscriber_left: 0,
            dependent: false,
        }
    }

    pub(crate) fn next_head(&mut self) -> Head {
        let mut new_provider = false;
        let mut new_subscriber = false;
        if self.provider_left == 0 {
            let mut r = Rng::keyed(self.seed, T_PROV_RUN, self.provider_run);
            self.provider_run += 1;
            self.provider = r.below(PROVIDER_POOL);
            self.provider_left = r.range(3, 24);
            self.subscriber_left = 0;
            new_provider = true;
        }
        if self.subscriber_left == 0 {
            self.subscriber += 1;
            let mut r = Rng::keyed(self.seed, T_SUB_RUN, self.subscriber);
            self.subscriber_left = r.range(1, 3).min(self.provider_left);
            self.dependent = r.chance(25);
            new_subscriber = true;
        }
        self.provider_left -= 1;
        self.subscriber_left -= 1;
        let head = Head {
            index: self.next_index,
            provider: self.provider,
            new_provider,
            subscriber: self.subscriber,
            new_subscriber,
            dependent: self.dependent,
        };
        self.next_index += 1;
        head
    }
}

pub(crate) struct Procedure {
    pub code: &'static [u8],
    pub cents_per_unit: u64,
    /// Units are 15-minute increments (1..=max_units); otherwise always 1.
    pub max_units: u64,
    /// A modifier that may be attached.
    pub modifier: Option<&'static [u8]>,
    /// Psychotherapy / E&M code that takes modifier 95 for telehealth.
    pub telehealth_95: bool,
}

impl Procedure {
    /// Units for one line: `1..=max_units` for timed codes, else 1.
    fn draw_units(&self, r: &mut Rng) -> u64 {
        if self.max_units > 1 {
            r.range(1, self.max_units)
        } else {
            1
        }
    }
}

pub(crate) const PROCEDURES: &[Procedure] = &[
    Procedure {
        code: b"H0004",
        cents_per_unit: 2500,
        max_units: 16,
        modifier: Some(b"HF"),
        telehealth_95: false,
    },
    Procedure {
        code: b"H0004",
        cents_per_unit: 2500,
        max_units: 16,
        modifier: Some(b"HE"),
        telehealth_95: false,
    },
    Procedure {
        code: b"H2015",
        cents_per_unit: 1850,
        max_units: 16,
        modifier: Some(b"HE"),
        telehealth_95: false,
    },
    Procedure {
        code: b"H2017",
        cents_per_unit: 2000,
        max_units: 16,
        modifier: None,
        telehealth_95: false,
    },
    Procedure {
        code: b"T1017",
        cents_per_unit: 2275,
        max_units: 8,
        modifier: None,
        telehealth_95: false,
    },
    Procedure {
        code: b"H0031",
        cents_per_unit: 12000,
        max_units: 1,
        modifier: Some(b"HO"),
        telehealth_95: false,
    },
    Procedure {
        code: b"90791",
        cents_per_unit: 18000,
        max_units: 1,
        modifier: None,
        telehealth_95: true,
    },
    Procedure {
        code: b"90832",
        cents_per_unit: 7500,
        max_units: 1,
        modifier: None,
        telehealth_95: true,
    },
    Procedure {
        code: b"90834",
        cents_per_unit: 11000,
        max_units: 1,
        modifier: None,
        telehealth_95: true,
    },
    Procedure {
        code: b"90837",
        cents_per_unit: 15000,
        max_units: 1,
        modifier: None,
        telehealth_95: true,
    },
    Procedure {
        code: b"90846",
        cents_per_unit: 11500,
        max_units: 1,
        modifier: None,
        telehealth_95: true,
    },
    Procedure {
        code: b"90847",
        cents_per_unit: 12000,
        max_units: 1,
        modifier: None,
        telehealth_95: true,
    },
    Procedure {
        code: b"99213",
        cents_per_unit: 9500,
        max_units: 1,
        modifier: None,
        telehealth_95: true,
    },
];

pub(crate) const MAX_LINES: usize = 4;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Line {
    pub procedure: u8,
    pub modifiers: [Option<&'static [u8]>; 2],
    pub units: u64,
    pub charge: u64,
    pub date: u16,
    /// Number of diagnosis pointers (1 = "1", 2 = "1:2").
    pub pointers: u8,
}

impl Line {
    pub(crate) fn procedure(&self) -> &'static Procedure {
        &PROCEDURES[self.procedure as usize]
    }
}

/// Number of service lines of a claim: 1..=MAX_LINES, mostly few.
fn line_count(r: &mut Rng) -> u8 {
    match r.below(100) {
        0..40 => 1,
        40..70 => 2,
        70..90 => 3,
        _ => 4,
    }
}

/// Fills `out` with 1..=3 distinct diagnoses (indexes into [`DIAGNOSES`]);
/// returns how many.
fn pick_diagnoses(r: &mut Rng, out: &mut [u8; 3]) -> u8 {
    let n = r.range(1, 3) as u8;
    let mut k = 0;
    while k < n as usize {
        let d = r.below(DIAGNOSES.len() as u64) as u8;
        if !out[..k].contains(&d) {
            out[k] = d;
            k += 1;
        }
    }
    n
}

/// First day of the week in which a claim's services fall: 8 to 90 days
/// before the file date. Services are on this day or the six after it.
fn service_week(r: &mut Rng, file_doy: u16) -> u16 {
    file_doy - r.range(8, 90) as u16
}

/// One claim's content, derived from (seed, index). Reused between claims.
#[derive(Clone, Debug, Default)]
pub(crate) struct Claim {
    pub index: u64,
    pub place: u8,
    pub onset: Option<u16>,
    pub prior_auth: Option<u64>,
    pub rendering: Option<u64>,
    pub diagnoses: [u8; 3],
    pub n_diagnoses: u8,
    pub lines: [Line; MAX_LINES],
    pub n_lines: u8,
    pub total: u64,
}

impl Claim {
    pub(crate) fn generate(&mut self, seed: u64, index: u64, file_doy: u16) {
        let mut r = Rng::keyed(seed, T_CLAIM, index);
        self.index = index;
        self.place = r.below(PLACES.len() as u64) as u8;
        self.n_lines = line_count(&mut r);
        self.n_diagnoses = pick_diagnoses(&mut r, &mut self.diagnoses);
        let base = service_week(&mut r, file_doy);
        self.onset = if r.chance(40) {
            Some(base.saturating_sub(r.range(0, 100) as u16).max(1))
        } else {
            None
        };
        self.prior_auth = if r.chance(30) {
            Some(r.range(1_000_000, 9_999_999))
        } else {
            None
        };
        self.rendering = if r.chance(60) {
            Some(r.below(RENDERING_POOL))
        } else {
            None
        };
        let tele = is_telehealth(self.place);
        self.total = 0;
        for k in 0..self.n_lines as usize {
            let p = r.below(PROCEDURES.len() as u64) as u8;
            let proc_ = &PROCEDURES[p as usize];
            let units = proc_.draw_units(&mut r);
            let mut mods = [None, None];
            let mut m = 0;
            if let Some(md) = proc_.modifier
                && r.chance(70)
            {
                mods[m] = Some(md);
                m += 1;
            }
            if tele && proc_.telehealth_95 {
                mods[m] = Some(b"95" as &[u8]);
            }
            let charge = units * proc_.cents_per_unit;
            let mut line = Line {
                procedure: p,
                modifiers: mods,
                units,
                charge,
                date: base + r.below(7) as u16,
                pointers: if self.n_diagnoses > 1 && r.chance(50) {
                    2
                } else {
                    1
                },
            };
            // A claim bills a service once per day: a repeat moves to the
            // next day of the week (a payer would deny it as a duplicate).
            while self.lines[..k].iter().any(|l| {
                (l.procedure, l.modifiers, l.units, l.date)
                    == (line.procedure, line.modifiers, line.units, line.date)
            }) {
                line.date = base + (line.date - base + 1) % 7;
            }
            self.lines[k] = line;
            self.total += charge;
        }
    }

    pub(crate) fn lines(&self) -> &[Line] {
        &self.lines[..self.n_lines as usize]
    }
}

/// A kind of behavioral-health facility that bills on the 837I. Each
/// billing provider of an 837I is one of these, for all its claims.
pub(crate) struct Facility {
    /// CLM05-1 (qualifier A): the UB-04 type of bill without its leading
    /// zero and frequency digit.
    pub type_code: &'static [u8],
    /// Billing provider taxonomy (2000A PRV03).
    pub taxonomy: &'static [u8],
    /// Replaces the second word group of the provider's name.
    pub name_kind: &'static [u8],
}

pub(crate) const FACILITIES: &[Facility] = &[
    // Clinic - community mental health center (076x); mental health clinic.
    Facility {
        type_code: b"76",
        taxonomy: b"261QM0801X",
        name_kind: b"COMMUNITY MENTAL HEALTH CENTER",
    },
    // Special facility - other (089x); substance abuse rehabilitation facility.
    Facility {
        type_code: b"89",
        taxonomy: b"324500000X",
        name_kind: b"RECOVERY CENTER",
    },
    // Hospital outpatient (013x); psychiatric hospital.
    Facility {
        type_code: b"13",
        taxonomy: b"283Q00000X",
        name_kind: b"BEHAVIORAL HOSPITAL",
    },
    // Special facility - other (089x); substance use disorder clinic.
    Facility {
        type_code: b"89",
        taxonomy: b"261QR0405X",
        name_kind: b"ADDICTION TREATMENT CLINIC",
    },
];

/// The facility kind of billing provider `provider_no` on the 837I.
pub(crate) fn facility(seed: u64, provider_no: u64) -> &'static Facility {
    let mut r = Rng::keyed(seed, T_FACILITY, provider_no);
    &FACILITIES[match r.below(100) {
        0..45 => 0,
        45..70 => 1,
        70..85 => 2,
        _ => 3,
    }]
}

/// An institutional service: a revenue code (SV201) and the HCPCS/CPT
/// procedure (SV202) billed under it.
pub(crate) struct Service {
    pub revenue: &'static [u8],
    pub procedure: Procedure,
}

const fn service(
    revenue: &'static [u8],
    code: &'static [u8],
    cents_per_unit: u64,
    max_units: u64,
    modifier: Option<&'static [u8]>,
) -> Service {
    Service {
        revenue,
        procedure: Procedure {
            code,
            cents_per_unit,
            max_units,
            modifier,
            telehealth_95: false,
        },
    }
}

/// Behavioral-health outpatient services (NUBC revenue codes 090x/091x,
/// 0513 psychiatric clinic).
pub(crate) const SERVICES: &[Service] = &[
    // 0914 individual therapy.
    service(b"0914", b"H0004", 2500, 8, Some(b"HE")),
    service(b"0914", b"90834", 11000, 1, None),
    service(b"0914", b"90837", 15000, 1, None),
    // 0915 group therapy.
    service(b"0915", b"90853", 4500, 1, None),
    service(b"0915", b"H0005", 1500, 4, Some(b"HF")),
    // 0916 family therapy.
    service(b"0916", b"90846", 11500, 1, None),
    service(b"0916", b"90847", 12000, 1, None),
    // 0919 other behavioral health: psychosocial rehabilitation, case management.
    service(b"0919", b"H2017", 2000, 16, None),
    service(b"0919", b"T1017", 2275, 8, None),
    // 0900 behavioral health, general: evaluations and assessments.
    service(b"0900", b"90791", 18000, 1, None),
    service(b"0900", b"H0031", 12000, 1, Some(b"HO")),
    // 0906 intensive outpatient, chemical dependency (per diem).
    service(b"0906", b"H0015", 22000, 1, None),
    // 0905 intensive outpatient, psychiatric (per diem).
    service(b"0905", b"S9480", 25000, 1, None),
    // 0918 testing.
    service(b"0918", b"96130", 16000, 1, None),
    // 0513 psychiatric clinic visit.
    service(b"0513", b"99213", 9500, 1, None),
];

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct InstLine {
    pub service: u8,
    pub modifier: Option<&'static [u8]>,
    pub units: u64,
    pub charge: u64,
    pub date: u16,
}

impl InstLine {
    pub(crate) fn service(&self) -> &'static Service {
        &SERVICES[self.service as usize]
    }
}

/// One institutional (837I) outpatient claim, derived from (seed, index).
/// Reused between claims.
#[derive(Clone, Debug, Default)]
pub(crate) struct InstClaim {
    pub index: u64,
    /// CL101 priority (type) of visit: 3 elective or 2 urgent.
    pub admission_type: u8,
    /// CL102 point of origin: 1 non-health-care point of origin, 2 clinic
    /// or physician's office.
    pub admission_source: u8,
    pub prior_auth: Option<u64>,
    /// Attending clinician (2310A), from the same pool as rendering ones.
    pub attending: u64,
    pub diagnoses: [u8; 3],
    pub n_diagnoses: u8,
    /// Statement covers period (DTP*434): this day and the six after it;
    /// every line's date falls inside it.
    pub from: u16,
    pub lines: [InstLine; MAX_LINES],
    pub n_lines: u8,
    pub total: u64,
}

impl InstClaim {
    pub(crate) fn generate(&mut self, seed: u64, index: u64, file_doy: u16) {
        let mut r = Rng::keyed(seed, T_INST_CLAIM, index);
        self.index = index;
        self.n_lines = line_count(&mut r);
        self.n_diagnoses = pick_diagnoses(&mut r, &mut self.diagnoses);
        self.from = service_week(&mut r, file_doy);
        self.admission_type = if r.chance(15) { 2 } else { 3 };
        self.admission_source = if r.chance(70) { 1 } else { 2 };
        self.prior_auth = if r.chance(40) {
            Some(r.range(1_000_000, 9_999_999))
        } else {
            None
        };
        self.attending = r.below(RENDERING_POOL);
        self.total = 0;
        for k in 0..self.n_lines as usize {
            let s = r.below(SERVICES.len() as u64) as u8;
            let proc_ = &SERVICES[s as usize].procedure;
            let units = proc_.draw_units(&mut r);
            let modifier = proc_.modifier.filter(|_| r.chance(70));
            let charge = units * proc_.cents_per_unit;
            let mut line = InstLine {
                service: s,
                modifier,
                units,
                charge,
                date: self.from + r.below(7) as u16,
            };
            while self.lines[..k].iter().any(|l| {
                (l.service, l.modifier, l.units, l.date)
                    == (line.service, line.modifier, line.units, line.date)
            }) {
                line.date = self.from + (line.date - self.from + 1) % 7;
            }
            self.lines[k] = line;
            self.total += charge;
        }
    }

    /// Last day of the statement covers period.
    pub(crate) fn through(&self) -> u16 {
        self.from + 6
    }

    pub(crate) fn lines(&self) -> &[InstLine] {
        &self.lines[..self.n_lines as usize]
    }
}

/// Claim id (CLM01 / CLP01): "BH" + 10 digits.
pub(crate) fn claim_id(index: u64, buf: &mut [u8; 12]) -> &[u8] {
    buf[0] = b'B';
    buf[1] = b'H';
    let mut n = index + 1;
    for i in (2..12).rev() {
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    &buf[..]
}

/// Why a line was denied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Denial {
    /// CO*197: precertification/authorization absent.
    NoAuth,
    /// CO*16 with remark N290: missing/invalid rendering provider id.
    MissingInfo,
}

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LinePay {
    pub allowed: u64,
    pub contractual: u64,
    pub coinsurance: u64,
    pub paid: u64,
    pub denial: Option<Denial>,
}

/// The payer's adjudication of a claim: integer cents throughout.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Adjudication {
    pub lines: [LinePay; MAX_LINES],
    pub paid: u64,
    pub patient_resp: u64,
}

impl Adjudication {
    pub(crate) fn compute(seed: u64, claim: &Claim) -> Self {
        let mut r = Rng::keyed(seed, T_ADJUDICATE, claim.index);
        let allow_pct = r.range(60, 100);
        let coins_pct = if r.chance(30) { 20 } else { 0 };
        let denied_line = if claim.n_lines >= 2 && r.chance(15) {
            Some(r.below(u64::from(claim.n_lines)) as usize)
        } else {
            None
        };
        let denial = if claim.prior_auth.is_none() && r.chance(50) {
            Denial::NoAuth
        } else {
            Denial::MissingInfo
        };
        let mut adj = Adjudication::default();
        for (i, line) in claim.lines().iter().enumerate() {
            let lp = if denied_line == Some(i) {
                LinePay {
                    allowed: 0,
                    contractual: line.charge,
                    coinsurance: 0,
                    paid: 0,
                    denial: Some(denial),
                }
            } else {
                let allowed = line.charge * allow_pct / 100;
                let coinsurance = allowed * coins_pct / 100;
                LinePay {
                    allowed,
                    contractual: line.charge - allowed,
                    coinsurance,
                    paid: allowed - coinsurance,
                    denial: None,
                }
            };
            adj.paid += lp.paid;
            adj.patient_resp += lp.coinsurance;
            adj.lines[i] = lp;
        }
        adj
    }
}
