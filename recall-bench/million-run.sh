#!/usr/bin/env bash
# 1,000,000 × 128 reference vectors (BENCHMARKS.md): build time, heap and bytes per item of the
# project's hnsw with 2 threads, then search at K = 100 and 500 against brute force; then native
# hnswlib on the same files. JDK 17 with the vector module, -Xmx14g on the 24 GiB machine.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-recall-bench/target/ref1m}
EF=${1:-500,1000}
mkdir -p "$OUT" && rm -f "$OUT/builds.tsv" "$OUT/searches.tsv"
java -Xms14g -Xmx14g --add-modules jdk.incubator.vector -cp recall-bench/target/benchmarks.jar \
  io.github.vectorrecall.bench.ReferenceRun --out "$OUT" --items 1000000 --k 100,500 --ef "$EF" \
  --repeats 1 --providers hnsw,exact --label jdk17-simd 2>&1 | grep -v INFO
/usr/bin/python3 recall-bench/scripts/native_hnswlib.py "$OUT" 128 100,500 "$EF" 1 2
/usr/bin/python3 recall-bench/scripts/compare.py "$OUT"
