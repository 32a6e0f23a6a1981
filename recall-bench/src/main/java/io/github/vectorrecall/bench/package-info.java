/**
 * JMH benchmarks of the recall path: the index search alone, the user encoder alone, and
 * {@link io.github.vectorrecall.RecallEngine#recall} end to end.
 *
 * <p>Run them from the shaded jar:
 *
 * <pre>{@code
 * mvn -B -q install -DskipTests
 * java -jar recall-bench/target/benchmarks.jar IndexSearch -p provider=hnswlib,exact
 * }</pre>
 */
package io.github.vectorrecall.bench;
