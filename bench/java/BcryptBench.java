import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Cost of one bcrypt verification with the jBCrypt jar the WAR ships, as the server does it at
 * login (BCrypt.checkpw). Usage: java -cp jbcrypt.jar BcryptBench.java COST [N] [THREADS]
 * With one thread (default) it prints: COST median_cpu_ms median_wall_ms N (after 3 discarded
 * warm-up hashes). With THREADS > 1 every thread does N verifications at once, nothing else running
 * in this JVM, and it prints: COST median_cpu_ms_per_hash hashes_per_second N THREADS — the rate the
 * cores really reach in parallel, which is what a server's logins can be compared with.
 */
public class BcryptBench {
    private static final String PASSWORD = "bench-password-0123456789";

    public static void main(String[] args) throws InterruptedException {
        int cost = Integer.parseInt(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String hash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(cost));
        for (int i = 0; i < 3; i++) {
            BCrypt.checkpw(PASSWORD, hash);
        }
        if (threads == 1) {
            long[] cpu = new long[n];
            long[] wall = new long[n];
            measure(hash, cpu, wall);
            Arrays.sort(wall);
            System.out.printf("%d %.1f %.1f %d%n", cost, median(cpu) / 1e6, median(wall) / 1e6, n);
            return;
        }
        long[][] cpu = new long[threads][n];
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            long[] mine = cpu[t];
            Thread worker = new Thread(() -> measure(hash, mine, new long[n]));
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(cpu).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%d %.1f %.2f %d %d%n", cost, median(all) / 1e6, threads * n / seconds, n, threads);
    }

    private static void measure(String hash, long[] cpu, long[] wall) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < cpu.length; i++) {
            long c = mx.getCurrentThreadCpuTime();
            long w = System.nanoTime();
            if (!BCrypt.checkpw(PASSWORD, hash)) {
                throw new IllegalStateException("checkpw failed");
            }
            wall[i] = System.nanoTime() - w;
            cpu[i] = mx.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(cpu);
    }

    private static double median(long[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }
}
