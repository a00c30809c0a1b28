package dev.gatehouse.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One slow preparation, such as booting extra nodes, run at most once per test JVM on a thread of
 * its own: {@link #begin() begun} as soon as the test plan shows a class needs it ({@link EarlyBoots}),
 * {@link #await(Duration) awaited} by each class that uses it (which begins it too, for a run
 * without the listener), and {@link #end() ended} when the run ends. A failed preparation fails
 * every class that awaits it, each with the cause.
 *
 * @param <T> what the preparation makes, e.g. the running nodes
 */
final class Background<T> {

    private static final List<Background<?>> BEGUN = new ArrayList<>();

    private final String name;
    private final Callable<T> work;
    private final Consumer<T> cleanup;
    private FutureTask<T> task;
    private long begunNanos;
    private volatile long readyNanos;

    /**
     * @param name what is prepared, for thread names and the timing line
     * @param work makes it; on failure or interruption it must stop whatever it started itself
     * @param cleanup stops what {@code work} made, when the run ends
     */
    Background(String name, Callable<T> work, Consumer<T> cleanup) {
        this.name = name;
        this.work = work;
        this.cleanup = cleanup;
    }

    /** Starts the preparation on its own thread, unless it was begun already. */
    synchronized void begin() {
        if (task != null) {
            return;
        }
        begunNanos = System.nanoTime();
        System.out.printf("Background %s: begun by %s%n", name, Thread.currentThread().getName());
        task = new FutureTask<>(() -> {
            T made = work.call();
            readyNanos = System.nanoTime();
            System.out.printf("Background %s: ready %d s after it began%n", name,
                    TimeUnit.NANOSECONDS.toSeconds(readyNanos - begunNanos));
            return made;
        });
        Thread thread = new Thread(task, "background-" + name);
        thread.setDaemon(true);
        thread.start();
        synchronized (BEGUN) {
            BEGUN.add(this);
        }
    }

    /** {@link #end() Ends} every preparation begun in this JVM, all at once, and returns when they are over. */
    static void endAll() {
        List<Thread> enders = new ArrayList<>();
        synchronized (BEGUN) {
            for (Background<?> background : BEGUN) {
                Thread ender = new Thread(background::end, "end-" + background.name);
                ender.start();
                enders.add(ender);
            }
            BEGUN.clear();
        }
        for (Thread ender : enders) {
            try {
                ender.join(TimeUnit.MINUTES.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * What the preparation made, waiting for it up to {@code timeout} (and beginning it if no one has).
     *
     * @throws AssertionError if it failed, was ended, or is not ready in time
     */
    T await(Duration timeout) {
        FutureTask<T> running;
        synchronized (this) {
            begin();
            running = task;
        }
        long waitStarted = System.nanoTime();
        try {
            T made = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waitStarted);
            if (waited > 0) {
                System.out.printf("Background %s: a test class waited %d s for it%n", name, waited);
            }
            return made;
        } catch (ExecutionException e) {
            throw new AssertionError(name + " could not be prepared: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(name + " was not ready within " + timeout);
        } catch (CancellationException e) {
            throw new AssertionError(name + " was ended before it was ready");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops what the preparation made, or interrupts it if it is still running (it then stops what
     * it started); nothing if it was never begun.
     */
    synchronized void end() {
        if (task == null) {
            return;
        }
        if (!task.isDone()) {
            task.cancel(true);
            return;
        }
        try {
            cleanup.accept(task.get());
        } catch (ExecutionException | CancellationException e) {
            // it failed and stopped what it had started
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
