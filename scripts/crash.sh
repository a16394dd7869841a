#!/usr/bin/env bash
# The crash harness (tests/crash.rs) with more kill points: the real binary is killed at
# N times the points CI uses (default 10: 1,070 kills) across an import into a new round, a
# match, a publish, a topic saved in the app and a run of sends; each kill is followed by
# PRAGMA integrity_check and a check that the file holds all of a change or none of it.
#
#   scripts/crash.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
ILN_CRASH_POINTS="${1:-10}" cargo test --test crash -- --nocapture --test-threads=1
