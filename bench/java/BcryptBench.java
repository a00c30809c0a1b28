import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Single-threaded cost of one bcrypt verification with the jBCrypt jar the WAR ships, as the
 * server does it at login (BCrypt.checkpw). Usage: java -cp jbcrypt.jar BcryptBench.java COST [N]
 * Prints: COST median_cpu_ms median_wall_ms N (after 3 discarded warm-up hashes).
 */
public class BcryptBench {
    public static void main(String[] args) {
        int cost = Integer.parseInt(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String password = "bench-password-0123456789";
        String hash = BCrypt.hashpw(password, BCrypt.gensalt(cost));
        for (int i = 0; i < 3; i++) {
            BCrypt.checkpw(password, hash);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[n];
        long[] wall = new long[n];
        for (int i = 0; i < n; i++) {
            long c = mx.getCurrentThreadCpuTime();
            long w = System.nanoTime();
            if (!BCrypt.checkpw(password, hash)) {
                throw new IllegalStateException("checkpw failed");
            }
            wall[i] = System.nanoTime() - w;
            cpu[i] = mx.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf("%d %.1f %.1f %d%n", cost, median(cpu) / 1e6, median(wall) / 1e6, n);
    }

    private static double median(long[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }
}
