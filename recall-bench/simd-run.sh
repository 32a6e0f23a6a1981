#!/usr/bin/env bash
# JDK 17 scalar, JDK 17 with the vector module, JDK 25 with the vector module, then native
# hnswlib, back to back on the same reference data (BENCHMARKS.md). Set J25 to a JDK 25 java.
cd "$(dirname "$0")/.."
J17=java
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ARGS="--out recall-bench/target/refsimd --providers hnsw,exact --k 500 --ef 800 --repeats 3"
echo "=== JDK 17 scalar"; $J17 -Xmx4g -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.ReferenceRun $ARGS 2>&1 | grep -E "^\||Distance"
echo "=== JDK 17 vector module"; $J17 -Xmx4g --add-modules jdk.incubator.vector -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.ReferenceRun $ARGS 2>&1 | grep -E "^\||Distance"
echo "=== JDK 25 vector module"; $J25 -Xmx4g --add-modules jdk.incubator.vector -cp recall-bench/target/benchmarks.jar io.github.vectorrecall.bench.ReferenceRun $ARGS 2>&1 | grep -E "^\||Distance"
echo "=== native"; /usr/bin/python3 recall-bench/scripts/native_hnswlib.py recall-bench/target/refsimd 128 500 800 3
