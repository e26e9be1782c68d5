#!/usr/bin/env bash
# rustc wrapper for scripts/build_pgo.sh, set as RUSTC_WORKSPACE_WRAPPER so
# that cargo runs it for claimcheck's own crates only: it adds the flag in
# CLAIMCHECK_PGO_FLAG (-Cprofile-generate=… or -Cprofile-use=…) and the
# one in CLAIMCHECK_LINK_FLAG (kept relocations, for BOLT) to their
# compilations. The dependencies build once, untouched, and both builds
# share them.
rustc=$1
shift
case " $* " in
  *" --crate-name "*) exec "$rustc" "$@" ${CLAIMCHECK_PGO_FLAG:+"$CLAIMCHECK_PGO_FLAG"} \
    ${CLAIMCHECK_LINK_FLAG:+"$CLAIMCHECK_LINK_FLAG"} ;;
  *) exec "$rustc" "$@" ;;
esac
