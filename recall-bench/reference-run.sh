#!/usr/bin/env bash
# The reference comparison of issue 6: Java providers and native hnswlib on the same data file,
# alternated ROUNDS times so that machine noise hits every contender. Needs the built
# benchmarks jar (mvn -B -q install -DskipTests) and the Debian package python3-hnswlib.
#   bash recall-bench/reference-run.sh [ROUNDS] [PROVIDERS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}
PROVIDERS=${2:-hnsw,hnswlib,exact}
OUT=recall-bench/target/reference
K=100,500
EF=200,400,800,1200
for round in $(seq 1 "$ROUNDS"); do
  echo "## round $round: Java ($(java -version 2>&1 | head -1))"
  java -Xms4g -Xmx4g -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.ReferenceRun \
    --out "$OUT" --providers "$PROVIDERS" --k "$K" --ef "$EF" --repeats 2 2>&1 | grep -v INFO
  echo "## round $round: native"
  /usr/bin/python3 recall-bench/scripts/native_hnswlib.py "$OUT" 128 "$K" "$EF" 2
done
