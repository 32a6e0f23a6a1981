#!/usr/bin/env python3
"""Native C++ hnswlib (Debian package python3-hnswlib) on the data ReferenceRun wrote.

Same settings as the Java run: inner product, M 16, efConstruction 200, one search thread,
recall@K against brute force (numpy), per-query latency P50/P99/P99.9 over an ef ladder,
repeated. Each query is one knn_query call from Python (a few microseconds of call overhead).

    /usr/bin/python3 recall-bench/scripts/native_hnswlib.py target/reference 128 100,500 200,400,800,1200 3
"""
import sys
import time

import hnswlib
import numpy as np


def main():
    out, dim = sys.argv[1], int(sys.argv[2])
    ks = [int(x) for x in sys.argv[3].split(",")]
    efs = [int(x) for x in sys.argv[4].split(",")]
    repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    threads = [int(x) for x in (sys.argv[6] if len(sys.argv) > 6 else "2").split(",")]
    items = np.fromfile(f"{out}/items.f32", dtype="<f4").reshape(-1, dim)
    queries = np.fromfile(f"{out}/queries.f32", dtype="<f4").reshape(-1, dim)
    truth = {k: [] for k in ks}
    for start in range(0, len(queries), 100):  # in chunks: 1,000 × 1M scores would take 4 GB
        scores = queries[start:start + 100] @ items.T
        for k in ks:
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            truth[k].extend(set(row) for row in top)
    print(f"native hnswlib {getattr(hnswlib, '__version__', '0.6')}: {len(items)} items x {dim}")
    print("\n| provider | build threads | build s |\n|---|---|---|")
    index = None
    for t in threads:
        p = hnswlib.Index(space="ip", dim=dim)
        p.init_index(max_elements=len(items), ef_construction=200, M=16, random_seed=42)
        p.set_num_threads(t)
        start = time.perf_counter()
        p.add_items(items, np.arange(len(items)))
        seconds = time.perf_counter() - start
        print(f"| native-hnswlib | {t} | {seconds:.1f} |")
        with open(f"{out}/builds.tsv", "a") as f:
            f.write(f"native\tnative-hnswlib\t{t}\t{seconds:.2f}\n")
        index = p
    index.set_num_threads(1)
    for k in ks:
        for ef in efs:
            index.set_ef(max(ef, k))
            for q in queries:
                index.knn_query(q, k=k)
    samples, recall = {}, {}
    for r in range(repeats):
        for k in ks:
            for ef in efs:
                index.set_ef(max(ef, k))
                times, hit = [], 0.0
                for i, q in enumerate(queries):
                    s = time.perf_counter_ns()
                    labels, _ = index.knn_query(q, k=k)
                    times.append(time.perf_counter_ns() - s)
                    if r == 0:
                        hit += len(truth[k][i] & set(labels[0].tolist())) / k
                samples.setdefault((k, ef), []).extend(times)
                if r == 0:
                    recall[(k, ef)] = hit / len(queries)
    print("\n| provider | K | ef | recall@K | P50 ms | P99 ms | P99.9 ms |\n|---|---|---|---|---|---|---|")
    for (k, ef), t in samples.items():
        t = np.sort(np.array(t)) / 1e6
        pct = lambda p: t[min(len(t) - 1, int(np.ceil(p * len(t))) - 1)]
        print(f"| native-hnswlib | {k} | {ef} | {recall[(k, ef)]:.4f} | {pct(0.5):.3f} | {pct(0.99):.3f} | {pct(0.999):.3f} |")
        with open(f"{out}/searches.tsv", "a") as f:
            f.write(f"native\tnative-hnswlib\t{k}\t{ef}\t{recall[(k, ef)]:.4f}\t{pct(0.5):.4f}\t{pct(0.99):.4f}\t{pct(0.999):.4f}\n")


if __name__ == "__main__":
    main()
