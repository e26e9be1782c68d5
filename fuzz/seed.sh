#!/usr/bin/env bash
# Seed the fuzz corpora from the crate's fixtures and the shared sample
# files. fuzz/corpus/ is git-ignored: never commit corpus files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
shared="${CLAIMCHECK_SHARED_CORPUS:-$(dirname "$root")/shared/corpus}"
for target in tokenize validate; do
    dest="$here/corpus/$target"
    mkdir -p "$dest"
    for f in "$root"/fixtures/env/*.x12 "$shared"/*/*; do
        [ -f "$f" ] || continue
        [ "$(basename "$f")" = PROVENANCE.md ] && continue
        # Prefix with the parent folder: names repeat across sources.
        cp "$f" "$dest/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    echo "$target: $(ls "$dest" | wc -l) files in $dest"
done
