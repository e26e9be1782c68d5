#!/usr/bin/env python3
"""Mutation harness: does claimcheck flag every mutation that pyx12 flags?

Generates valid base files with the repository's generator (``examples/synth``),
applies one random, seeded mutation to each copy, validates every mutant with
the reference validator pyx12 4.0.0 (in-process, several worker processes) and
with claimcheck (one ``validate --format json`` run over the directory of all
mutants), and reports the *catch rate*: of the mutants pyx12 flags, the share
claimcheck flags too.  The project's acceptance bar is a catch rate >= 99%.

Usage (from the repository root; the machine has 2 cores, keep --jobs 2):
    python3 scripts/mutation_harness.py --count 300            # quick run, 300 per kind
    python3 scripts/mutation_harness.py --count 1000 --json /tmp/mh.json
    python3 scripts/mutation_harness.py --kinds 835 --count 200 --keep /tmp/mutants
Options:
    --kinds LIST       837p,835,837i (default all three; a kind that the synth
                       example rejects is skipped with a note)
    --seeds LIST       synth seeds of the base files, e.g. 1,2,3 (default 1,2,3);
                       each mutant copies one of them
    --size SIZE        synth --size of the base files (default 30KB)
    --count N          mutants per kind (default 1000)
    --seed N           seed of the mutation RNG (default 1).  Mutant i of a kind
                       depends only on (seed, kind, i), so a larger --count
                       keeps the smaller run's mutants
    --jobs N           pyx12 worker processes, and claimcheck --jobs (default 2)
    --keep DIR         keep base files, mutants and manifest.json in DIR
                       (otherwise a temporary directory is removed at the end)
    --min-catch F      exit 1 when the catch rate is below F (default 0.99)
    --claimcheck PATH  claimcheck binary (default target/release/claimcheck; when
                       the default is missing it is built with cargo build --release)
    --synth PATH       prebuilt synth example binary instead of
                       ``cargo run --release --example synth --``
    --json FILE        write a JSON summary (totals, per-kind counts, every
                       miss and every claimcheck-only finding, all mutants)
    --pyx12-timeout S  seconds per pyx12 run before it is abandoned (default 120)

Exit status: 0 catch rate >= --min-catch; 1 below it; 2 the harness could not
run (no base file, a base file not clean, claimcheck missing, ...).

Verdicts
--------
pyx12 flags a file when it logs any ERROR line, or cannot validate it at all
(EngineError/X12Error, e.g. no ISA; UnicodeDecodeError on non-ASCII bytes) --
the same count rule as scripts/pyx12_errors.py.  The line "Failed to create
999 response" is pyx12's own 999 writer crashing (it happens for every 835
without ST03) and is ignored, as pyx12_errors.py's ``ack_crash``.  Any other
Python exception inside pyx12, or a run over --pyx12-timeout, is reported as a
pyx12 crash and left out of the catch rate.

claimcheck flags a file when it reports a finding of severity "error" for it
(warnings are shown, not counted).  A file claimcheck could not read at all
(it prints "claimcheck: error: cannot read ..." and leaves it out of the JSON)
counts as flagged and is listed.

pyx12 is called as scripts/pyx12_errors.py calls it (pyx12's own entry point
``pyx12.x12n_document.x12n_document`` with default params, external code lists
checked, a throwaway 999 output), but in long-lived worker processes instead of
one subprocess per file, with only a logging handler attached (no wrappers),
since only the ERROR lines are needed.  pyx12 loads its map afresh for every
document, so no state carries over from one file to the next.

Mutations (one per mutant; the text describes it, segment numbers are 1-based
ordinals in the file, ISA = 1, as pyx12's "Line:N"):
    drop_segment       drop a non-envelope segment                "drop seg 14 N4"
    drop_envelope      (rare) drop ISA/GS/ST/SE/GE/IEA            "drop envelope seg 3 ST"
    empty_element      empty an element or a component (trailing  "empty seg 20 CLM05-01 ('11')"
                       empties trimmed, so it is "missing")
    overlong           value past the element's maximum length (from pyx12's
                       dataele.xml): by exactly 1, or by 40-200 characters
    bad_date           a date (DT elements; D8/RD8 periods): month 13, Feb 30,
                       day 32, month 00, letters
    bad_time           a time (TM elements): hour 25, minute 60, letters
    wrong_qualifier    first element (or first component) of NM1/REF/DTP/N1/CAS/
                       DTM/PER/AMT/HI/SV1/... replaced by a code the guide uses
                       for it elsewhere, or by an unknown code
    bad_code           another coded (ID) element set to an unknown code
    extra_segment      duplicate a segment, or insert an unknown one (nonsense
                       id or a real X12 segment foreign to the guide)
    swap_segments      swap two adjacent segments (sometimes two far apart)
    bad_numeric        R/N0/N2 element with a malformed number
    extra_element      a value past the last element the guide defines
    not_used_element   a value in an element every occurrence marks Not Used
    envelope_mismatch  SE01/SE02/GE01/GE02/IEA01/IEA02/ST02 altered
    hl_structure       HL01/HL02/HL03/HL04 altered
    bad_char           control character or non-ASCII byte inside a value
    trailing_sep       a segment ended with an empty element separator
    too_short          value cut below the element's minimum length
    trailing_space     AN/ID value followed by 1-3 spaces
    stray_separator    component or repetition separator inside a simple element
    merge_segments     terminator between two segments dropped
    isa_field          ISA width, version, usage, qualifier or delimiter broken
    envelope_element   a GS/ST/SE/GE/IEA (rarely ISA) element emptied, too long,
                       too short, trailing space, control character, lower case
bad_code lower-cases a code 30% of the time; envelope_mismatch also alters
ST03/GS08 (another guide version).
When a mutation changes the number of segments (drop_segment, extra_segment,
merge_segments), SE01 is corrected in 90% of cases so the mutation exercises
the guide-level checks, and left stale in 10% ("(SE01 stale)" in the text).

Python 3.11, standard library plus pyx12 4.0.0.
"""

from __future__ import annotations

import argparse
import collections
import importlib.resources
import json
import multiprocessing
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Callable

PYX12_VERSION = "4.0.0"
REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_CLAIMCHECK = REPO_ROOT / "target" / "release" / "claimcheck"
ACK_CRASH_TEXT = "Failed to create 999 response"
NO_CUR_SEG = "No current segment in error_handler. "
ENVELOPE = frozenset({"ISA", "GS", "ST", "SE", "GE", "IEA"})
ALL_KINDS = ("837p", "835", "837i")

