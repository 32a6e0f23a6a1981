#!/usr/bin/env bash
# Issue 16 (BENCHMARKS.md, "Vector search on user-like queries"): the project's hnsw and exact
# providers (JDK 17 with the vector module) and native hnswlib on the same UserLikeVectors data
# (power-law anisotropic clusters, queries that mix liked items), hnsw-int8 being hnsw with int8
# codes searched with GRAPH_INT8, over an ef ladder reaching
# recall@500 .95; then one joined table. Needs the built benchmarks jar
# (mvn -B -q -pl recall-bench -am package -DskipTests) and the Debian package python3-hnswlib.
#   bash recall-bench/userlike-run.sh [ITEMS] [DIM] [K] [EF] [BUILD_THREADS]
# defaults 200000 64 500,100 500,1000,1500,2000,2500,3000 2; the large case is
#   bash recall-bench/userlike-run.sh 1000000 128      (the JVM then gets -Xmx12g; HEAP overrides)
# DATA_OPTIONS changes the generator's parameters (ReferenceRun --data-options), e.g.
#   PROVIDERS=exact DATA_OPTIONS=minLiked=1,maxLiked=1,strayLikes=0,queryNoise=0 (item-like queries).
# ROUNDS (default 1) alternates the JVM and native hnswlib that many times; the joined table
# gives medians. JAVA and LABEL choose another JDK (e.g. JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java LABEL=jdk25-simd).
# JVM_FLAGS adds JVM options, e.g. -XX:+UseTransparentHugePages; GLIBC_TUNABLES=glibc.malloc.hugetlb=1
# in the environment gives native hnswlib's memory transparent huge pages likewise.
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS=${1:-200000}
DIM=${2:-64}
K=${3:-500,100}
EF=${4:-500,1000,1500,2000,2500,3000}
THREADS=${5:-2}
OUT=${OUT:-recall-bench/target/userlike}
JAVA=${JAVA:-java}
if [ "$ITEMS" -ge 500000 ]; then HEAP=${HEAP:-12g}; else HEAP=${HEAP:-4g}; fi
JAR=recall-bench/target/benchmarks.jar
mkdir -p "$OUT" && rm -f "$OUT/builds.tsv" "$OUT/searches.tsv"
for round in $(seq 1 "${ROUNDS:-1}"); do
  echo "## round $round: $($JAVA -version 2>&1 | head -1), vector module: ${PROVIDERS:-hnsw,hnsw-int8,exact}"
  # AlwaysPreTouch: a serving JVM has long since touched its heap; without it, first touches of
  # fresh heap pages (the kernel clearing them) cost the Java side about a tenth of a walk.
  "$JAVA" -Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch ${JVM_FLAGS:-} --add-modules jdk.incubator.vector -cp $JAR \
    io.github.vectorrecall.bench.ReferenceRun --out "$OUT" --data user-like --items "$ITEMS" \
    --dim "$DIM" --data-options "${DATA_OPTIONS:-}" --k "$K" --ef "$EF" --repeats 2 \
    --build-threads "$THREADS" --providers "${PROVIDERS:-hnsw,hnsw-int8,exact}" \
    --label "${LABEL:-jdk17-simd}" 2>&1 | grep -v INFO
  echo "## round $round: native hnswlib"
  /usr/bin/python3 recall-bench/scripts/native_hnswlib.py "$OUT" "$DIM" "$K" "$EF" 2 "$THREADS"
done
echo "## joined"
/usr/bin/python3 recall-bench/scripts/compare.py "$OUT"
