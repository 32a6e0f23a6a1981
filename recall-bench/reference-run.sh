#!/usr/bin/env bash
# The reference comparison of issue 6 (BENCHMARKS.md): the Java providers on JDK 17 without and
# with the vector module and on JDK 25 with it, then native hnswlib, on the same data file,
# alternated ROUNDS times so that machine noise hits every contender; then one joined table.
# Needs the built benchmarks jar (mvn -B -q install -DskipTests), the Debian package
# python3-hnswlib, and a JDK 25 in J25 for that row (skipped when absent).
#   bash recall-bench/reference-run.sh [ROUNDS] [K] [EF] [BUILD_THREADS]
# JDK17=false skips the two JDK 17 rows; J25_PROVIDERS (default hnsw,exact) names the JDK 25
# row's providers, e.g. hnsw,hnsw-int8 for the int8 walk. The JVMs run with AlwaysPreTouch (a
# serving JVM has long since touched its heap; native hnswlib allocates nothing per query).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-1}
K=${2:-100,500}
EF=${3:-200,500,800,1000}
THREADS=${4:-2}
OUT=${OUT:-recall-bench/target/reference}
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=recall-bench/target/benchmarks.jar
RUN=io.github.vectorrecall.bench.ReferenceRun
ARGS="--out $OUT --k $K --ef $EF --repeats 2 --build-threads $THREADS"
mkdir -p "$OUT" && rm -f "$OUT/builds.tsv" "$OUT/searches.tsv"
HEAP="-Xms6g -Xmx6g -XX:+AlwaysPreTouch"
for round in $(seq 1 "$ROUNDS"); do
  if [ "${JDK17:-true}" != false ]; then
    echo "## round $round: JDK 17, scalar"
    java $HEAP -cp $JAR $RUN $ARGS --label jdk17 --providers "${SCALAR_PROVIDERS:-hnsw,hnswlib,voyager,exact}" 2>&1 | grep -v INFO
    echo "## round $round: JDK 17, vector module"
    java $HEAP --add-modules jdk.incubator.vector -cp $JAR $RUN $ARGS --label jdk17-simd --providers hnsw,exact 2>&1 | grep -v INFO
  fi
  if [ -x "$J25" ]; then
    echo "## round $round: JDK 25, vector module"
    "$J25" $HEAP --add-modules jdk.incubator.vector -cp $JAR $RUN $ARGS --label jdk25-simd --providers "${J25_PROVIDERS:-hnsw,exact}" 2>&1 | grep -v INFO
  fi
  echo "## round $round: native"
  /usr/bin/python3 recall-bench/scripts/native_hnswlib.py "$OUT" 128 "$K" "$EF" 2 "$THREADS"
done
echo "## joined"
/usr/bin/python3 recall-bench/scripts/compare.py "$OUT"