# mutation kind -> weight
WEIGHTS: dict[str, int] = {
    "drop_segment": 10,
    "drop_envelope": 1,
    "empty_element": 10,
    "overlong": 9,
    "bad_date": 8,
    "bad_time": 2,
    "wrong_qualifier": 10,
    "bad_code": 6,
    "extra_segment": 10,
    "swap_segments": 6,
    "bad_numeric": 6,
    "extra_element": 4,
    "not_used_element": 4,
    "envelope_mismatch": 4,
    "hl_structure": 4,
    "bad_char": 3,
    "trailing_sep": 2,
    "too_short": 5,
    "trailing_space": 3,
    "stray_separator": 3,
    "merge_segments": 3,
    "isa_field": 2,
    "envelope_element": 4,
}
STALE_SE01_SHARE = 0.10


# ==========================================================================
# The guide, as pyx12's own map describes it
# ==========================================================================

@dataclass
class ElemInfo:
    """Union over every occurrence of one element reference (e.g. NM101) in a guide."""
    data_types: set[str] = field(default_factory=set)
    min_len: int = 1
    max_len: int = 0
    codes: set[str] = field(default_factory=set)
    external: set[str] = field(default_factory=set)
    usages: set[str] = field(default_factory=set)
    data_eles: set[str] = field(default_factory=set)
    composite: bool = False


class Guide:
    def __init__(self, map_file: str) -> None:
        root = importlib.resources.files("pyx12").joinpath("map")
        dataele: dict[str, tuple[str, int, int]] = {}
        for de in ET.parse(root.joinpath("dataele.xml").open("rb")).getroot().iter("data_ele"):
            dataele[de.get("ele_num", "")] = (de.get("data_type", "AN"),
                                              int(de.get("min_len", "1")), int(de.get("max_len", "1")))
        self.map_file = map_file
        self.elems: dict[str, ElemInfo] = collections.defaultdict(ElemInfo)
        self.max_seq: dict[str, int] = collections.defaultdict(int)
        self.segments: set[str] = set()
        tree = ET.parse(root.joinpath(map_file).open("rb")).getroot()
        for seg in tree.iter("segment"):
            sid = seg.get("xid", "")
            self.segments.add(sid)
            for child in seg:
                if child.tag not in ("element", "composite"):
                    continue
                ref = child.get("xid", "")
                seq = int(child.findtext("seq", "0"))
                self.max_seq[sid] = max(self.max_seq[sid], seq)
                info = self.elems[ref]
                info.usages.add(child.findtext("usage", ""))
                if child.tag == "composite":
                    info.composite = True
                    for sub in child.findall("element"):
                        self._add_element(self.elems[sub.get("xid", "")], sub, dataele)
                else:
                    self._add_element(info, child, dataele)

    @staticmethod
    def _add_element(info: ElemInfo, el: ET.Element, dataele: dict[str, tuple[str, int, int]]) -> None:
        de = el.findtext("data_ele", "")
        info.data_eles.add(de)
        info.usages.add(el.findtext("usage", ""))
        if de in dataele:
            t, mn, mx = dataele[de]
            info.data_types.add(t)
            info.min_len = mn if not info.max_len else min(info.min_len, mn)
            info.max_len = max(info.max_len, mx)
        vc = el.find("valid_codes")
        if vc is not None:
            if vc.get("external"):
                info.external.add(vc.get("external", ""))
            info.codes.update(c.text or "" for c in vc.findall("code"))

    def ref(self, sid: str, j: int, k: int | None = None) -> str:
        """Element reference of element j (component k) of segment sid."""
        base = f"{sid}{j:02d}"
        if sid != "ISA" and (k is not None or self.elems.get(base, ElemInfo()).composite):
            return f"{base}-{(k or 1):02d}"
        return base

    def info(self, sid: str, j: int, k: int | None = None) -> ElemInfo | None:
        return self.elems.get(self.ref(sid, j, k))


# ==========================================================================
# An X12 document as a list of segments (lists of element strings)
# ==========================================================================

class Doc:
    def __init__(self, text: str) -> None:
        if not text.startswith("ISA") or len(text) < 106:
            raise ValueError("not an X12 interchange")
        self.ele = text[3]
        self.rep = text[82]
        self.comp = text[104]
        self.term = text[105]
        self.suffix = "\n" if text[106:107] == "\n" else ""
        self.segs: list[list[str]] = []
        for raw in text.split(self.term):
            raw = raw.strip("\r\n")
            if raw:
                self.segs.append(raw.split(self.ele))

    def copy(self) -> "Doc":
        d = Doc.__new__(Doc)
        d.ele, d.rep, d.comp, d.term, d.suffix = self.ele, self.rep, self.comp, self.term, self.suffix
        d.segs = [list(s) for s in self.segs]
        return d

    def text(self) -> str:
        return "".join(self.ele.join(s) + self.term + self.suffix for s in self.segs)

    def ids(self) -> list[str]:
        return [s[0] for s in self.segs]

    def fix_se01(self) -> None:
        st = None
        for i, s in enumerate(self.segs):
            if s[0] == "ST":
                st = i
            elif s[0] == "SE" and st is not None:
                while len(s) < 2:
                    s.append("")
                s[1] = str(i - st + 1)
                st = None


def trim_trailing(values: list[str], keep: int) -> list[str]:
    while len(values) > keep and values[-1] == "":
        values.pop()
    return values


# ==========================================================================
# Mutations: each returns a description, or None when it does not apply
# ==========================================================================

