"""Writes the synthetic 837P fixtures of fixtures/rate and the episode
file of tests/data/rate (invented names and ids, test NPI 1234567893).

    python3 scripts/rate_fixtures.py fixtures/rate tests/data/rate/episodes.x12

Each claim gets CLM02 = the sum of its SV102; claims of one payer and
member in a row share a subscriber loop; SE01 is counted.
"""
import sys, os
from decimal import Decimal

PAYERS = {
    "EXHP1": "EXAMPLE HEALTH PLAN",
    "SKCCBHC": "EXAMPLE STATE MEDICAID CCBHC",
    "EXMAC01": "EXAMPLE MEDICARE CONTRACTOR",
    "EXNOPROF": "EXAMPLE OTHER PAYER",
    "EXEPI1": "EXAMPLE EPISODE PLAN",
}

def line(code, mods=(), charge="0", units="1", date=None, auth=None):
    return dict(code=code, mods=list(mods), charge=charge, units=units, date=date, auth=auth)

def claim(cid, payer, lines, member="SYN000001", auth=None, void=False, pos="11"):
    return dict(cid=cid, payer=payer, lines=lines, member=member, auth=auth, void=void, pos=pos)

def render(claims):
    payer0 = claims[0]["payer"]
    segs = [
        "ST*837*0001*005010X222A1",
        "BHT*0019*00*BATCH0101*20260415*1030*CH",
        "NM1*41*2*NORTHWIND BEHAVIORAL HEALTH*****46*CCSUB01",
        "PER*IC*BILLING DESK*TE*5555550100",
        f"NM1*40*2*{PAYERS[payer0]}*****46*{payer0}",
        "HL*1**20*1",
        "NM1*85*2*NORTHWIND BEHAVIORAL HEALTH*****XX*1234567893",
        "N3*100 HARBOR WAY",
        "N4*BOSTON*MA*021090001",
        "REF*EI*990000001",
    ]
    hl = 1
    prev = None
    for c in claims:
        if (c["payer"], c["member"]) != prev:
          hl += 1
          prev = (c["payer"], c["member"])
          segs += [
            f"HL*{hl}*1*22*0",
            "SBR*P*18*******MC",
            f"NM1*IL*1*SAMPLE*ALEX****MI*{c['member']}" if c['member'] == "SYN000001"
            else f"NM1*IL*1*EXAMPLE*JORDAN****MI*{c['member']}",
            "N3*1 TEST LANE",
            "N4*BOSTON*MA*021090002",
            "DMG*D8*19900101*U",
            f"NM1*PR*2*{PAYERS[c['payer']]}*****PI*{c['payer']}",
        ]
        total = sum(Decimal(l["charge"]) for l in c["lines"])
        freq = "8" if c["void"] else "1"
        segs.append(f"CLM*{c['cid']}*{total}***{c['pos']}:B:{freq}*Y*A*Y*Y")
        if c["void"]:
            segs.append("REF*F8*PAYERCLAIM0001")
        if c["auth"]:
            segs.append(f"REF*G1*{c['auth']}")
        segs.append("HI*ABK:F1120")
        for i, l in enumerate(c["lines"], 1):
            proc = ":".join(["HC", l["code"]] + l["mods"])
            segs.append(f"LX*{i}")
            segs.append(f"SV1*{proc}*{l['charge']}*UN*{l['units']}***1")
            segs.append(f"DTP*472*D8*{l['date']}")
            if l["auth"]:
                segs.append(f"REF*G1*{l['auth']}")
    segs.append(f"SE*{len(segs) + 1}*0001")
    head = [
        "ISA*00*          *00*          *ZZ*CLAIMCHECKSUB  *ZZ*BHPAYER        *260415*1030*^*00501*000000101*0*T*:",
        "GS*HC*CLAIMCHECKSUB*BHPAYER*20260415*1030*101*X*005010X222A1",
    ]
    tail = ["GE*1*101", "IEA*1*000000101"]
    return "".join(s + "~\n" for s in head + segs + tail)

