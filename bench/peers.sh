#!/usr/bin/env bash
# Runs networkx and rustworkx max_weight_matching (max-cardinality) beside iln's own solver
# on the same graphs, and prints each tool's total weight and seconds with the speed ratios.
#
# The graphs are demo rounds of 500, 1,000 and 2,000 applicants (SIZES to change), exported
# with `iln export candidates --solver-graph`: the pairs iln's exact engine solved on in the
# end (each person's best candidates plus every pair pricing added), on which the optimum
# equals the optimum over all allowed pairs.
#
# Usage: bench/peers.sh            (creates target/peers/venv with networkx and rustworkx)
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-"500 1000 2000"}
work=target/peers
mkdir -p "$work"

venv="$work/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import networkx, rustworkx' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet networkx rustworkx
fi

cargo build --release --quiet --bin iln --example solve_graph

graphs=()
for n in $sizes; do
    db="$work/demo-$n.db"
    rm -f "$db" "$db-wal" "$db-shm"
    target/release/iln --db "$db" demo --applicants "$n" --ready-to-match >/dev/null
    target/release/iln --db "$db" export candidates --round "2027 A" --solver-graph \
        -o "$work/graph-$n.csv" >/dev/null
    graphs+=("$work/graph-$n.csv")
done

"$venv/bin/python" bench/peers.py target/release/examples/solve_graph "${graphs[@]}"
