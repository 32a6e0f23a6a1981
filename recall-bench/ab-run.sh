#!/usr/bin/env bash
# A/B of two builds of the benchmarks jar on the reference data (BENCHMARKS.md, "Neighbour
# scoring"): `hnsw` at K = 500, ef 800, JDK 17 without flags and with the vector module, the two
# jars alternated ROUNDS times so that machine noise hits both. Keep a copy of the jar before a
# change (cp recall-bench/target/benchmarks.jar /tmp/before.jar), rebuild, then:
#   bash recall-bench/ab-run.sh /tmp/before.jar recall-bench/target/benchmarks.jar [ROUNDS]
set -euo pipefail
A_JAR=$1
B_JAR=$2
ROUNDS=${3:-2}
OUT=${OUT:-recall-bench/target/ab}
RUN=io.github.vectorrecall.bench.ReferenceRun
ARGS="--k 500 --ef 800 --repeats 2 --build-threads 2 --providers hnsw"
mkdir -p "$OUT/a" "$OUT/b"
for round in $(seq 1 "$ROUNDS"); do
  for flags in "" "--add-modules jdk.incubator.vector"; do
    for side in a b; do
      jar=$A_JAR; [ "$side" = b ] && jar=$B_JAR
      echo "## round $round, $side ($jar) ${flags:-scalar}"
      # shellcheck disable=SC2086
      java -Xms6g -Xmx6g $flags -cp "$jar" $RUN $ARGS --out "$OUT/$side" --label "$side" 2>&1 \
        | grep -E '^\| hnsw'
    done
  done
done
