#!/usr/bin/env python3
"""Joins the figures of a reference run (builds.tsv, searches.tsv written by ReferenceRun and
native_hnswlib.py into one directory) into markdown tables, with each contender's time divided by
native hnswlib's at the same K and ef. With several rounds, every figure is the median over the
rounds, and the ratio is the median of the per-round ratios.

    python3 recall-bench/scripts/compare.py recall-bench/target/reference
"""
import statistics
import sys
from collections import defaultdict


def rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def main():
    out = sys.argv[1]
    # searches: label provider K ef recall p50 p99 p999; one row per round, in run order
    runs = defaultdict(list)
    for label, provider, k, ef, recall, p50, p99, p999 in rows(f"{out}/searches.tsv"):
        runs[(label, provider, int(k), ef)].append(
            (float(recall), float(p50), float(p99), float(p999)))
    keys = sorted({(k, ef) for (_, _, k, ef) in runs}, key=lambda x: (x[0], x[1] != "-", int(x[1]) if x[1] != "-" else 0))
    print("| K | ef | contender | rounds | recall@K | P50 ms | P99 ms | P99.9 ms | P50 ÷ native | P99 ÷ native |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for k, ef in keys:
        native = runs.get(("native", "native-hnswlib", k, ef))
        for (label, provider, kk, e), figures in runs.items():
            if (kk, e) != (k, ef):
                continue
            med = [statistics.median(f[i] for f in figures) for i in range(4)]
            ratio = ["", ""]
            if native and label != "native":
                n = min(len(native), len(figures))
                for j, col in enumerate((1, 2)):
                    ratio[j] = f"{statistics.median(figures[r][col] / native[r][col] for r in range(n)):.2f}"
            name = provider if label == "native" else f"{provider} ({label})"
            print(f"| {k} | {ef} | {name} | {len(figures)} | {med[0]:.3f} | {med[1]:.2f} | {med[2]:.2f} | {med[3]:.2f} | {ratio[0]} | {ratio[1]} |")
    builds = defaultdict(list)
    for label, provider, threads, seconds in rows(f"{out}/builds.tsv"):
        builds[(label, provider, int(threads))].append(float(seconds))
    print("\n| build | threads | rounds | seconds | ÷ native |\n|---|---|---|---|---|")
    for (label, provider, threads), secs in sorted(builds.items(), key=lambda x: (x[0][2], x[0][1])):
        native = builds.get(("native", "native-hnswlib", threads))
        ratio = f"{statistics.median(secs) / statistics.median(native):.2f}" if native and label != "native" else ""
        name = provider if label == "native" else f"{provider} ({label})"
        print(f"| {name} | {threads} | {len(secs)} | {statistics.median(secs):.1f} | {ratio} |")


if __name__ == "__main__":
    main()