class Mutator:
    def __init__(self, doc: Doc, guide: Guide, rng: random.Random) -> None:
        self.doc, self.guide, self.rng = doc, guide, rng
        self.count_changed = False

    # -- helpers -----------------------------------------------------------
    def seg_label(self, i: int) -> str:
        return f"seg {i + 1} {self.doc.segs[i][0]}"

    def values(self, want: Callable[[str, int, int | None, str], bool], components: bool = True,
               include_isa: bool = True) -> list[tuple[int, int, int | None]]:
        """All (segment, element, component) positions whose value passes `want`."""
        out = []
        comp = self.doc.comp
        for i, s in enumerate(self.doc.segs):
            sid = s[0]
            if sid == "ISA" and not include_isa:
                continue
            for j in range(1, len(s)):
                v = s[j]
                if components and sid != "ISA" and comp in v:
                    for k, c in enumerate(v.split(comp), 1):
                        if want(sid, j, k, c):
                            out.append((i, j, k))
                elif want(sid, j, None, v):
                    out.append((i, j, None))
        return out

    def get(self, i: int, j: int, k: int | None) -> str:
        v = self.doc.segs[i][j]
        if k is None:
            return v
        parts = v.split(self.doc.comp)
        return parts[k - 1] if k - 1 < len(parts) else ""

    def put(self, i: int, j: int, k: int | None, value: str, trim: bool = False) -> None:
        s = self.doc.segs[i]
        while len(s) <= j:
            s.append("")
        if k is None:
            s[j] = value
        else:
            parts = s[j].split(self.doc.comp)
            while len(parts) < k:
                parts.append("")
            parts[k - 1] = value
            if trim:
                trim_trailing(parts, 0)
            s[j] = self.doc.comp.join(parts)
        if trim:
            trim_trailing(s, 1)

    def ref(self, i: int, j: int, k: int | None) -> str:
        return self.guide.ref(self.doc.segs[i][0], j, k)

    def pick(self, seq: list[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))] if seq else None

    def unknown_code(self, info: ElemInfo | None, current: str) -> str:
        mn = max(1, info.min_len if info else 2)
        mx = max(mn, min(info.max_len if info and info.max_len else 3, 3))
        used = (info.codes if info else set()) | {current}
        for _ in range(200):
            n = self.rng.randint(mn, mx)
            code = "".join(self.rng.choice("QXZ9") for _ in range(n))
            if code not in used:
                return code
        return "Q" * mx

    # -- segment-level -----------------------------------------------------
    def drop_segment(self) -> str | None:
        cands = [i for i, s in enumerate(self.doc.segs) if s[0] not in ENVELOPE]
        i = self.pick(cands)
        if i is None:
            return None
        label = self.seg_label(i)
        del self.doc.segs[i]
        self.count_changed = True
        return f"drop {label}"

    def drop_envelope(self) -> str | None:
        cands = [i for i, s in enumerate(self.doc.segs) if s[0] in ENVELOPE]
        i = self.pick(cands)
        label = self.seg_label(i)
        del self.doc.segs[i]
        return f"drop envelope {label}"

    def extra_segment(self) -> str | None:
        ids = self.doc.ids()
        if self.rng.random() < 0.5:
            i = self.pick([i for i, s in enumerate(ids) if s not in ENVELOPE])
            if i is None:
                return None
            self.doc.segs.insert(i + 1, list(self.doc.segs[i]))
            self.count_changed = True
            return f"duplicate {self.seg_label(i)}"
        inside = [i for i in range(1, len(ids)) if ids[i] not in ("ISA", "GS", "ST")
                  and any(ids[x] == "ST" for x in range(i))]
        inside = [i for i in inside if ids[i] != "GE" and ids[i] != "IEA"]
        i = self.pick(inside)  # insert before segment i (after ST, up to SE)
        if i is None:
            return None
        foreign = [s for s in ("BIG", "LIN", "TD5", "N9", "PO1", "G62", "ITD", "SAC", "CTT", "MAN")
                   if s not in self.guide.segments]
        sid = self.pick(["ZZZ", "XYZ", "Q1X"] if self.rng.random() < 0.5 else foreign)
        seg = [sid, "".join(self.rng.choice("ABCDEFGH0123456789") for _ in range(self.rng.randint(1, 8)))]
        self.doc.segs.insert(i, seg)
        self.count_changed = True
        return f"insert unknown segment {sid} at seg {i + 1}"

    def swap_segments(self) -> str | None:
        ids = self.doc.ids()
        if self.rng.random() < 0.8:
            cands = [i for i in range(len(ids) - 1) if ids[i] not in ENVELOPE
                     and ids[i + 1] not in ENVELOPE and ids[i] != ids[i + 1]]
            i = self.pick(cands)
            if i is None:
                return None
            j = i + 1
        else:
            body = [i for i, s in enumerate(ids) if s not in ENVELOPE]
            if len(body) < 2:
                return None
            i, j = sorted(self.rng.sample(body, 2))
            if ids[i] == ids[j] or self.doc.segs[i] == self.doc.segs[j]:
                return None
        a, b = self.seg_label(i), self.seg_label(j)
        self.doc.segs[i], self.doc.segs[j] = self.doc.segs[j], self.doc.segs[i]
        return f"swap {a} <-> {b}"

    # -- element-level -----------------------------------------------------
    def empty_element(self) -> str | None:
        pos = self.pick(self.values(lambda sid, j, k, v: v != ""))
        if pos is None:
            return None
        i, j, k = pos
        # a component only half the time; otherwise the whole element
        if k is not None and self.rng.random() < 0.5:
            k = None
        old = self.get(i, j, k)
        self.put(i, j, k, "", trim=True)
        ref = self.ref(i, j, k) if k is not None else f"{self.doc.segs[i][0]}{j:02d}"
        return f"empty seg {i + 1} {ref} ({old!r})"

    def overlong(self) -> str | None:
        pos = self.pick(self.values(lambda sid, j, k, v: v != ""))
        if pos is None:
            return None
        i, j, k = pos
        old = self.get(i, j, k)
        info = self.guide.info(self.doc.segs[i][0], j, k)
        types = info.data_types if info else set()
        numeric = bool(types & {"N0", "N2", "R", "DT", "TM", "N"}) or (not types and old.isdigit())
        fill = "9" if numeric else "X"
        if info and info.max_len and self.rng.random() < 0.5:
            n_digits = sum(c.isdigit() for c in old) if "R" in types else len(old)
            extra = info.max_len + 1 - n_digits
            if extra <= 0:
                return None
            new = old + fill * extra
            how = f"overlong by 1 ({info.max_len + 1}>{info.max_len})"
        else:
            extra = self.rng.randint(40, 200)
            new = old + fill * extra
            how = f"overlong +{extra}"
        self.put(i, j, k, new)
        return f"seg {i + 1} {self.ref(i, j, k)} {how}"

    def _is_date(self, sid: str, j: int, k: int | None, v: str, segs_i: list[str] | None) -> bool:
        info = self.guide.info(sid, j, k)
        if info is None or v == "":
            return False
        if "DT" in info.data_types:
            return True
        if "1251" in info.data_eles and segs_i is not None and j >= 2:
            return segs_i[j - 1] in ("D8", "RD8")
        return False

    def bad_date(self) -> str | None:
        cands = []
        for i, s in enumerate(self.doc.segs):
            for j in range(1, len(s)):
                if self._is_date(s[0], j, None, s[j], s):
                    cands.append((i, j))
        pos = self.pick(cands)
        if pos is None:
            return None
        i, j = pos
        old = self.doc.segs[i][j]
        parts = old.split("-")
        p = self.rng.randrange(len(parts))
        d = parts[p]
        if not d.isdigit() or len(d) not in (6, 8):
            return None
        y = d[:-4]
        how, new = self.pick([
            ("month 13", y + "13" + d[-2:]),
            ("month 00", y + "00" + d[-2:]),
            ("Feb 30", y + "0230"),
            ("day 32", d[:-2] + "32"),
            ("day 00", d[:-2] + "00"),
            ("letters", d[:-4] + "O" + d[-3] + "O" + d[-1]),
            ("letters", "DATE" + "X" * (len(d) - 4)),
        ])
        parts[p] = new
        self.doc.segs[i][j] = "-".join(parts)
        return f"seg {i + 1} {self.ref(i, j, None)} bad date {how} ({old} -> {self.doc.segs[i][j]})"

    def bad_time(self) -> str | None:
        def want(sid: str, j: int, k: int | None, v: str) -> bool:
            info = self.guide.info(sid, j, k)
            return bool(info and "TM" in info.data_types and v.isdigit() and len(v) >= 4)
        pos = self.pick(self.values(want))
        if pos is None:
            return None
        i, j, k = pos
        old = self.get(i, j, k)
        how, new = self.pick([
            ("hour 25", "25" + old[2:]),
            ("minute 60", old[:2] + "60" + old[4:]),
            ("letters", old[:2] + "OO" + old[4:]),
        ])
        self.put(i, j, k, new)
        return f"seg {i + 1} {self.ref(i, j, k)} bad time {how} ({old} -> {new})"

    def wrong_qualifier(self) -> str | None:
        cands = []
        for i, s in enumerate(self.doc.segs):
            sid = s[0]
            if sid in ENVELOPE or len(s) < 2 or s[1] == "":
                continue
            k = 1 if self.doc.comp in s[1] or self.guide.elems.get(f"{sid}01", ElemInfo()).composite else None
            info = self.guide.info(sid, 1, k)
            if info and "ID" in info.data_types and (info.codes or info.external):
                cands.append((i, k))
        pos = self.pick(cands)
        if pos is None:
            return None
        i, k = pos
        sid = self.doc.segs[i][0]
        info = self.guide.info(sid, 1, k)
        old = self.get(i, 1, k)
        others = sorted(info.codes - {old}) if info else []
        if others and self.rng.random() < 0.5:
            new, how = self.pick(others), "code used elsewhere in the guide"
        else:
            new, how = self.unknown_code(info, old), "unknown code"
        self.put(i, 1, k, new)
        return f"seg {i + 1} {self.ref(i, 1, k)} qualifier {old!r} -> {new!r} ({how})"

    def bad_code(self) -> str | None:
        def want(sid: str, j: int, k: int | None, v: str) -> bool:
            if v == "" or (j == 1 and k in (None, 1) and sid not in ENVELOPE):
                return False  # first elements are wrong_qualifier's
            info = self.guide.info(sid, j, k)
            return bool(info and "ID" in info.data_types and (info.codes or info.external))
        pos = self.pick(self.values(want, include_isa=False))
        if pos is None:
            return None
        i, j, k = pos
        old = self.get(i, j, k)
        if old.lower() != old and self.rng.random() < 0.3:
            new, how = old.lower(), " (lower case)"
        else:
            new, how = self.unknown_code(self.guide.info(self.doc.segs[i][0], j, k), old), ""
        self.put(i, j, k, new)
        return f"seg {i + 1} {self.ref(i, j, k)} code {old!r} -> {new!r}{how}"

    def bad_numeric(self) -> str | None:
        def want(sid: str, j: int, k: int | None, v: str) -> bool:
            info = self.guide.info(sid, j, k)
            return bool(v and info and info.data_types & {"R", "N0", "N2"})
        pos = self.pick(self.values(want))
        if pos is None:
            return None
        i, j, k = pos
        old = self.get(i, j, k)
        digits = re.sub(r"\D", "", old) or "1"
        new = self.pick([
            f"{digits}.1.2", f"{digits}A", f"1,{digits}", f"${digits}", f"{digits}-",
            f"--{digits}", ".", f"{digits[:1]}O{digits[1:]}", f"{digits}E2", f" {digits}",
        ])
        self.put(i, j, k, new)
        return f"seg {i + 1} {self.ref(i, j, k)} bad numeric {old!r} -> {new!r}"

    def extra_element(self) -> str | None:
        cands = [i for i, s in enumerate(self.doc.segs) if s[0] != "ISA" and self.guide.max_seq.get(s[0])]
        i = self.pick(cands)
        if i is None:
            return None
        s = self.doc.segs[i]
        j = self.guide.max_seq[s[0]] + self.rng.randint(1, 2)
        while len(s) < j:
            s.append("")
        s.append("X")
        return f"seg {i + 1} {s[0]} extra element {s[0]}{j:02d}"

    def not_used_element(self) -> str | None:
        cands = []
        for i, s in enumerate(self.doc.segs):
            sid = s[0]
            if sid == "ISA":
                continue
            for j in range(1, self.guide.max_seq.get(sid, 0) + 1):
                info = self.guide.elems.get(f"{sid}{j:02d}")
                if info and info.usages == {"N"} and (j >= len(s) or s[j] == ""):
                    cands.append((i, j))
        pos = self.pick(cands)
        if pos is None:
            return None
        i, j = pos
        info = self.guide.elems[f"{self.doc.segs[i][0]}{j:02d}"]
        sub = self.guide.info(self.doc.segs[i][0], j)
        types = (sub.data_types if sub else set()) | info.data_types
        value = "1" if types & {"R", "N0", "N2"} else "X"
        self.put(i, j, None, value)
        return f"seg {i + 1} {self.doc.segs[i][0]}{j:02d} not-used element filled ({value!r})"

    def envelope_mismatch(self) -> str | None:
        choices = []
        for i, s in enumerate(self.doc.segs):
            if s[0] in ("SE", "GE", "IEA") and len(s) > 2:
                choices += [(i, 1), (i, 2)]
            elif s[0] == "ST" and len(s) > 2:
                choices += [(i, 2)] + ([(i, 3)] if len(s) > 3 else [])
            elif s[0] == "GS" and len(s) > 8:
                choices.append((i, 8))
        pos = self.pick(choices)
        if pos is None:
            return None
        i, j = pos
        s = self.doc.segs[i]
        old = s[j]
        if j in (3, 8) and s[0] in ("ST", "GS"):
            new = self.pick(["005010X222A2", "005010X221", "005010X223A3", "005010X224A2", "004010X098A1"])
        elif old.isdigit():
            n = int(old) + self.pick([1, -1, 2, 10])
            if n < 0:
                n = int(old) + 1
            # control numbers (xx02) keep their width; counts (xx01) do not
            new = str(n).zfill(len(old)) if j == 2 else str(n)
        else:
            new = old + "1"
        if new == old:
            return None
        s[j] = new
        return f"seg {i + 1} {s[0]}{j:02d} {old!r} -> {new!r}"

    def hl_structure(self) -> str | None:
        cands = [i for i, s in enumerate(self.doc.segs) if s[0] == "HL"]
        i = self.pick(cands)
        if i is None:
            return None
        s = self.doc.segs[i]
        while len(s) < 5:
            s.append("")
        j = self.rng.randint(1, 4)
        old = s[j]
        if j == 1:
            new = self.pick([str(int(old) + 1), str(max(1, int(old) - 1)), str(int(old) + 50)]) \
                if old.isdigit() else "1"
        elif j == 2:
            new = self.pick([str(int(old) + 1) if old.isdigit() else "1", "99", ""]) if old else \
                self.pick(["1", "2"])
        elif j == 3:
            new = self.pick([c for c in ("20", "22", "23", "PT", "19") if c != old])
        else:
            new = "0" if old == "1" else "1"
        if new == old:
            return None
        s[j] = new
        trim_trailing(s, 1)
        return f"seg {i + 1} HL{j:02d} {old!r} -> {new!r}"

    def bad_char(self) -> str | None:
        def want(sid: str, j: int, k: int | None, v: str) -> bool:
            info = self.guide.info(sid, j, k)
            return bool(v and info and "AN" in info.data_types)
        pos = self.pick(self.values(want, include_isa=False))
        if pos is None:
            return None
        i, j, k = pos
        old = self.get(i, j, k)
        ch, name = self.pick([("\x07", "BEL"), ("\x01", "SOH"), ("\x7f", "DEL"), ("\u00e9", "non-ASCII UTF-8 e-acute"),
                             ("\udce9", "non-ASCII byte 0xE9")])
        at = self.rng.randrange(len(old) + 1)
        self.put(i, j, k, old[:at] + ch + old[at:])
        return f"seg {i + 1} {self.ref(i, j, k)} bad character {name}"

    def trailing_sep(self) -> str | None:
        i = self.pick([i for i, s in enumerate(self.doc.segs) if s[0] != "ISA"])
        self.doc.segs[i].append("")
        return f"seg {i + 1} {self.doc.segs[i][0]} trailing element separator"

    def too_short(self) -> str | None:
        def want(sid: str, j: int, k: int | None, v: str) -> bool:
            info = self.guide.info(sid, j, k)
            return bool(v and info and info.min_len >= 2 and sid != "ISA")
        pos = self.pick(self.values(want))
        if pos is None:
            return None
        i, j, k = pos
        old = self.get(i, j, k)
        info = self.guide.info(self.doc.segs[i][0], j, k)
        assert info is not None
        new = old[: self.rng.randint(1, info.min_len - 1)]
        if "R" in info.data_types or info.data_types & {"N0", "N2"}:
            new = re.sub(r"\D", "", old)[: info.min_len - 1] or "1"
        if new == old:
            return None
        self.put(i, j, k, new)
        return f"seg {i + 1} {self.ref(i, j, k)} too short ({old!r} -> {new!r}, min {info.min_len})"

    def trailing_space(self) -> str | None:
        def want(sid: str, j: int, k: int | None, v: str) -> bool:
            info = self.guide.info(sid, j, k)
            return bool(v and info and info.data_types & {"AN", "ID"} and sid != "ISA")
        pos = self.pick(self.values(want))
        if pos is None:
            return None
        i, j, k = pos
        old = self.get(i, j, k)
        n = self.rng.randint(1, 3)
        self.put(i, j, k, old + " " * n)
        return f"seg {i + 1} {self.ref(i, j, k)} {n} trailing space(s)"

    def stray_separator(self) -> str | None:
        def want(sid: str, j: int, k: int | None, v: str) -> bool:
            info = self.guide.elems.get(f"{sid}{j:02d}")
            return bool(v and k is None and info and not info.composite and sid != "ISA")
        pos = self.pick(self.values(want, components=False))
        if pos is None:
            return None
        i, j, _ = pos
        old = self.doc.segs[i][j]
        sep, name = self.pick([(self.doc.comp, "component"), (self.doc.rep, "repetition")])
        at = self.rng.randint(1, len(old))
        tail = old[at:] or "X"
        self.doc.segs[i][j] = old[:at] + sep + tail
        return f"seg {i + 1} {self.doc.segs[i][0]}{j:02d} {name} separator inside a simple element"

    def merge_segments(self) -> str | None:
        """Drop the terminator between two segments."""
        ids = self.doc.ids()
        i = self.pick([i for i in range(len(ids) - 1) if ids[i] not in ENVELOPE and ids[i + 1] not in ENVELOPE])
        if i is None:
            return None
        a, b = self.seg_label(i), self.seg_label(i + 1)
        s, t = self.doc.segs[i], self.doc.segs[i + 1]
        self.doc.segs[i] = s[:-1] + [s[-1] + t[0]] + t[1:]
        del self.doc.segs[i + 1]
        self.count_changed = True
        return f"terminator between {a} and {b} dropped"

    def isa_field(self) -> str | None:
        s = self.doc.segs[0]
        if s[0] != "ISA" or len(s) < 17:
            return None
        how, j, new = self.pick([
            ("ISA06 one character short", 6, s[6][:-1]),
            ("ISA08 one character long", 8, s[8] + " "),
            ("ISA13 not 9 digits", 13, s[13][1:]),
            ("ISA12 version 00401", 12, "00401"),
            ("ISA15 usage X", 15, "X"),
            ("ISA14 ack 2", 14, "2"),
            ("ISA05 qualifier QQ", 5, "QQ"),
            ("ISA11 repetition separator = element separator", 11, self.doc.ele),
        ])
        if new == s[j]:
            return None
        old = s[j]
        s[j] = new
        return f"seg 1 {how} ({old!r} -> {new!r})"

    def envelope_element(self) -> str | None:
        """One GS/ST/SE/GE/IEA element (ISA less often): emptied, too long,
        too short, trailing space, control character or lower case."""
        cands = [(i, j) for i, s in enumerate(self.doc.segs)
                 if s[0] in ENVELOPE and (s[0] != "ISA" or self.rng.random() < 0.2)
                 for j in range(1, len(s)) if s[j] != "" and not (s[0] == "ISA" and j == 16)]
        pos = self.pick(cands)
        if pos is None:
            return None
        i, j = pos
        s = self.doc.segs[i]
        old = s[j]
        info = self.guide.info(s[0], j)
        types = info.data_types if info else set()
        numeric = bool(types & {"N0", "N2", "R", "DT", "TM"}) or old.strip().isdigit()
        max_len = info.max_len if info and info.max_len else len(old)
        min_len = info.min_len if info else 1
        ops = [("emptied", "")]
        ops.append(("too long", old + ("9" if numeric else "X") * (max_len + 1 - len(old) if max_len >= len(old)
                                                                   else 1)))
        if min_len >= 2 and len(old) >= min_len:
            ops.append(("too short", old[: min_len - 1]))
        if not numeric:
            ops.append(("trailing space", old + " "))
            if old.lower() != old:
                ops.append(("lower case", old.lower()))
        ops.append(("control character", old[:1] + "\x07" + old[1:]))
        how, new = self.pick(ops)
        if new == old:
            return None
        s[j] = new
        if new == "":
            trim_trailing(s, 1)
        return f"seg {i + 1} {s[0]}{j:02d} {how} ({old!r} -> {new!r})"


