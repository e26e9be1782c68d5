#!/usr/bin/env python3
"""Generate claimcheck implementation-guide data files from the pyx12 XML maps.

Reads the X12 maps that ship inside the installed PyPI package ``pyx12``
(version 4.0.0, BSD-3-Clause) and writes one compact JSON file per guide to
``schemas/guides/<guide>.json``.  Only facts of guide structure (loops,
segments, elements, usage, repeats, data types, lengths, code values, syntax
notes) are taken from the maps; no pyx12 code is used or imported.

Usage:
    python3 scripts/guides_from_pyx12.py            # (re)write the JSON files
    python3 scripts/guides_from_pyx12.py --check    # exit 1 if files are stale

Standard library only (Python 3.11).  See schemas/guides/README.md for the
output format.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import pathlib
import sys
import xml.etree.ElementTree as ET
from typing import Any

PYX12_VERSION = "4.0.0"

# guide id, ST01 transaction code, pyx12 map file name
GUIDES: list[tuple[str, str, str]] = [
    ("005010X222A1", "837", "837.5010.X222.A1.xml"),
    # The file name says X223.A1 but its content (name, GS08, ST03) is
    # 005010X223A2, and pyx12's maps.xml maps vriic 005010X223A2 to it.
    ("005010X223A2", "837", "837Q3.I.5010.X223.A1.xml"),
    ("005010X221A1", "835", "835.5010.X221.A1.xml"),
    ("005010X231A1", "999", "999.5010X231.A1.xml"),
    ("005010X214", "277", "277.5010.X214.xml"),
]

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "schemas" / "guides"

# Loops of the pyx12 maps that wrap the ST..SE content.  ISA_LOOP and GS_LOOP
# (the interchange / functional group envelope) are dropped: claimcheck
# validates the envelope elsewhere.
ENVELOPE_LOOPS = {"ISA_LOOP", "GS_LOOP"}
TRANSACTION_LOOP = "ST_LOOP"


class MapError(Exception):
    """The map does not have the shape this converter expects."""


# --------------------------------------------------------------------------
# locating and reading the maps


def find_map_dir(override: str | None) -> pathlib.Path:
    if override:
        path = pathlib.Path(override)
    else:
        spec = importlib.util.find_spec("pyx12")  # does not import pyx12
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(
                "pyx12 is not installed: pip install pyx12==%s" % PYX12_VERSION
            )
        path = pathlib.Path(list(spec.submodule_search_locations)[0]) / "map"
    if not (path / "dataele.xml").is_file():
        raise SystemExit("no pyx12 maps in %s" % path)
    return path


def installed_version() -> str | None:
    try:
        return importlib.metadata.version("pyx12")
    except importlib.metadata.PackageNotFoundError:
        return None


def text(node: ET.Element, tag: str) -> str | None:
    """Value of a map field, given either as a child element or an attribute."""
    value = node.get(tag)
    if value is None:
        value = node.findtext(tag)
    if value is None:
        return None
    value = " ".join(value.split())
    return value


def required(node: ET.Element, tag: str, where: str) -> str:
    value = text(node, tag)
    if value is None or value == "":
        raise MapError("%s: missing <%s>" % (where, tag))
    return value


def parse_repeat(value: str | None, where: str) -> int | None:
    """'>1' (unbounded) -> None, digits -> int."""
    if value is None:
        raise MapError("%s: missing repeat/max_use" % where)
    if value == ">1":
        return None
    if not value.isdigit() or int(value) < 1:
        raise MapError("%s: bad repeat %r" % (where, value))
    return int(value)


def parse_usage(value: str | None, where: str) -> str:
    if value not in ("R", "S", "N"):
        raise MapError("%s: bad usage %r" % (where, value))
    return value


def load_data_elements(map_dir: pathlib.Path) -> dict[str, dict[str, Any]]:
    root = ET.parse(map_dir / "dataele.xml").getroot()
    out: dict[str, dict[str, Any]] = {}
    for node in root.iter("data_ele"):
        num = node.get("ele_num")
        if not num:
            continue
        out[num] = {
            "data_type": node.get("data_type"),
            "min_len": int(node.get("min_len", "0")),
            "max_len": int(node.get("max_len", "0")),
            "name": node.get("name"),
        }
    return out


# --------------------------------------------------------------------------
# conversion


class Converter:
    def __init__(self, data_elements: dict[str, dict[str, Any]]):
        self.dataele = data_elements

    def element(self, node: ET.Element, ref: str, where: str) -> dict[str, Any]:
        num = required(node, "data_ele", where)
        if num not in self.dataele:
            raise MapError("%s: data element %s not in dataele.xml" % (where, num))
        de = self.dataele[num]
        codes: list[str] | None = None
        code_list: str | None = None
        valid = node.find("valid_codes")
        if valid is not None:
            code_list = valid.get("external") or None
            values = [" ".join((c.text or "").split()) for c in valid.findall("code")]
            values = [v for v in values if v]
            if values:
                codes = list(dict.fromkeys(values))  # keep map order, drop dups
        regex = text(node, "regex") or None
        return {
            "ref": ref,
            "name": text(node, "name") or de["name"],
            "usage": parse_usage(text(node, "usage"), where),
            "data_ele": num,
            "data_type": de["data_type"],
            "min_len": de["min_len"],
            "max_len": de["max_len"],
            "max_repeat": self.element_repeat(node, where),
            "codes": codes,
            "code_list": code_list,
            "regex": regex,
            "components": None,
        }

    @staticmethod
    def element_repeat(node: ET.Element, where: str) -> int | None:
        value = text(node, "repeat")
        if value is None:
            return 1
        return parse_repeat(value, where)

    def composite(self, node: ET.Element, ref: str, where: str) -> dict[str, Any]:
        components = []
        subs = [c for c in node if c.tag == "element"]
        usage = parse_usage(text(node, "usage"), where)
        if not subs and usage != "N":
            # Not-used composites (REF04, PRV05, ...) come without components:
            # they are written with "components": [].
            raise MapError("%s: used composite without components" % where)
        for i, sub in enumerate(subs, 1):
            seq = int(required(sub, "seq", where))
            if seq != i:
                raise MapError("%s: component seq %d at position %d" % (where, seq, i))
            sub_ref = "%s-%02d" % (ref, seq)
            xid = sub.get("xid")
            if xid and xid != sub_ref:
                raise MapError("%s: component xid %s != %s" % (where, xid, sub_ref))
            components.append(self.element(sub, sub_ref, "%s/%s" % (where, sub_ref)))
        return {
            "ref": ref,
            "name": text(node, "name"),
            "usage": usage,
            "data_ele": required(node, "data_ele", where),
            "data_type": None,
            "min_len": None,
            "max_len": None,
            "max_repeat": self.element_repeat(node, where),
            "codes": None,
            "code_list": None,
            "regex": None,
            "components": components,
        }

    def segment(self, node: ET.Element, where: str) -> dict[str, Any]:
        seg_id = node.get("xid")
        if not seg_id:
            raise MapError("%s: segment without xid" % where)
        where = "%s/%s" % (where, seg_id)
        elements = []
        children = [c for c in node if c.tag in ("element", "composite")]
        for i, child in enumerate(children, 1):
            seq = int(required(child, "seq", where))
            if seq != i:
                raise MapError("%s: element seq %d at position %d" % (where, seq, i))
            ref = "%s%02d" % (seg_id, seq)
            xid = child.get("xid")
            # 999 map: composites carry no xid; the ref is derived from seq.
            if xid and xid != ref:
                raise MapError("%s: xid %s != %s" % (where, xid, ref))
            if child.tag == "composite":
                elements.append(self.composite(child, ref, "%s/%s" % (where, ref)))
            else:
                elements.append(self.element(child, ref, "%s/%s" % (where, ref)))
        return {
            "kind": "segment",
            "id": seg_id,
            "name": text(node, "name"),
            "usage": parse_usage(text(node, "usage"), where),
            "max_repeat": parse_repeat(text(node, "max_use"), where),
            "pos": int(required(node, "pos", where)),
            "syntax": [" ".join((s.text or "").split()) for s in node.findall("syntax")],
            "elements": elements,
        }

    def loop(self, node: ET.Element, where: str) -> dict[str, Any] | None:
        loop_id = node.get("xid")
        if not loop_id:
            raise MapError("%s: loop without xid" % where)
        where = "%s/%s" % (where, loop_id) if where else loop_id
        children = []
        for child in node:
            if child.tag == "segment":
                children.append(self.segment(child, where))
            elif child.tag == "loop":
                sub = self.loop(child, where)
                if sub is not None:
                    children.append(sub)
        if not children:
            # Empty table wrappers (e.g. FOOTER of the 837 maps, DETAIL and
            # FOOTER of the 999 map, all usage N) carry nothing: drop them.
            return None
        return {
            "kind": "loop",
            "id": loop_id,
            "name": text(node, "name"),
            "usage": parse_usage(text(node, "usage"), where),
            "max_repeat": parse_repeat(text(node, "repeat"), where),
            "pos": int(required(node, "pos", where)),
            "wrapper": node.get("type") in ("wrapper", "explicit"),
            "children": children,
        }


def find_transaction_loop(root: ET.Element) -> ET.Element:
    """The ST_LOOP, reached through the ISA_LOOP/GS_LOOP envelope."""
    node = root
    path = []
    while True:
        loops = [c for c in node if c.tag == "loop"]
        st = [c for c in loops if c.get("xid") == TRANSACTION_LOOP]
        if st:
            return st[0]
        env = [c for c in loops if c.get("xid") in ENVELOPE_LOOPS]
        if len(env) != 1:
            raise MapError("no %s under %s" % (TRANSACTION_LOOP, "/".join(path) or "root"))
        node = env[0]
        path.append(node.get("xid") or "?")


def envelope_codes(root: ET.Element, ref: str) -> list[str]:
    for el in root.iter("element"):
        if el.get("xid") == ref:
            return [c.text or "" for c in el.iter("code")]
    return []


def convert(map_dir: pathlib.Path, guide: str, transaction: str, map_file: str,
            conv: Converter, version: str) -> dict[str, Any]:
    root = ET.parse(map_dir / map_file).getroot()
    gs08 = envelope_codes(root, "GS08")
    st03 = envelope_codes(root, "ST03")
    if guide not in gs08 + st03:
        raise MapError("%s: GS08 %s / ST03 %s do not name %s" % (map_file, gs08, st03, guide))
    st01 = envelope_codes(root, "ST01")
    if st01 != [transaction]:
        raise MapError("%s: ST01 codes %s, expected %s" % (map_file, st01, transaction))
    tx = conv.loop(find_transaction_loop(root), "")
    assert tx is not None
    return {
        "guide": guide,
        "transaction": transaction,
        "name": text(root, "name"),
        "source": "pyx12 %s map %s (BSD-3-Clause)" % (version, map_file),
        "root": tx,
    }


# Guide facts the pyx12 maps leave out, applied after conversion:
# (guide, loop id, segment id, element ref, field, value, why).
OVERRIDES = [
    ("005010X222A1", "2010AA", "N4", "N403", "regex", "[0-9]{9}",
     "837P TR3 2010AA N403: the billing provider's ZIP code must be the full"
     " nine digits (the 837I map says so; the 837P map omits it)"),
]


def apply_overrides(doc: dict[str, Any]) -> None:
    for guide, loop_id, seg_id, ref, field, value, _why in OVERRIDES:
        if doc["guide"] != guide:
            continue
        hits = 0
        for path, node in walk(doc["root"]):
            if node.get("kind") != "segment" or node["id"] != seg_id or path[-1] != loop_id:
                continue
            for el in node["elements"]:
                if el["ref"] == ref:
                    el[field] = value
                    hits += 1
        if hits == 0:
            raise MapError("override %s %s %s %s found nothing" % (guide, loop_id, seg_id, ref))


def dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------
# sanity checks (read the generated structure, not the XML)


def walk(loop: dict[str, Any], path: tuple[str, ...] = ()):
    """Yield (path, node) for every loop and segment, depth first."""
    here = path + (loop["id"],)
    yield path, loop
    for child in loop["children"]:
        if child["kind"] == "loop":
            yield from walk(child, here)
        else:
            yield here, child


def first_segment(loop: dict[str, Any]) -> dict[str, Any] | None:
    first = loop["children"][0]
    return first if first["kind"] == "segment" else None


def segment_key(seg: dict[str, Any]) -> tuple[str, list[str]] | None:
    """Element whose code values tell same-ID segments / loops apart.

    HL: HL03.  Otherwise the first element when it is an ID element with
    codes, or the first component of a composite first element when that
    component has codes (SVC01-01, IK401-01, CTX01-01).  None: the segment
    ID alone identifies it.
    """
    els = seg["elements"]
    if not els:
        return None
    if seg["id"] == "HL" and len(els) >= 3 and els[2]["codes"]:
        return els[2]["ref"], els[2]["codes"]
    e0 = els[0]
    if e0["components"]:
        c0 = e0["components"][0]
        if c0["codes"]:
            return c0["ref"], c0["codes"]
        return None
    if e0["data_type"] == "ID" and e0["codes"]:
        return e0["ref"], e0["codes"]
    return None


def counts(doc: dict[str, Any]) -> dict[str, int]:
    c = {"loops": 0, "segments": 0, "elements": 0, "composites": 0,
         "components": 0, "code_values": 0}
    for _, node in walk(doc["root"]):
        if node["kind"] == "loop":
            c["loops"] += 1
            continue
        c["segments"] += 1
        for el in node["elements"]:
            c["elements"] += 1
            if el["components"]:
                c["composites"] += 1
                c["components"] += len(el["components"])
                for comp in el["components"]:
                    c["code_values"] += len(comp["codes"] or [])
            else:
                c["code_values"] += len(el["codes"] or [])
    return c


# loop id -> (allowed parent loop ids, first segment id, qualifier codes or None)
EXPECT_837P = {
    "1000A": ({"HEADER"}, "NM1", {"41"}),
    "1000B": ({"HEADER"}, "NM1", {"40"}),
    "2000A": ({"DETAIL"}, "HL", {"20"}),
    "2010AA": ({"2000A"}, "NM1", {"85"}),
    "2010AB": ({"2000A"}, "NM1", {"87"}),
    "2010AC": ({"2000A"}, "NM1", {"PE"}),
    "2000B": ({"2000A"}, "HL", {"22"}),
    "2010BA": ({"2000B"}, "NM1", {"IL"}),
    "2010BB": ({"2000B"}, "NM1", {"PR"}),
    "2000C": ({"2000B"}, "HL", {"23"}),
    "2010CA": ({"2000C"}, "NM1", {"QC"}),
    "2300": ({"2000B", "2000C"}, "CLM", None),
    "2310A": ({"2300"}, "NM1", {"DN", "P3"}),
    "2310B": ({"2300"}, "NM1", {"82"}),
    "2310C": ({"2300"}, "NM1", {"77"}),
    "2310D": ({"2300"}, "NM1", {"DQ"}),
    "2310E": ({"2300"}, "NM1", {"PW"}),
    "2310F": ({"2300"}, "NM1", {"45"}),
    "2320": ({"2300"}, "SBR", {"A", "B", "C", "D", "E", "F", "G", "H", "P", "S", "T", "U"}),
    "2330A": ({"2320"}, "NM1", {"IL"}),
    "2330B": ({"2320"}, "NM1", {"PR"}),
    "2330C": ({"2320"}, "NM1", {"DN", "P3"}),
    "2330D": ({"2320"}, "NM1", {"82"}),
    "2330E": ({"2320"}, "NM1", {"77"}),
    "2330F": ({"2320"}, "NM1", {"DQ"}),
    "2330G": ({"2320"}, "NM1", {"85"}),
    "2400": ({"2300"}, "LX", None),
    "2410": ({"2400"}, "LIN", None),
    "2420A": ({"2400"}, "NM1", {"82"}),
    "2420B": ({"2400"}, "NM1", {"QB"}),
    "2420C": ({"2400"}, "NM1", {"77"}),
    "2420D": ({"2400"}, "NM1", {"DQ"}),
    "2420E": ({"2400"}, "NM1", {"DK"}),
    "2420F": ({"2400"}, "NM1", {"DN", "P3"}),
    "2420G": ({"2400"}, "NM1", {"PW"}),
    "2420H": ({"2400"}, "NM1", {"45"}),
    "2430": ({"2400"}, "SVD", None),
    "2440": ({"2400"}, "LQ", {"AS", "UT"}),
}

EXPECT_837I = {
    "1000A": ({"HEADER"}, "NM1", {"41"}),
    "1000B": ({"HEADER"}, "NM1", {"40"}),
    "2000A": ({"DETAIL"}, "HL", {"20"}),
    "2010AA": ({"2000A"}, "NM1", {"85"}),
    "2010AB": ({"2000A"}, "NM1", {"87"}),
    "2010AC": ({"2000A"}, "NM1", {"PE"}),
    "2000B": ({"2000A"}, "HL", {"22"}),
    "2010BA": ({"2000B"}, "NM1", {"IL"}),
    "2010BB": ({"2000B"}, "NM1", {"PR"}),
    "2000C": ({"2000B"}, "HL", {"23"}),
    "2010CA": ({"2000C"}, "NM1", {"QC"}),
    "2300": ({"2000B", "2000C"}, "CLM", None),
    "2310A": ({"2300"}, "NM1", {"71"}),
    "2310B": ({"2300"}, "NM1", {"72"}),
    "2310C": ({"2300"}, "NM1", {"ZZ"}),
    "2310D": ({"2300"}, "NM1", {"82"}),
    "2310E": ({"2300"}, "NM1", {"77"}),
    "2310F": ({"2300"}, "NM1", {"DN"}),
    "2320": ({"2300"}, "SBR", {"A", "B", "C", "D", "E", "F", "G", "H", "P", "S", "T", "U"}),
    "2330A": ({"2320"}, "NM1", {"IL"}),
    "2330B": ({"2320"}, "NM1", {"PR"}),
    "2330C": ({"2320"}, "NM1", {"71"}),
    "2330D": ({"2320"}, "NM1", {"72"}),
    "2330E": ({"2320"}, "NM1", {"ZZ"}),
    "2330F": ({"2320"}, "NM1", {"77"}),
    "2330G": ({"2320"}, "NM1", {"82"}),
    "2330H": ({"2320"}, "NM1", {"DN"}),
    "2330I": ({"2320"}, "NM1", {"85"}),
    "2400": ({"2300"}, "LX", None),
    "2410": ({"2400"}, "LIN", None),
    "2420A": ({"2400"}, "NM1", {"72"}),
    "2420B": ({"2400"}, "NM1", {"ZZ"}),
    "2420C": ({"2400"}, "NM1", {"82"}),
    "2420D": ({"2400"}, "NM1", {"DN"}),
    "2430": ({"2400"}, "SVD", None),
}

EXPECT_835 = {
    "HEADER": ({"ST_LOOP"}, "BPR", {"C", "D", "H", "I", "P", "U", "X"}),
    "1000A": ({"HEADER"}, "N1", {"PR"}),
    "1000B": ({"HEADER"}, "N1", {"PE"}),
    "2000": ({"DETAIL"}, "LX", None),
    "2100": ({"2000"}, "CLP", None),
    "2110": ({"2100"}, "SVC", {"AD", "ER", "HC", "HP", "IV", "N4", "N6", "NU", "UI", "WK"}),
    "FOOTER": ({"ST_LOOP"}, "PLB", None),
}

EXPECT_999 = {
    "HEADER": ({"ST_LOOP"}, "AK1", None),
    "2000": ({"HEADER"}, "AK2", None),
    "2100": ({"2000"}, "IK3", None),
    "2110": ({"2100"}, "IK4", None),
}

EXPECT_277CA = {
    "HEADER": ({"ST_LOOP"}, "BHT", None),
    "2000A": ({"DETAIL"}, "HL", {"20"}),
    "2100A": ({"2000A"}, "NM1", {"AY", "PR"}),
    "2200A": ({"2000A"}, "TRN", {"1"}),
    "2000B": ({"2000A"}, "HL", {"21"}),
    "2100B": ({"2000B"}, "NM1", {"41"}),
    "2200B": ({"2000B"}, "TRN", {"2"}),
    "2000C": ({"2000B"}, "HL", {"19"}),
    "2100C": ({"2000C"}, "NM1", {"85"}),
    "2200C": ({"2000C"}, "TRN", {"1"}),
    "2000D": ({"2000C"}, "HL", {"PT"}),
    "2100D": ({"2000D"}, "NM1", {"QC"}),
    "2200D": ({"2000D"}, "TRN", {"2"}),
    "2220D": ({"2200D"}, "SVC", {"AD", "ER", "HC", "HP", "IV", "NU", "WK"}),
}

EXPECT = {
    "005010X222A1": EXPECT_837P,
    "005010X223A2": EXPECT_837I,
    "005010X221A1": EXPECT_835,
    "005010X231A1": EXPECT_999,
    "005010X214": EXPECT_277CA,
}


def check_expected(doc: dict[str, Any], expect: dict[str, tuple]) -> list[str]:
    problems = []
    seen: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = {}
    for path, node in walk(doc["root"]):
        if node["kind"] == "loop":
            seen.setdefault(node["id"], []).append((path, node))
    for loop_id, (parents, seg_id, quals) in expect.items():
        found = seen.get(loop_id)
        if not found:
            problems.append("%s: loop missing" % loop_id)
            continue
        for path, loop in found:
            where = "/".join(path + (loop_id,))
            if not path or path[-1] not in parents:
                problems.append("%s: parent %s, expected one of %s"
                                % (where, path[-1] if path else None, sorted(parents)))
            seg = first_segment(loop)
            if seg is None or seg["id"] != seg_id:
                problems.append("%s: first segment %s, expected %s"
                                % (where, seg and seg["id"], seg_id))
                continue
            if quals is not None:
                key = segment_key(seg)
                got = set(key[1]) if key else set()
                if not got or not got <= quals:
                    problems.append("%s: %s qualifiers %s, expected within %s"
                                    % (where, seg_id, sorted(got), sorted(quals)))
    return problems


def describe_loops(doc: dict[str, Any]) -> list[str]:
    """One line per distinct loop id: first segment and its qualifier."""
    lines = []
    done = set()
    for path, node in walk(doc["root"]):
        if node["kind"] != "loop" or node["id"] in done:
            continue
        done.add(node["id"])
        seg = first_segment(node)
        if seg is None:
            first = "(loop %s)" % node["children"][0]["id"]
        else:
            key = segment_key(seg)
            first = seg["id"] + ("*" + "|".join(key[1]) + " (" + key[0] + ")" if key else "")
        rep = "unbounded" if node["max_repeat"] is None else node["max_repeat"]
        lines.append("    %-8s %-7s %s %s repeat=%s  %s"
                     % (node["id"], path[-1] if path else "-", node["usage"],
                        first, rep, node["name"]))
    return lines


def lint(doc: dict[str, Any]) -> list[str]:
    """Structural oddities: ambiguous siblings, order, usage of first segments."""
    notes = []
    for path, loop in walk(doc["root"]):
        if loop["kind"] != "loop":
            continue
        where = "/".join(path + (loop["id"],))
        # segment id -> [(label, qualifier codes or None)] for the segments of
        # this loop and the first segments of its child loops
        keys: dict[str, list[tuple[str, set[str] | None]]] = {}
        last_pos = -1
        first = True
        for child in loop["children"]:
            if child["kind"] == "segment":
                if first and child["usage"] != "R" and not loop["wrapper"]:
                    notes.append("%s: first segment %s has usage %s (loop usage %s)"
                                 % (where, child["id"], child["usage"], loop["usage"]))
                key = segment_key(child)
                keys.setdefault(child["id"], []).append(
                    ("segment " + child["name"], set(key[1]) if key else None))
                pos = child["pos"]
                if pos < last_pos and not loop["wrapper"]:
                    notes.append("%s: segment %s pos %d after pos %d"
                                 % (where, child["id"], pos, last_pos))
                last_pos = max(last_pos, pos)
            else:
                seg = first_segment(child)
                if seg is not None:
                    key = segment_key(seg)
                    keys.setdefault(seg["id"], []).append(
                        ("loop " + child["id"], set(key[1]) if key else None))
            first = False
        for seg_id, entries in keys.items():
            for i in range(len(entries)):
                for j in range(i + 1, len(entries)):
                    (na, ka), (nb, kb) = entries[i], entries[j]
                    if ka is None or kb is None or ka & kb:
                        notes.append("%s: %s '%s' vs '%s' not told apart by codes%s"
                                     % (where, seg_id, na, nb,
                                        "" if ka is None or kb is None
                                        else " (shared %s)" % sorted(ka & kb)))
    return notes


# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--map-dir", help="pyx12 map folder (default: installed package)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if any output file differs")
    parser.add_argument("--any-version", action="store_true",
                        help="accept a pyx12 version other than %s" % PYX12_VERSION)
    args = parser.parse_args(argv)

    version = installed_version() if not args.map_dir else PYX12_VERSION
    if version != PYX12_VERSION and not args.any_version:
        print("pyx12 %s installed, %s expected (pip install pyx12==%s, or --any-version)"
              % (version, PYX12_VERSION, PYX12_VERSION), file=sys.stderr)
        return 2
    map_dir = find_map_dir(args.map_dir)
    out_dir = pathlib.Path(args.out)
    conv = Converter(load_data_elements(map_dir))
    print("pyx12 %s maps: %s" % (version, map_dir))

    stale = []
    failed = False
    for guide, transaction, map_file in GUIDES:
        doc = convert(map_dir, guide, transaction, map_file, conv, version or "?")
        apply_overrides(doc)
        data = dump(doc)
        target = out_dir / ("%s.json" % guide)
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != data:
                stale.append(str(target))
        else:
            out_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(data, encoding="utf-8")

        c = counts(doc)
        print("\n%s (%s, %s) -> %s, %d bytes" % (guide, transaction, map_file,
                                                target.name, len(data.encode())))
        print("  loops %(loops)d, segments %(segments)d, elements %(elements)d "
              "(composites %(composites)d, components %(components)d), "
              "code values %(code_values)d" % c)
        print("  loops (id, parent, usage, first segment*qualifiers, repeat, name):")
        for line in describe_loops(doc):
            print(line)
        problems = check_expected(doc, EXPECT[guide])
        if problems:
            failed = True
            print("  EXPECTED LOOPS: %d problem(s)" % len(problems))
            for p in problems:
                print("    FAIL " + p)
        else:
            print("  expected loops: OK (%d loop ids: parent, first segment, qualifiers)"
                  % len(EXPECT[guide]))
        notes = lint(doc)
        if notes:
            print("  notes (%d):" % len(notes))
            for n in notes:
                print("    " + n)

    if args.check and stale:
        print("\nstale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except MapError as exc:
        print("map error: %s" % exc, file=sys.stderr)
        sys.exit(2)