L = line
FIX = {}
# ---- managed care (EXHP1: monthly T2022 HF, bundles H0038/H2015/T1017, U8)
FIX["RATE001_case_rate_twice_in_month"] = [
    claim("CC-0001", "EXHP1", [L("T2022", ["HF"], "410", date="20260302"),
                               L("H0038", ["U8"], "0", "4", "20260302")]),
    claim("CC-0002", "EXHP1", [L("T2022", ["HF"], "410", date="20260320")]),
]
FIX["ok_case_rate_with_encounters"] = [
    claim("CC-0001", "EXHP1", [L("T2022", ["HF"], "410", date="20260302"),
                               L("H0038", ["U8"], "0", "4", "20260302"),
                               L("H2015", ["U8"], "0", "2", "20260316")]),
    claim("CC-0002", "EXHP1", [L("T2022", ["HF"], "410", date="20260401"),
                               L("T1017", ["U8"], "0", "2", "20260401")]),
    # Outside any case-rate month, H0038 is billed fee-for-service.
    claim("CC-0003", "EXHP1", [L("H0038", [], "40", "4", "20260505")]),
]
FIX["RATE002_case_rate_without_modifier"] = [
    claim("CC-0001", "EXHP1", [L("T2022", [], "410", date="20260302"),
                               L("H0038", ["U8"], "0", "4", "20260302")]),
]
FIX["RATE005_bundled_service_billed_in_month"] = [
    claim("CC-0001", "EXHP1", [L("T2022", ["HF"], "410", date="20260302"),
                               L("H0038", ["U8"], "0", "4", "20260302")]),
    claim("CC-0002", "EXHP1", [L("H2015", ["U8"], "40", "2", "20260316"),
                               L("H2015", ["U8"], "50", "3", "20260320")]),
    # April has no case rate: fee-for-service.
    claim("CC-0003", "EXHP1", [L("H0038", [], "40", "4", "20260406")]),
]
FIX["RATE006_encounter_without_u8"] = [
    claim("CC-0001", "EXHP1", [L("T2022", ["HF"], "410", date="20260302"),
                               L("H2015", [], "0", "2", "20260302")]),
]
# ---- CCBHC (SKCCBHC: daily T1040 PPS)
FIX["RATE003_ccbhc_daily_rate_units"] = [
    claim("CB-0001", "SKCCBHC", [L("T1040", [], "287.43", "3", "20260303"),
                                 L("90834", [], "0", "1", "20260303")]),
]
FIX["RATE005_ccbhc_visit_billed_same_day"] = [
    claim("CB-0001", "SKCCBHC", [L("T1040", [], "287.43", "1", "20260303"),
                                 L("H0004", [], "0", "2", "20260303")]),
    claim("CB-0002", "SKCCBHC", [L("90834", [], "120", "1", "20260303")]),
]
FIX["RATE007_ccbhc_rate_without_visit"] = [
    claim("CB-0001", "SKCCBHC", [L("T1040", [], "287.43", "1", "20260303"),
                                 L("90834", [], "0", "1", "20260304")]),
    # The 5th's visit is reported on another claim: it qualifies.
    claim("CB-0002", "SKCCBHC", [L("T1040", [], "287.43", "1", "20260305")]),
    claim("CB-0003", "SKCCBHC", [L("H2011", [], "0", "2", "20260305")]),
]
FIX["ok_ccbhc_daily_visits"] = [
    claim("CB-0001", "SKCCBHC", [L("T1040", [], "287.43", "1", "20260303"),
                                 L("90834", [], "0", "1", "20260303"),
                                 L("H0004", [], "0", "2", "20260303")]),
    claim("CB-0002", "SKCCBHC", [L("T1040", [], "287.43", "1", "20260304"),
                                 L("H2011", [], "0", "3", "20260304")]),
    # No daily rate on the 5th: the session is billed on its own.
    claim("CB-0003", "SKCCBHC", [L("90834", [], "120", "1", "20260305")]),
]
# ---- OTP weekly (EXMAC01)
FIX["RATE004_otp_bundle_charge"] = [
    claim("OT-0001", "EXMAC01", [L("G2067", [], "240", "1", "20260302"),
                                 L("H0004", [], "0", "2", "20260303")], pos="58"),
]
FIX["ok_otp_weekly_bundles"] = [
    claim("OT-0001", "EXMAC01", [L("G2067", [], "244.37", "1", "20260302"),
                                 L("H0004", [], "0", "2", "20260303")], pos="58"),
    claim("OT-0002", "EXMAC01", [L("G2067", [], "244.37", "1", "20260309"),
                                 L("80305", [], "0", "1", "20260311")], pos="58"),
    claim("OT-0003", "EXMAC01", [L("G2068", [], "247.23", "1", "20260316"),
                                 L("90832", [], "0", "1", "20260316")], pos="58"),
    # A void of a bundle in the first week is not counted.
    claim("OT-0004", "EXMAC01", [L("G2067", [], "244.37", "1", "20260304"),
                                 L("H0004", [], "0", "2", "20260304")], pos="58", void=True),
]
# ---- no profile: the CMS / CPT code rules
FIX["RATE008_otp_bundles_within_7_days"] = [
    claim("OT-0001", "EXNOPROF", [L("G2067", [], "244.37", "1", "20260302")], pos="58"),
    claim("OT-0002", "EXNOPROF", [L("G2068", [], "247.23", "1", "20260305")], pos="58"),
    claim("OT-0003", "EXNOPROF", [L("G2068", [], "247.23", "1", "20260312")], pos="58"),
    claim("OT-0004", "EXNOPROF", [L("G2068", [], "247.23", "1", "20260318")], pos="58"),
    # Voided: not counted.
    claim("OT-0005", "EXNOPROF", [L("G2068", [], "247.23", "1", "20260313")], pos="58", void=True),
    # Another member.
    claim("OT-0006", "EXNOPROF", [L("G2067", [], "244.37", "1", "20260303")], member="SYN000002", pos="58"),
]
FIX["RATE009_collaborative_care_twice_in_month"] = [
    claim("CO-0001", "EXNOPROF", [L("99492", [], "160", "1", "20260310")]),
    claim("CO-0002", "EXNOPROF", [L("99493", [], "130", "1", "20260407"),
                                  L("99494", [], "60", "1", "20260407")]),
    claim("CO-0003", "EXNOPROF", [L("99493", [], "130", "1", "20260428")]),
    claim("CO-0004", "EXNOPROF", [L("99493", [], "260", "2", "20260505")]),
]
FIX["ok_collaborative_care_monthly"] = [
    claim("CO-0001", "EXNOPROF", [L("99492", [], "160", "1", "20260310")]),
    claim("CO-0002", "EXNOPROF", [L("99493", [], "130", "1", "20260407"),
                                  L("99494", [], "60", "1", "20260407")]),
    claim("CO-0003", "EXNOPROF", [L("99493", [], "130", "1", "20260505")]),
    claim("CO-0004", "EXNOPROF", [L("99493", [], "130", "1", "20260406")], member="SYN000002"),
]

out = sys.argv[1]
for name, claims in FIX.items():
    with open(os.path.join(out, name + ".x12"), "w") as f:
        f.write(render(claims))

EPISODE = [
    claim("EP-0001", "EXEPI1", [L("H0015", [], "1200", "1", "20260302"),
                                L("H0004", [], "0", "4", "20260302")], auth="AUTH-A"),
    claim("EP-0002", "EXEPI1", [L("H0015", [], "1200", "1", "20260420")], auth="AUTH-A"),
    claim("EP-0003", "EXEPI1", [L("H0015", [], "1200", "1", "20260505"),
                                L("H0004", [], "0", "4", "20260505")], auth="AUTH-B"),
    claim("EP-0004", "EXEPI1", [L("H0015", [], "1200", "1", "20260601", auth="AUTH-B")]),
    claim("EP-0005", "EXEPI1", [L("H0015", [], "1200", "1", "20260701"),
                                L("H0004", [], "0", "4", "20260701")]),
]
if len(sys.argv) > 2:
    with open(sys.argv[2], "w") as f:
        f.write(render(EPISODE))
