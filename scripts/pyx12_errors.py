#!/usr/bin/env python3
"""Record what the validator pyx12 4.0.0 reports for every file of the corpus.

Writes ``tests/data/pyx12_corpus_errors.json``: a reference record of pyx12's
findings (one entry per corpus file, sorted by corpus-relative path
``owner__repo/file``), to be compared with claimcheck's guide-level (SNIP 1-2)
findings.

Usage (from the repository root):
    python3 scripts/pyx12_errors.py                   # (re)write the JSON file
    python3 scripts/pyx12_errors.py --check           # exit 1 if the file is stale
    python3 scripts/pyx12_errors.py --provenance      # also compare with PROVENANCE.md
Options: --corpus DIR (default /work/shared/corpus), --output FILE, --jobs N.

How pyx12 is run
----------------
Each corpus file is copied into a fresh temporary directory and validated in
its own Python subprocess (``--worker``) with pyx12's own entry point
``pyx12.x12n_document.x12n_document``, called exactly the way the
``x12valid`` console script calls it (default params, no map path, a 999/997
output file, no HTML/XML/JSON).  The corpus file is never modified.

pyx12 reports an error by logging an ERROR line ("Line:N ELE:code - text").
Every ERROR line is captured.  To give precise locations, the err_handler
methods that emit those lines (isa_error, gs_error, st_error, seg_error,
ele_error) are wrapped, read-only, so that each logged line is paired with
pyx12's own context: the segment node the error is attached to, its
position in the transaction set, and the element reference.  pyx12's
behaviour and output are not changed (the script checks that every wrapped
call logged exactly the line it would have logged anyway).

Output shape
------------
{"pyx12": "4.0.0", "files": {"<owner__repo/file>": {
    "validated": bool,      # false: pyx12 could not validate the file at all
    "reason": str | null,   # why not: "Map not found.  icvn=..., fic=..., vriic=...",
                            # "UnicodeDecodeError: ...", '"<file>" does not look like ...'
    "ack_crash": bool,      # pyx12 logged "Failed to create 999 response"
                            # (not counted as an error)
    "errors": [{
        "line": int | null,          # pyx12's "Line:N", verbatim.  NB: pyx12
                                     # counts SEGMENTS, not text lines: N is the
                                     # 1-based ordinal of the segment in the file
                                     # (ISA = 1), whatever the line breaks are.
        "segment": str | null,       # segment the error is about (see below)
        "segment_index": int | null, # position of that segment in its
                                     # transaction set, ST = 1 (999 IK302);
                                     # null for ISA/GS/GE/IEA-level errors
        "element": str | null,       # "CLM05-01", "BPR16", "HI01", "NM110" ...
        "level": "isa"|"gs"|"st"|"seg"|"ele"|null,
                                     # which pyx12 error family the code belongs
                                     # to (codes overlap between families)
        "code": str,                 # pyx12 err_cde as logged
        "message": str               # logged text after " - ", incl. " (value)"
    }],
    "normalised": {...same keys, without "normalised"...} | null
}}}

``segment``: for element errors, the segment that holds the element; for
segment errors, the segment of pyx12's error node (for "Mandatory segment X
missing" / "Mandatory loop ... missing" that is the MISSING segment id, with
line/segment_index of the segment where pyx12 noticed it, as in a 999 IK3);
otherwise the segment at the reported line.  Envelope errors (level isa, gs,
st) name the header or trailer they concern, using pyx12's own split
(err_st/err_gs.get_error_list; for ISA: 025 -> ISA, the rest -> IEA), while
``line`` stays what pyx12 logged (pyx12 logs SE/GE/IEA problems with the line
of the ST/GS/ISA).  ``level`` "seg" with code "8" and a non-null element are
element-structure errors (too many elements, composite missing, syntax rule)
that pyx12 files at segment level.

``normalised``: filled only when the main run could not validate the file
because pyx12 has no map for its guide version ("Map not found") or because of
a UTF-8 BOM (UnicodeDecodeError), as in PROVENANCE.md.  Then a throwaway
copy is made as PROVENANCE.md's last column describes (UTF-8 BOM removed;
005010X222 and 005010X222A2 -> 005010X222A1; 005010X223 and 005010X223A3 ->
005010X223A2) and validated the same way.  Otherwise null.

Count rule used by PROVENANCE.md's verdict column: number of ERROR lines =
len(errors) + (0 if validated else 1).

Python 3.11, standard library plus the installed pyx12 (pip install pyx12==4.0.0).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
from typing import Any

PYX12_VERSION = "4.0.0"
REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = pathlib.Path("/work/shared/corpus")
DEFAULT_OUTPUT = REPO_ROOT / "tests" / "data" / "pyx12_corpus_errors.json"

ACK_CRASH_TEXT = "Failed to create 999 response"
NO_CUR_SEG = "No current segment in error_handler. "
BOM = b"\xef\xbb\xbf"

# (regex, replacement) applied to the bytes of the normalised copy.  The
# look-ahead keeps 005010X222A1 / 005010X223A2 (and any other suffix) intact.
VERSION_REWRITES = [
    (re.compile(rb"005010X222(?:A2)?(?![A-Za-z0-9])"), b"005010X222A1"),
    (re.compile(rb"005010X223(?:A3)?(?![A-Za-z0-9])"), b"005010X223A2"),
]


def normalise_bytes(data: bytes) -> bytes:
    if data.startswith(BOM):
        data = data[len(BOM):]
    for rx, repl in VERSION_REWRITES:
        data = rx.sub(repl, data)
    return data


# --------------------------------------------------------------------------
# Worker: runs pyx12 on one file inside this (fresh) process.
# --------------------------------------------------------------------------

def _fmt_element(seg_id: str | None, refdes: Any) -> str | None:
    if refdes is None:
        return None
    if isinstance(refdes, int) or (isinstance(refdes, str) and refdes.isdigit()):
        return f"{seg_id or ''}{int(refdes):02d}"
    return str(refdes)


def run_pyx12(src: pathlib.Path, normalise: bool) -> dict[str, Any]:
    import logging

    import pyx12
    import pyx12.error_handler
    import pyx12.errors
    import pyx12.map_if
    import pyx12.params
    import pyx12.x12file
    import pyx12.x12n_document

    if pyx12.__version__ != PYX12_VERSION:
        raise SystemExit(f"pyx12 {PYX12_VERSION} required, found {pyx12.__version__}")

    # ---- capture every ERROR record pyx12 logs, in order -------------------
    records: list[dict[str, Any]] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                records.append({"text": record.getMessage(), "info": None})

    logger = logging.getLogger("pyx12")
    logger.handlers[:] = [Capture()]
    logger.setLevel(logging.INFO)  # as x12valid
    logger.propagate = False

    # ---- segment table: file ordinal (pyx12 "line") -> (seg_id, pos in ST) --
    seg_table: dict[int, tuple[str, int | None]] = {}
    orig_iter = pyx12.x12file.X12Reader.__iter__

    def iter_and_record(self):  # type: ignore[no-untyped-def]
        for seg in orig_iter(self):
            sid = seg.get_seg_id()
            if sid in ("ISA", "GS", "GE", "IEA"):
                pos = None
            elif sid == "SE":
                pos = self.seg_count + 1  # pyx12 does not count SE itself
            else:
                pos = self.seg_count  # ST = 1, then 2, 3, ...
            seg_table[self.cur_line] = (sid, pos)
            yield seg

    pyx12.x12file.X12Reader.__iter__ = iter_and_record  # type: ignore[method-assign]

    # ---- element-error context: EleErrors of the segment being applied ----
    ele_ctx: dict[str, Any] = {"active": False, "queue": None}
    orig_apply = pyx12.x12n_document.apply_segment_errors
    orig_is_valid = pyx12.map_if.segment_if.is_valid_errors

    def apply_wrapper(node, seg_data, errh):  # type: ignore[no-untyped-def]
        ele_ctx["active"], ele_ctx["queue"] = True, None
        try:
            return orig_apply(node, seg_data, errh)
        finally:
            ele_ctx["active"], ele_ctx["queue"] = False, None

    def is_valid_wrapper(self, seg_data):  # type: ignore[no-untyped-def]
        ok, errors = orig_is_valid(self, seg_data)
        if ele_ctx["active"] and ele_ctx["queue"] is None:
            ele_ctx["queue"] = list(errors)
        return ok, errors

    pyx12.x12n_document.apply_segment_errors = apply_wrapper
    pyx12.map_if.segment_if.is_valid_errors = is_valid_wrapper  # type: ignore[method-assign]

    def pop_ele_error(err_cde: str, err_str: str) -> Any:
        q = ele_ctx["queue"]
        if ele_ctx["active"] and q:
            e = q.pop(0)
            if e.err_str != err_str:
                raise AssertionError(f"element error out of step: {e!r} vs {err_str!r}")
            return e
        return None

    def last_segment() -> tuple[int | None, str | None, int | None]:
        if not seg_table:
            return None, None, None
        ln = max(seg_table)
        return ln, seg_table[ln][0], seg_table[ln][1]

    # ---- wrap the err_handler methods that log errors ---------------------
    EH = pyx12.error_handler.err_handler

    def wrap(name: str, make_info):  # type: ignore[no-untyped-def]
        orig = getattr(EH, name)

        def wrapper(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            pre = make_info(self, "pre", args, kwargs)
            n0 = len(records)
            result = orig(self, *args, **kwargs)
            new = records[n0:]
            if len(new) != 1:
                raise AssertionError(f"{name} logged {len(new)} lines: {new!r}")
            info = make_info(self, "post", args, kwargs, pre=pre, text=new[0]["text"])
            new[0]["info"] = info
            return result

        setattr(EH, name, wrapper)

    def envelope_info(level: str):  # type: ignore[no-untyped-def]
        def make(self, phase, args, kwargs, pre=None, text=None):  # type: ignore[no-untyped-def]
            if phase == "pre":
                return None
            err_cde, err_str = args[0], args[1]
            if level == "isa":
                seg = "ISA" if err_cde == "025" else "IEA"
            elif level == "gs":
                seg = "GS" if err_cde == "6" else "GE"
            else:
                seg = "ST" if err_cde in ("1", "6", "7", "23") else "SE"
            _, cur_id, cur_pos = last_segment()
            pos = cur_pos if (level == "st" and cur_id == seg) else None
            return {"level": level, "code": err_cde, "message": err_str,
                    "segment": seg, "segment_index": pos, "element": None}
        return make

    def seg_info(self, phase, args, kwargs, pre=None, text=None):  # type: ignore[no-untyped-def]
        if phase == "pre":
            e = pop_ele_error(*args[:2]) if args and args[0] == "8" else None
            return e
        err_cde, err_str = args[0], args[1]
        err_value = args[2] if len(args) > 2 else kwargs.get("err_value")
        src_line = args[3] if len(args) > 3 else kwargs.get("src_line")
        node = self.cur_seg_node
        line = src_line if src_line else (node.get_cur_line() if node is not None else None)
        seg_id = pos = None
        if isinstance(node, pyx12.error_handler.err_seg) and node.get_cur_line() == line \
                and node.errors and node.errors[-1][:2] == (err_cde, err_str):
            seg_id, pos = node.seg_id, node.seg_count
        elif line in seg_table:
            seg_id, pos = seg_table[line]
        msg = err_str + (f" ({err_value})" if err_value else "")
        element = _fmt_element(seg_id, pre.refdes) if pre is not None else None
        return {"level": "seg", "code": err_cde, "message": msg, "line": line,
                "segment": seg_id, "segment_index": pos, "element": element}

    def ele_info(self, phase, args, kwargs, pre=None, text=None):  # type: ignore[no-untyped-def]
        if phase == "pre":
            return pop_ele_error(*args[:2])
        err_cde, err_str, bad_value = args[0], args[1], args[2]
        refdes = args[3] if len(args) > 3 else kwargs.get("refdes")
        line = self.cur_seg_node.get_cur_line()
        node = self.cur_seg_node
        if isinstance(node, pyx12.error_handler.err_seg):
            seg_id, pos = node.seg_id, node.seg_count
        else:
            seg_id, pos = seg_table.get(line, (None, None))
        if pre is not None and pre.map_node is not None:
            refdes = pre.map_node.refdes
        msg = err_str + (f" ({bad_value})" if bad_value else "")
        return {"level": "ele", "code": err_cde, "message": msg, "line": line,
                "segment": seg_id, "segment_index": pos,
                "element": _fmt_element(seg_id, refdes)}

    wrap("isa_error", envelope_info("isa"))
    wrap("gs_error", envelope_info("gs"))
    wrap("st_error", envelope_info("st"))
    wrap("seg_error", seg_info)
    wrap("ele_error", ele_info)

    # ---- run on a temporary copy, as x12valid would -----------------------
    tmpdir = tempfile.mkdtemp(prefix="pyx12_errors_")
    try:
        tmp = os.path.join(tmpdir, src.name)
        data = src.read_bytes()
        if normalise:
            data = normalise_bytes(data)
        with open(tmp, "wb") as f:
            f.write(data)

        param = pyx12.params.params(None)
        param.set("exclude_external_codes", "")
        validated, reason = True, None
        fd_997 = tempfile.TemporaryFile(mode="w+", encoding="ascii")
        try:
            pyx12.x12n_document.x12n_document(
                param=param, src_file=tmp, fd_997=fd_997, fd_html=None,
                fd_xmldoc=None, fd_json=None, map_path=None,
            )
        except (pyx12.errors.EngineError, pyx12.errors.X12Error) as e:
            validated, reason = False, str(e)
        except Exception as e:  # e.g. UnicodeDecodeError on a UTF-8 BOM
            validated, reason = False, f"{type(e).__name__}: {e}"
        finally:
            fd_997.close()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    errors: list[dict[str, Any]] = []
    ack_crash = False
    line_rx = re.compile(r"^(?:%s)?Line:(\d+) (ISA|GS|ST|SEG|ELE):(\S+) - (.*)$" % re.escape(NO_CUR_SEG), re.S)
    for rec in records:
        text = rec["text"].replace(tmp, "<file>")
        info = rec["info"]
        if info is None:
            if text.startswith(ACK_CRASH_TEXT):
                ack_crash = True
                continue
            if "does not look like an X12 data file" in text:
                validated, reason = False, text
                continue
            # any other stray ERROR line: keep it, unlocated
            errors.append({"line": None, "segment": None, "segment_index": None,
                           "element": None, "level": None, "code": "", "message": text})
            continue
        m = line_rx.match(text)
        if not m:
            raise AssertionError(f"unexpected pyx12 error line: {text!r}")
        tag = {"ISA": "isa", "GS": "gs", "ST": "st", "SEG": "seg", "ELE": "ele"}[m.group(2)]
        if tag != info["level"] or m.group(3) != info["code"] or m.group(4) != info["message"]:
            raise AssertionError(f"context out of step with log line: {info!r} vs {text!r}")
        line = int(m.group(1))
        if info.get("line") not in (None, line):
            raise AssertionError(f"line mismatch: {info!r} vs {text!r}")
        errors.append({
            "line": line,
            "segment": info["segment"],
            "segment_index": info["segment_index"],
            "element": info["element"],
            "level": info["level"],
            "code": info["code"],
            "message": info["message"],
        })
    return {"validated": validated, "reason": reason, "ack_crash": ack_crash, "errors": errors}


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def corpus_files(corpus: pathlib.Path) -> list[str]:
    out = []
    for p in corpus.glob("*/*"):
        if p.is_file() and p.name != "PROVENANCE.md":
            out.append(p.relative_to(corpus).as_posix())
    return sorted(out)


def run_worker(path: pathlib.Path, normalise: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(pathlib.Path(__file__).resolve()), "--worker", str(path)]
    if normalise:
        cmd.append("--normalise")
    env = dict(os.environ, PYTHONHASHSEED="0")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"worker failed for {path}:\n{p.stderr}")
    return json.loads(p.stdout)


def build(corpus: pathlib.Path, jobs: int) -> dict[str, Any]:
    rels = corpus_files(corpus)

    def one(rel: str) -> tuple[str, dict[str, Any]]:
        path = corpus / rel
        rec = run_worker(path, False)
        norm = None
        # As PROVENANCE.md's last column: only for files pyx12 could not read
        # because of a missing guide map or a UTF-8 BOM.
        reason = rec["reason"] or ""
        if not rec["validated"] and (reason.startswith("Map not found")
                                     or reason.startswith("UnicodeDecodeError")):
            norm = run_worker(path, True)
        rec["normalised"] = norm
        return rel, rec

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        results = dict(ex.map(one, rels))
    return {"pyx12": PYX12_VERSION, "files": {k: results[k] for k in sorted(results)}}


def dump(doc: dict[str, Any]) -> str:
    # one error object per line: deterministic, diff-friendly, compact enough
    lines = ["{", f'  "pyx12": {json.dumps(doc["pyx12"])},', '  "files": {']
    files = list(doc["files"].items())

    def rec_lines(rec: dict[str, Any], indent: str) -> list[str]:
        out = [f'{indent}"validated": {json.dumps(rec["validated"])},',
               f'{indent}"reason": {json.dumps(rec["reason"])},',
               f'{indent}"ack_crash": {json.dumps(rec["ack_crash"])},']
        errs = rec["errors"]
        if errs:
            out.append(f'{indent}"errors": [')
            for i, e in enumerate(errs):
                comma = "," if i + 1 < len(errs) else ""
                out.append(f"{indent}  {json.dumps(e, ensure_ascii=True)}{comma}")
            out.append(f"{indent}]" + ("," if "normalised" in rec else ""))
        else:
            out.append(f'{indent}"errors": []' + ("," if "normalised" in rec else ""))
        if "normalised" in rec:
            if rec["normalised"] is None:
                out.append(f'{indent}"normalised": null')
            else:
                out.append(f'{indent}"normalised": {{')
                out.extend(rec_lines(rec["normalised"], indent + "  "))
                out.append(f"{indent}}}")
        return out

    for i, (rel, rec) in enumerate(files):
        lines.append(f"    {json.dumps(rel)}: {{")
        lines.extend(rec_lines(rec, "      "))
        lines.append("    }" + ("," if i + 1 < len(files) else ""))
    lines.append("  }")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == doc
    return text


# --------------------------------------------------------------------------
# Comparison with PROVENANCE.md's verdict columns
# --------------------------------------------------------------------------

def _log_line(e: dict[str, Any]) -> str:
    tag = {"isa": "ISA", "gs": "GS", "st": "ST", "seg": "SEG", "ele": "ELE"}.get(e["level"])
    if tag is None:
        return e["message"]
    return f"Line:{e['line']} {tag}:{e['code']} - {e['message']}"


def _summary(rec: dict[str, Any]) -> tuple[int, str | None, bool]:
    if not rec["validated"]:
        return len(rec["errors"]) + 1, rec["reason"], rec["ack_crash"]
    first = _log_line(rec["errors"][0]) if rec["errors"] else None
    return len(rec["errors"]), first, rec["ack_crash"]


def _parse_verdict(cell: str) -> tuple[int, str | None, bool] | None:
    cell = cell.strip().replace("\\|", "|")
    if not cell:
        return None
    crash = "crashed writing its own 999" in cell
    if cell.startswith("clean"):
        return 0, None, crash
    m = re.match(r"^(\d+) error(?:\(s\)|s)?; first: (.*)$", cell)
    if not m:
        raise ValueError(f"cannot parse verdict {cell!r}")
    return int(m.group(1)), m.group(2), crash


def _squash(s: str) -> str:
    s = s.replace(NO_CUR_SEG, "")
    return re.sub(r"\s+", " ", s).strip()


def compare_provenance(corpus: pathlib.Path, doc: dict[str, Any]) -> list[str]:
    text = (corpus / "PROVENANCE.md").read_text(encoding="utf-8")
    problems: list[str] = []
    seen = set()
    for row in text.splitlines():
        if not re.match(r"^\| \d+ \| `", row):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
        rel = cells[1].strip("`")
        seen.add(rel)
        rec = doc["files"].get(rel)
        if rec is None:
            problems.append(f"{rel}: listed in PROVENANCE.md but not in corpus")
            continue
        for label, cell, r in (("verdict", cells[8], rec), ("normalised", cells[9], rec["normalised"])):
            want = _parse_verdict(cell)
            if want is None and r is None:
                continue
            if want is None:
                problems.append(f"{rel} [{label}]: PROVENANCE.md blank, record has {_summary(r)[:2]}")
                continue
            if r is None:
                problems.append(f"{rel} [{label}]: record null, PROVENANCE.md says {cell!r}")
                continue
            got = _summary(r)
            if got[0] != want[0]:
                problems.append(f"{rel} [{label}]: count {got[0]} vs PROVENANCE.md {want[0]}")
            if want[1] is not None and (got[1] is None or not _squash(want[1]).startswith(_squash(got[1]))):
                problems.append(f"{rel} [{label}]: first {got[1]!r} vs PROVENANCE.md {want[1]!r}")
            # PROVENANCE.md notes the 999-writer crash only on "clean" verdicts.
            if want[0] == 0 and got[2] != want[2]:
                problems.append(f"{rel} [{label}]: ack_crash {got[2]} vs PROVENANCE.md {want[2]}")
    for rel in doc["files"]:
        if rel not in seen:
            problems.append(f"{rel}: not listed in PROVENANCE.md")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    ap.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 4)
    ap.add_argument("--check", action="store_true", help="exit 1 if the output file is stale")
    ap.add_argument("--provenance", action="store_true",
                    help="compare counts and first errors with PROVENANCE.md")
    ap.add_argument("--worker", type=pathlib.Path, help=argparse.SUPPRESS)
    ap.add_argument("--normalise", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        json.dump(run_pyx12(args.worker, args.normalise), sys.stdout)
        return 0

    doc = build(args.corpus, args.jobs)
    text = dump(doc)
    status = 0
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is stale; rerun scripts/pyx12_errors.py", file=sys.stderr)
            status = 1
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")

    n_err = sum(len(r["errors"]) for r in doc["files"].values())
    n_norm = sum(len(r["normalised"]["errors"]) for r in doc["files"].values() if r["normalised"])
    n_fail = sum(1 for r in doc["files"].values() if not r["validated"])
    print(f"{len(doc['files'])} files, {n_fail} not validated, {n_err} errors "
          f"(+{n_norm} in normalised records)", file=sys.stderr)
    if args.provenance:
        problems = compare_provenance(args.corpus, doc)
        for p in problems:
            print("DIFF " + p, file=sys.stderr)
        print(f"PROVENANCE.md comparison: {len(problems)} disagreement(s)", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
