"""Times networkx, rustworkx and iln's solver on the same CSV graphs (id_a,id_b,score).

Each tool runs max-cardinality maximum-weight matching; the script prints per graph the
total weight and median seconds of each, and how many times faster iln is. It exits non-zero
if any tool reports a different total weight.
"""

import csv
import json
import statistics
import subprocess
import sys
import time

import networkx
import rustworkx

RUNS = 3


def read(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return [(int(a), int(b), int(w)) for a, b, w in rows]


def median_time(fn):
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run_networkx(edges):
    g = networkx.Graph()
    g.add_weighted_edges_from(edges)
    seconds, matching = median_time(
        lambda: networkx.max_weight_matching(g, maxcardinality=True)
    )
    return seconds, sum(g[u][v]["weight"] for u, v in matching), len(matching)


def run_rustworkx(edges):
    g = rustworkx.PyGraph()
    index = {}
    for a, b, _ in edges:
        for x in (a, b):
            if x not in index:
                index[x] = g.add_node(x)
    for a, b, w in edges:
        g.add_edge(index[a], index[b], w)
    seconds, matching = median_time(
        lambda: rustworkx.max_weight_matching(
            g, max_cardinality=True, weight_fn=lambda w: w, verify_optimum=False
        )
    )
    weight = sum(g.get_edge_data(u, v) for u, v in matching)
    return seconds, weight, len(matching)


def run_iln(solver, path):
    out = subprocess.run(
        [solver, path, "--runs", str(RUNS)], check=True, capture_output=True, text=True
    ).stdout
    r = json.loads(out)
    return r["median_seconds"], r["weight"], r["pairs"]


def main():
    solver, paths = sys.argv[1], sys.argv[2:]
    print(f"median of {RUNS} runs; max-cardinality maximum-weight matching")
    header = (
        f"{'graph':<22}{'nodes':>7}{'edges':>9}  {'tool':<10}{'weight':>10}"
        f"{'pairs':>7}{'seconds':>10}{'iln faster':>12}"
    )
    print(header)
    print("-" * len(header))
    agree = True
    for path in paths:
        edges = read(path)
        nodes = len({x for a, b, _ in edges for x in (a, b)})
        results = {
            "iln": run_iln(solver, path),
            "rustworkx": run_rustworkx(edges),
            "networkx": run_networkx(edges),
        }
        ours = results["iln"]
        name = path.rsplit("/", 1)[-1]
        for tool, (seconds, weight, pairs) in results.items():
            ratio = "" if tool == "iln" else f"{seconds / ours[0]:.1f}x"
            print(
                f"{name:<22}{nodes:>7}{len(edges):>9}  {tool:<10}{weight:>10}"
                f"{pairs:>7}{seconds:>10.4f}{ratio:>12}"
            )
            if weight != ours[1]:
                agree = False
                print(f"  !! {tool} total weight {weight} differs from iln's {ours[1]}")
    print("all tools agree on every total weight" if agree else "TOTAL WEIGHTS DIFFER")
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
