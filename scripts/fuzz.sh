#!/usr/bin/env bash
# Fuzzes the readers of what coordinators import: survey exports as CSV, as .xlsx, and
# mapping files. Each target runs for RUNS executions (default 10 million) and stops at the
# first crash, leaving the input that caused it under fuzz/artifacts/. Not part of CI: a
# full run takes hours. Needs `cargo install cargo-fuzz`; the stable toolchain is used with
# RUSTC_BOOTSTRAP, as cargo fuzz needs nightly flags.
#
#   scripts/fuzz.sh [RUNS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
runs="${1:-10000000}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv xlsx mapping)
mkdir -p corpus
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    # Seeds: the survey exports the tests import.
    case "$target" in
        csv) cp ../tests/fixtures/import/*.csv "corpus/$target/" 2>/dev/null || true ;;
        xlsx) for f in ../tests/fixtures/import/*.xlsx; do
                  [ -e "$f" ] && tail -c +5 "$f" > "corpus/$target/$(basename "$f")"
              done ;;
        mapping) cp ../tests/fixtures/import/*.toml "corpus/$target/" 2>/dev/null || true ;;
    esac
    echo "== $target: $runs executions"
    log="corpus/$target.log"
    # Both readers are fuzzed without the address sanitizer: it finds memory errors in
    # unsafe code, and costs three times the executions (the CSV reader is safe Rust over
    # the csv crate; the .xlsx reader had 5 million executions with it, no crash). The
    # .xlsx reader is fuzzed as it ships, without overflow checks (-O): calamine 0.38
    # overflows its column arithmetic on a crafted cell reference (see
    # tests/fixtures/import/overflowing-cell.xlsx), which panics wherever they are on.
    flags=(-s none)
    [ "$target" = xlsx ] && flags+=(-O)
    if ! RUSTC_BOOTSTRAP=1 cargo fuzz run "${flags[@]}" "$target" "corpus/$target" -- \
        -runs="$runs" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
        tail -40 "$log"
        echo "== $target: FAILED (the input is under fuzz/artifacts/$target)"
        exit 1
    fi
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done)" "$log"
done