def mutate(base: Doc, guide: Guide, rng: random.Random) -> tuple[str, str, Doc]:
    kinds = list(WEIGHTS)
    weights = [WEIGHTS[k] for k in kinds]
    for _ in range(100):
        kind = rng.choices(kinds, weights)[0]
        doc = base.copy()
        m = Mutator(doc, guide, rng)
        desc = getattr(m, kind)()
        if desc is None or doc.segs == base.segs:
            continue
        if m.count_changed:
            if rng.random() < STALE_SE01_SHARE:
                desc += " (SE01 stale)"
            else:
                doc.fix_se01()
        return kind, desc, doc
    raise RuntimeError("no mutation applied after 100 attempts")


# ==========================================================================
# pyx12, in worker processes
# ==========================================================================

_records: list[str] = []


class _Timeout(Exception):
    pass


def _pyx12_init() -> None:
    import logging

    import pyx12

    if pyx12.__version__ != PYX12_VERSION:
        raise SystemExit(f"pyx12 {PYX12_VERSION} required, found {pyx12.__version__}")

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                _records.append(record.getMessage())

    logger = logging.getLogger("pyx12")
    logger.handlers[:] = [Capture()]
    logger.setLevel(logging.INFO)  # as x12valid
    logger.propagate = False


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


def pyx12_check(job: tuple[str, int]) -> tuple[str, dict[str, Any]]:
    """Validate one file; returns (path, {flagged, crash, errors, n_errors, reason, ack_crash})."""
    import pyx12.errors
    import pyx12.params
    import pyx12.x12n_document

    path, timeout = job
    _records.clear()
    param = pyx12.params.params(None)
    param.set("exclude_external_codes", "")
    reason = crash = None
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    fd_997 = tempfile.TemporaryFile(mode="w+", encoding="ascii")
    try:
        pyx12.x12n_document.x12n_document(
            param=param, src_file=path, fd_997=fd_997, fd_html=None,
            fd_xmldoc=None, fd_json=None, map_path=None,
        )
    except (pyx12.errors.EngineError, pyx12.errors.X12Error) as e:
        reason = str(e)
    except UnicodeDecodeError as e:
        reason = f"UnicodeDecodeError: {e}"
    except _Timeout:
        crash = f"timeout after {timeout}s"
    except Exception as e:  # pyx12 internal failure
        crash = f"{type(e).__name__}: {e}"
    finally:
        signal.alarm(0)
        fd_997.close()
    errors, ack_crash = [], False
    for text in _records:
        if text.startswith(ACK_CRASH_TEXT):
            ack_crash = True
            continue
        errors.append(text.replace(path, "<file>").replace(NO_CUR_SEG, ""))
    if reason is not None:
        errors.append(reason.replace(path, "<file>"))
    flagged = bool(errors) and crash is None
    return path, {"flagged": flagged, "crash": crash, "n_errors": len(errors),
                  "errors": errors[:5], "ack_crash": ack_crash}


