#!/usr/bin/env bash
# Issue 7's headline: RecallEngine.recall end to end (plain-Java user encoder + search + exclude
# seen) against native hnswlib's search alone on the same item and user vectors, JDK 17 without
# and with the vector module, JDK 25 with it, then native; then one joined table.
# The first run trains a 128-dimension model on a 100,000-item synthetic catalog and keeps it in
# $OUT/model; later runs reuse it. Needs the benchmarks jar and python3-hnswlib.
#   bash recall-bench/engine-run.sh [EF] [ITEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
EF=${1:-500,800,1200,2000}
ITEMS=${2:-100000}
OUT=${OUT:-recall-bench/target/engine}
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=recall-bench/target/benchmarks.jar
RUN=io.github.vectorrecall.bench.EngineRun
ARGS="--out $OUT --items $ITEMS --dim 128 --k 500 --ef $EF --repeats 2 --providers ${PROVIDERS:-hnsw,exact}"
mkdir -p "$OUT" && rm -f "$OUT/builds.tsv" "$OUT/searches.tsv"
echo "## JDK 17, scalar"
java -Xms6g -Xmx6g -Dai.djl.offline=true -cp $JAR $RUN $ARGS --label jdk17 2>&1 | grep -v INFO
echo "## JDK 17, vector module"
java -Xms6g -Xmx6g -Dai.djl.offline=true --add-modules jdk.incubator.vector -cp $JAR $RUN $ARGS --label jdk17-simd 2>&1 | grep -v INFO
if [ -x "$J25" ]; then
  echo "## JDK 25, vector module"
  "$J25" -Xms6g -Xmx6g -Dai.djl.offline=true --add-modules jdk.incubator.vector -cp $JAR $RUN $ARGS --label jdk25-simd 2>&1 | grep -v INFO
fi
echo "## native"
/usr/bin/python3 recall-bench/scripts/native_hnswlib.py "$OUT" 128 500 "$EF" 2 2
echo "## joined"
/usr/bin/python3 recall-bench/scripts/compare.py "$OUT"
