package dev.gatehouse.bench;

import dev.gatehouse.accounts.control.Passwords;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One bcrypt operation through the application's {@link Passwords} (jBCrypt 0.4), single-threaded,
 * average time: {@code verify} is the work of every login (right or wrong password, and the dummy
 * check for unknown emails); {@code hash} that of registration and password change.
 * Cores ÷ the verify time is the ceiling of logins per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class BcryptBenchmarks {

    private static final String PASSWORD = "correct horse battery staple";

    /** bcrypt cost (log2 of the rounds): 12 is the default BCRYPT_COST, 10 the production minimum. */
    @Param({"10", "12"})
    public int cost;

    private Passwords passwords;
    private String hash;

    /** A hash at this cost to verify against. */
    @Setup
    public void setup() {
        passwords = new Passwords(cost);
        hash = passwords.hash(PASSWORD);
        if (!passwords.matches(PASSWORD, hash)) {
            throw new IllegalStateException("bcrypt round trip failed");
        }
    }

    /** BCrypt.checkpw of the right password: one login's hashing. */
    @Benchmark
    public boolean verify() {
        return passwords.matches(PASSWORD, hash);
    }

    /** A new salted hash: one registration's hashing. */
    @Benchmark
    public String hash() {
        return passwords.hash(PASSWORD);
    }
}