def run_pyx12_all(paths: list[str], jobs: int, timeout: int, label: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    t0 = time.time()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_pyx12_init, maxtasksperchild=500) as pool:
        for n, (path, res) in enumerate(pool.imap_unordered(pyx12_check, [(p, timeout) for p in paths],
                                                            chunksize=2), 1):
            out[path] = res
            if n % 100 == 0 or n == len(paths):
                el = time.time() - t0
                print(f"  pyx12 {label}: {n}/{len(paths)} ({el:.0f}s, "
                      f"eta {el / n * (len(paths) - n):.0f}s)", file=sys.stderr, flush=True)
    return out


# ==========================================================================
# claimcheck
# ==========================================================================

def run_claimcheck(binary: pathlib.Path, directory: pathlib.Path, jobs: int) -> dict[str, dict[str, Any]]:
    """Per file name: {flagged, errors: [first findings], warnings: [...], unreadable: msg|None}."""
    p = subprocess.run([str(binary), "validate", "--format", "json", "--jobs", str(jobs), str(directory)],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1, 2) or not p.stdout.strip():
        raise SystemExit(f"claimcheck failed (exit {p.returncode}):\n{p.stderr[-2000:]}")
    doc = json.loads(p.stdout)
    out: dict[str, dict[str, Any]] = {}
    for f in doc["files"]:
        out[os.path.basename(f["path"])] = {"flagged": False, "n_errors": 0, "errors": [],
                                            "warnings": [], "unreadable": None}
    for fd in doc["findings"]:
        name = os.path.basename(fd.get("file") or "")
        rec = out.setdefault(name, {"flagged": False, "n_errors": 0, "errors": [], "warnings": [],
                                    "unreadable": None})
        where = " ".join(str(x) for x in (fd.get("segment_id"), fd.get("element")) if x)
        text = f"{fd['rule']} [{where} line {fd.get('line')}] {fd['message']}"
        if fd["severity"] == "error":
            rec["flagged"] = True
            rec["n_errors"] += 1
            if len(rec["errors"]) < 3:
                rec["errors"].append(text)
        elif len(rec["warnings"]) < 3:
            rec["warnings"].append(f"({fd['severity']}) {text}")
    # files it could not read: "claimcheck: error: cannot read PATH: ..."
    for line in p.stderr.splitlines():
        m = re.match(r"^claimcheck: error: cannot read (.+?): (.*)$", line)
        if m:
            name = os.path.basename(m.group(1))
            out[name] = {"flagged": True, "n_errors": 1, "errors": [f"unreadable: {m.group(2)}"],
                         "warnings": [], "unreadable": m.group(2)}
    return out


