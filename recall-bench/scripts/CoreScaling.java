/**
 * How much a second thread adds to vectorised float arithmetic on this machine: each thread
 * runs a[i] = a[i] * b[i] + c[i] over arrays of its own (C2 vectorises the loop), 2e10 element
 * updates per thread, and the wall time is printed. Arrays of 4,096 floats stay in L1 (the
 * arithmetic is the limit); larger ones measure the caches and memory instead.
 *
 * <p>Run: {@code java recall-bench/scripts/CoreScaling.java THREADS N}, e.g. 1 4096 then 2 4096:
 * on cores of their own the two times are equal; where two threads share one core's vector
 * units (SMT siblings, or a hypervisor's), the second is longer.
 */
public class CoreScaling {
  static void work(float[] a, float[] b, float[] c, long reps) {
    for (long r = 0; r < reps; r++) {
      for (int i = 0; i < a.length; i++) {
        a[i] = a[i] * b[i] + c[i];
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    int threads = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    Thread[] running = new Thread[threads];
    float[] sink = new float[threads];
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int index = t;
      running[t] = new Thread(() -> {
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.999f);
        java.util.Arrays.fill(c, 0.001f);
        work(a, b, c, 20_000_000_000L / n);
        sink[index] = a[0];
      });
      running[t].start();
    }
    for (Thread t : running) {
      t.join();
    }
    System.out.printf("threads %d, %d floats each: %.2f s (a[0] = %.3f)%n", threads, n,
        (System.nanoTime() - start) / 1e9, sink[0]);
  }
}
