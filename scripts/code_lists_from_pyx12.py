#!/usr/bin/env python3
"""Write the external code lists the guides constrain elements to.

The guides restrict some elements to lists kept outside the guide: state
and province codes (N402), country codes (N404, ISO 3166-1 alpha-2) and
currency codes (CUR02, ISO 4217). pyx12 4.0.0 ships these lists in its
BSD-licensed ``map/codes.xml``; this script copies the code values (facts,
no code) into ``schemas/code_lists/<name>.json`` as sorted JSON arrays.

Usage (from the repository root):
    python3 scripts/code_lists_from_pyx12.py           # (re)write the files
    python3 scripts/code_lists_from_pyx12.py --check   # exit 1 if stale

Place-of-service and remark codes are also in codes.xml but belong to the
code-set rules, which load their own, newer lists.
"""

import json
import os
import sys
import xml.etree.ElementTree as ET

LISTS = ("states", "country", "currency")

# Current codes the pyx12 list predates: Canada Post's NL (2002), QC and
# NU, and USPS's PW (Palau). The old NF and PQ stay, since old files use
# them.
SUPPLEMENT = {"states": {"NL", "NU", "PW", "QC"}}
OUT = os.path.join(os.path.dirname(__file__), "..", "schemas", "code_lists")


def codes_xml() -> str:
    import pyx12  # noqa: PLC0415 (only needed here)

    return os.path.join(os.path.dirname(pyx12.__file__), "map", "codes.xml")


def render() -> dict[str, str]:
    root = ET.parse(codes_xml()).getroot()
    out = {}
    for codeset in root:
        name = codeset.findtext("id")
        if name in LISTS:
            codes = {c.text.strip() for c in codeset.iter("code") if c.text}
            codes = sorted(codes | SUPPLEMENT.get(name, set()))
            out[name] = json.dumps(codes, indent=0) + "\n"
    missing = set(LISTS) - set(out)
    if missing:
        sys.exit(f"codes.xml has no code set {sorted(missing)}")
    return out


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for name, text in render().items():
        path = os.path.join(OUT, f"{name}.json")
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old == text:
            continue
        if check:
            stale.append(path)
        else:
            os.makedirs(OUT, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if stale:
        print("stale:", *stale, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