# ==========================================================================
# Driver
# ==========================================================================

def synth_cmd(args: argparse.Namespace) -> list[str]:
    if args.synth:
        return [str(args.synth)]
    return ["cargo", "run", "--quiet", "--release", "--example", "synth", "--"]


def make_bases(args: argparse.Namespace, base_dir: pathlib.Path) -> dict[str, list[pathlib.Path]]:
    bases: dict[str, list[pathlib.Path]] = {}
    for kind in args.kinds:
        files = []
        for seed in args.seeds:
            out = base_dir / f"base-{kind}-s{seed}.x12"
            cmd = synth_cmd(args) + ["--kind", kind, "--size", args.size, "--seed", str(seed), "-o", str(out)]
            p = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True)
            if p.returncode != 0:
                last = [ln for ln in p.stderr.strip().splitlines() if ln.strip()]
                print(f"note: synth rejects --kind {kind}; skipping it "
                      f"({last[0] if last else 'exit ' + str(p.returncode)})", file=sys.stderr)
                files = []
                break
            files.append(out)
        if files:
            bases[kind] = files
    return bases


MAPS = {"005010X222A1": "837.5010.X222.A1.xml", "005010X221A1": "835.5010.X221.A1.xml",
        "005010X223A2": "837Q3.I.5010.X223.A1.xml"}


def guide_for(doc: Doc, cache: dict[str, Guide]) -> Guide:
    gs = next(s for s in doc.segs if s[0] == "GS")
    version = gs[8] if len(gs) > 8 else ""
    if version not in MAPS:
        raise SystemExit(f"no pyx12 map known for GS08 {version!r}")
    if version not in cache:
        cache[version] = Guide(MAPS[version])
    return cache[version]


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:6.2f}%" if b else "   n/a"


def signature(msg: str) -> str:
    """pyx12 message without line number and trailing value, to group misses."""
    msg = re.sub(r"^Line:\d+ ", "", msg)
    msg = re.sub(r" \([^()]*\)$", "", msg)
    msg = re.sub(r"position \d+", "position N", msg)
    return msg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", default=",".join(ALL_KINDS))
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--size", default="30KB")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=pathlib.Path)
    ap.add_argument("--min-catch", type=float, default=0.99)
    ap.add_argument("--claimcheck", type=pathlib.Path, default=DEFAULT_CLAIMCHECK)
    ap.add_argument("--synth", type=pathlib.Path)
    ap.add_argument("--json", type=pathlib.Path)
    ap.add_argument("--pyx12-timeout", type=int, default=120)
    args = ap.parse_args()
    args.kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    args.seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    for k in args.kinds:
        if k not in ALL_KINDS:
            ap.error(f"unknown kind {k!r} (use {', '.join(ALL_KINDS)})")

    # ---- claimcheck binary ------------------------------------------------
    if not args.claimcheck.exists():
        if args.claimcheck.resolve() != DEFAULT_CLAIMCHECK.resolve():
            print(f"claimcheck binary {args.claimcheck} not found", file=sys.stderr)
            return 2
        print("building claimcheck (cargo build --release) ...", file=sys.stderr)
        if subprocess.run(["cargo", "build", "--release"], cwd=REPO_ROOT).returncode != 0:
            return 2

    if args.keep:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
        for sub in ("base", "mutants"):
            shutil.rmtree(work / sub, ignore_errors=True)
    else:
        work = pathlib.Path(tempfile.mkdtemp(prefix="mutation_harness_"))
    try:
        return run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: pathlib.Path) -> int:
    t_start = time.time()
    base_dir, mut_dir = work / "base", work / "mutants"
    base_dir.mkdir(parents=True)
    mut_dir.mkdir(parents=True)

    # ---- 1. base files ----------------------------------------------------
    bases = make_bases(args, base_dir)
    if not bases:
        print("no base file could be generated", file=sys.stderr)
        return 2
    print(f"base files: {', '.join(f'{k} x{len(v)}' for k, v in bases.items())} "
          f"(--size {args.size}, seeds {args.seeds})", file=sys.stderr)

    # ---- 2. the base files must be clean in both tools --------------------
    base_paths = [str(p) for ps in bases.values() for p in ps]
    cc_base = run_claimcheck(args.claimcheck, base_dir, args.jobs)
    py_base = run_pyx12_all(base_paths, args.jobs, args.pyx12_timeout, "base files")
    dirty = False
    for p in base_paths:
        name = os.path.basename(p)
        cc, py = cc_base.get(name), py_base[p]
        if cc is None:
            print(f"BASE {name}: claimcheck did not report it", file=sys.stderr)
            dirty = True
        elif cc["flagged"]:
            print(f"BASE {name}: claimcheck errors: {cc['errors']}", file=sys.stderr)
            dirty = True
        if py["flagged"] or py["crash"]:
            print(f"BASE {name}: pyx12: {py['crash'] or py['errors']}", file=sys.stderr)
            dirty = True
    if dirty:
        print("base files are not clean; fix the generator or the validators first", file=sys.stderr)
        return 2
    print("base files clean in both tools"
          + (" (pyx12's 999 writer crashed on some, ignored)" if any(r["ack_crash"] for r in py_base.values()) else ""),
          file=sys.stderr)

    # ---- 3. mutants --------------------------------------------------------
    guides: dict[str, Guide] = {}
    base_docs: dict[str, list[tuple[pathlib.Path, Doc]]] = {}
    for kind, paths in bases.items():
        base_docs[kind] = [(p, Doc(p.read_text(encoding="ascii"))) for p in paths]
    mutants: list[dict[str, Any]] = []
    for kind, docs in base_docs.items():
        for n in range(args.count):
            rng = random.Random(f"{args.seed}:{kind}:{n}")
            base_path, base = docs[rng.randrange(len(docs))]
            guide = guide_for(base, guides)
            mkind, desc, doc = mutate(base, guide, rng)
            name = f"{kind}-{n:05d}.x12"
            (mut_dir / name).write_bytes(doc.text().encode("utf-8", "surrogateescape"))
            mutants.append({"file": name, "kind": kind, "base": base_path.name,
                            "mutation": mkind, "desc": desc})
    print(f"{len(mutants)} mutants written to {mut_dir}", file=sys.stderr)
    if args.keep:
        (work / "manifest.json").write_text(json.dumps(mutants, indent=1) + "\n", encoding="utf-8")

    # ---- 4. validate --------------------------------------------------------
    t0 = time.time()
    cc = run_claimcheck(args.claimcheck, mut_dir, args.jobs)
    t_cc = time.time() - t0
    py = run_pyx12_all([str(mut_dir / m["file"]) for m in mutants], args.jobs, args.pyx12_timeout, "mutants")
    for m in mutants:
        m["pyx12"] = py[str(mut_dir / m["file"])]
        c = cc.get(m["file"])
        if c is None:
            c = {"flagged": False, "n_errors": 0, "errors": [], "warnings": [],
                 "unreadable": "not in claimcheck's output"}
        m["claimcheck"] = c

    # ---- 5. report ----------------------------------------------------------
    counted = [m for m in mutants if not m["pyx12"]["crash"]]
    crashes = [m for m in mutants if m["pyx12"]["crash"]]
    py_flag = [m for m in counted if m["pyx12"]["flagged"]]
    caught = [m for m in py_flag if m["claimcheck"]["flagged"]]
    missed = [m for m in py_flag if not m["claimcheck"]["flagged"]]
    cc_only = [m for m in counted if m["claimcheck"]["flagged"] and not m["pyx12"]["flagged"]]
    neither = [m for m in counted if not m["claimcheck"]["flagged"] and not m["pyx12"]["flagged"]]
    rate = len(caught) / len(py_flag) if py_flag else 1.0

    def table(key: str, title: str) -> list[dict[str, Any]]:
        rows = []
        groups = sorted({m[key] for m in mutants}, key=lambda g: (list(WEIGHTS).index(g) if g in WEIGHTS else 0, g))
        print(f"\n{title:<18} {'mutants':>7} {'pyx12':>6} {'caught':>6} {'missed':>6} {'catch':>8} "
              f"{'cc-only':>7} {'neither':>7} {'crash':>5}")
        for g in groups + ["TOTAL"]:
            ms = mutants if g == "TOTAL" else [m for m in mutants if m[key] == g]
            pf = [m for m in ms if m["pyx12"]["flagged"] and not m["pyx12"]["crash"]]
            ca = [m for m in pf if m["claimcheck"]["flagged"]]
            co = [m for m in ms if not m["pyx12"]["crash"] and not m["pyx12"]["flagged"] and m["claimcheck"]["flagged"]]
            ne = [m for m in ms if not m["pyx12"]["crash"] and not m["pyx12"]["flagged"] and not m["claimcheck"]["flagged"]]
            cr = [m for m in ms if m["pyx12"]["crash"]]
            print(f"{g:<18} {len(ms):>7} {len(pf):>6} {len(ca):>6} {len(pf) - len(ca):>6} "
                  f"{pct(len(ca), len(pf)):>8} {len(co):>7} {len(ne):>7} {len(cr):>5}")
            rows.append({key: g, "mutants": len(ms), "pyx12_flagged": len(pf), "caught": len(ca),
                         "missed": len(pf) - len(ca), "claimcheck_only": len(co), "neither": len(ne),
                         "pyx12_crash": len(cr)})
        return rows

    by_mutation = table("mutation", "mutation")
    by_kind = table("kind", "file kind")

    print(f"\npyx12 flagged {len(py_flag)} of {len(counted)} mutants; claimcheck caught "
          f"{len(caught)}: catch rate {100 * rate:.2f}% (required {100 * args.min_catch:.2f}%)")

    def loc(m: dict[str, Any]) -> str:
        return f"{m['file']} [{m['mutation']}] {m['desc']}"

    if missed:
        print(f"\nclaimcheck MISSED {len(missed)} pyx12-flagged mutant(s)"
              + (f" (first 30)" if len(missed) > 30 else "") + ":")
        for m in missed[:30]:
            print(f"  {loc(m)}\n      pyx12: {m['pyx12']['errors'][0]}"
                  + (f"  (+{m['pyx12']['n_errors'] - 1} more)" if m['pyx12']['n_errors'] > 1 else ""))
            if m["claimcheck"]["warnings"]:
                print(f"      claimcheck non-error: {m['claimcheck']['warnings'][0]}")
        groups = collections.Counter((m["mutation"], signature(m["pyx12"]["errors"][0])) for m in missed)
        print("\nmisses grouped by mutation and pyx12's first error:")
        for (mk, sig), n in groups.most_common():
            print(f"  {n:>4}  {mk:<17} {sig}")

    print(f"\nclaimcheck flagged {len(cc_only)} mutant(s) pyx12 did not"
          + (" (first 15)" if len(cc_only) > 15 else "") + (":" if cc_only else ""))
    for m in cc_only[:15]:
        print(f"  {loc(m)}\n      claimcheck: {m['claimcheck']['errors'][0]}")
    if cc_only:
        rules = collections.Counter(m["claimcheck"]["errors"][0].split(" ")[0] for m in cc_only)
        print("  by claimcheck's first rule: " + ", ".join(f"{r} {n}" for r, n in rules.most_common()))
    print(f"\nneither tool flagged {len(neither)} mutant(s) (e.g. an optional segment dropped)")
    if crashes:
        print(f"\npyx12 crashed on {len(crashes)} mutant(s) (left out of the catch rate):")
        for m in crashes[:10]:
            print(f"  {loc(m)}\n      {m['pyx12']['crash']}  claimcheck flagged: {m['claimcheck']['flagged']}")
    unreadable = [m for m in mutants if m["claimcheck"]["unreadable"]]
    if unreadable:
        print(f"\nclaimcheck could not read {len(unreadable)} mutant(s) (counted as flagged):")
        for m in unreadable[:10]:
            print(f"  {loc(m)}: {m['claimcheck']['unreadable']}")
    print(f"\n(claimcheck {t_cc:.1f}s for {len(mutants)} files; total {time.time() - t_start:.0f}s"
          + (f"; files kept in {work}" if args.keep else "") + ")")

    if args.json:
        summary = {
            "options": {"kinds": list(bases), "seeds": args.seeds, "size": args.size, "count": args.count,
                        "seed": args.seed, "min_catch": args.min_catch, "pyx12": PYX12_VERSION},
            "totals": {"mutants": len(mutants), "pyx12_flagged": len(py_flag), "caught": len(caught),
                       "missed": len(missed), "claimcheck_only": len(cc_only), "neither": len(neither),
                       "pyx12_crash": len(crashes), "catch_rate": rate, "pass": rate >= args.min_catch},
            "by_mutation": by_mutation,
            "by_kind": by_kind,
            "missed": [{k: m[k] for k in ("file", "kind", "base", "mutation", "desc", "pyx12", "claimcheck")}
                       for m in missed],
            "claimcheck_only": [{k: m[k] for k in ("file", "kind", "base", "mutation", "desc", "pyx12", "claimcheck")}
                                for m in cc_only],
            "mutants": [{"file": m["file"], "kind": m["kind"], "base": m["base"], "mutation": m["mutation"],
                         "desc": m["desc"], "pyx12_flagged": m["pyx12"]["flagged"],
                         "pyx12_crash": m["pyx12"]["crash"],
                         "pyx12_first": (m["pyx12"]["errors"] or [None])[0],
                         "claimcheck_flagged": m["claimcheck"]["flagged"],
                         "claimcheck_first": (m["claimcheck"]["errors"] or [None])[0]} for m in mutants],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        print(f"JSON summary written to {args.json}", file=sys.stderr)

    return 0 if rate >= args.min_catch else 1


if __name__ == "__main__":
    sys.exit(main())
