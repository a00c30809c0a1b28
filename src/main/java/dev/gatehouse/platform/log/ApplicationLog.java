package dev.gatehouse.platform.log;


import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The operators' log: {@code LOG_DIR/info.log}, one line per security event or error, each with
 * the request id, rotated by size (10 MiB, five files kept). It is written through the server's own
 * java.util.logging so the WAR brings no logging framework. Callers never pass secrets to it.
 *
 * <p>Security events ({@link #events()}, one per login, refresh, logout ...) go to {@code info.log}
 * only. Everything else also reaches the server's own handlers (its console, {@code server.log}):
 * warnings, errors and the boot lines belong there, but an event line echoed to them cost 5% of a
 * refresh on Payara (the JDK's {@code SimpleFormatter}) and 3% on WildFly, for a copy of what
 * {@code info.log} and the activity table already hold.
 */
public final class ApplicationLog {

    /** Name of the logger every Gatehouse class logs through. */
    public static final String LOGGER = "dev.gatehouse";

    /** Name of the logger of the security events: {@code info.log} only. */
    public static final String EVENTS = LOGGER + ".events";

    private static final int LIMIT_BYTES = 10 * 1024 * 1024;
    private static final int FILES = 5;
    private static volatile Handler handler;
    private static volatile Level level = Level.INFO;

    private ApplicationLog() {
    }

    /**
     * The application logger, with the file handler attached. The server may reset
     * java.util.logging when its logging configuration changes (Payara does after post-boot
     * commands and {@code set-log-levels}), which drops every handler: the file handler is put
     * back on the next use rather than lost for the life of the process. The logger is looked up on
     * every call, not held: after Payara's reconfiguration a held instance can sit outside its logger
     * tree and write in the JDK's default format to the console (seen in {@code ServerBootIT}).
     */
    public static Logger logger() {
        Logger logger = Logger.getLogger(LOGGER);
        Handler file = handler;
        if (file != null && !attached(logger, file)) {
            reattach(logger, file);
        }
        return logger;
    }

    /**
     * The security events' logger: writes to {@code info.log} only, not to the server's handlers.
     * Without the file (not installed, or it could not be opened) events fall back to
     * {@link #logger()}'s path, so none is lost.
     */
    public static Logger events() {
        Logger events = Logger.getLogger(EVENTS);
        Handler file = handler;
        boolean routed = file == null ? events.getUseParentHandlers()
                : !events.getUseParentHandlers() && attached(events, file);
        if (!routed) {
            routeEvents(events, file);
        }
        return events;
    }

    private static synchronized void routeEvents(Logger events, Handler file) {
        for (Handler present : events.getHandlers()) {
            events.removeHandler(present);
        }
        if (file != null) {
            events.addHandler(file);
        }
        events.setUseParentHandlers(file == null);
    }

    private static boolean attached(Logger logger, Handler file) {
        for (Handler present : logger.getHandlers()) {
            if (present == file) {
                return true;
            }
        }
        return false;
    }

    private static synchronized void reattach(Logger logger, Handler file) {
        if (!attached(logger, file)) {
            logger.addHandler(file);
            logger.setLevel(level);
        }
    }

    /**
     * Attaches the file handler once per deployment. The current file is always {@code info.log};
     * older ones are {@code info.log.1} to {@code info.log.4}.
     */
    public static synchronized void install(String logDir, boolean debug) {
        if (handler != null) {
            return;
        }
        try {
            Path dir = Path.of(logDir).toAbsolutePath();
            Files.createDirectories(dir);
            handler = new RotatingFileHandler(dir.resolve("info.log"));
        } catch (IOException e) {
            logger().warning("cannot open the application log in LOG_DIR=" + logDir + ": " + e.getMessage());
            return;
        }
        level = debug ? Level.FINE : Level.INFO;
        handler.setFormatter(new LineFormatter());
        handler.setLevel(level);
        Logger root = Logger.getLogger(LOGGER);
        root.addHandler(handler);
        root.setLevel(level);
    }

    /** Detaches and closes the file handler when the application is undeployed. */
    public static synchronized void uninstall() {
        if (handler != null) {
            Logger.getLogger(LOGGER).removeHandler(handler);
            routeEvents(Logger.getLogger(EVENTS), null);
            handler.close();
            handler = null;
        }
    }

    /** {@code 2026-11-26T10:00:00.123Z INFO [request-id] logger: message}, stack traces indented. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160)
                    .append(Instant.ofEpochMilli(record.getMillis()))
                    .append(' ').append(record.getLevel().getName())
                    .append(" [").append(RequestId.current().orElse("-")).append("] ")
                    .append(shortName(record.getLoggerName())).append(": ")
                    .append(formatMessage(record).replace('\n', ' ').replace('\r', ' '))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append("    ").append(trace.toString().replace("\n", "\n    ").stripTrailing())
                        .append(System.lineSeparator());
            }
            return line.toString();
        }

        private static String shortName(String name) {
            return name == null ? "" : name.substring(name.lastIndexOf('.') + 1);
        }
    }

    /**
     * Appends to {@code info.log}; past {@link #LIMIT_BYTES} it shifts {@code info.log.N} up by
     * one, dropping the oldest, and starts a new {@code info.log}. The JDK's FileHandler cannot
     * keep the current file's name fixed, which operators and tools expect.
     */
    static final class RotatingFileHandler extends StreamHandler {
        private final Path file;
        private final long limit;
        private CountingStream out;

        RotatingFileHandler(Path file) throws IOException {
            this(file, LIMIT_BYTES);
        }

        RotatingFileHandler(Path file, long limit) throws IOException {
            this.file = file;
            this.limit = limit;
            open();
        }

        private void open() throws IOException {
            out = new CountingStream(new FileOutputStream(file.toFile(), true),
                    Files.exists(file) ? Files.size(file) : 0);
            setOutputStream(out);
        }

        /**
         * Writes the record, then rotates once the file has passed the limit. Counting the bytes
         * as they reach the file, rather than formatting the record a second time to measure
         * it, keeps one format per line; the file may end up to one line over the limit.
         */
        @Override
        public synchronized void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            super.publish(record);
            flush();
            if (out.count > limit) {
                rotate();
            }
        }

        private void rotate() {
            try {
                super.close();
                for (int i = FILES - 1; i >= 1; i--) {
                    Path older = Path.of(file + "." + i);
                    Path newer = i == 1 ? file : Path.of(file + "." + (i - 1));
                    if (Files.exists(newer)) {
                        Files.move(newer, older, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                open();
            } catch (IOException e) {
                reportError("cannot rotate " + file, e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    /** Counts the bytes written through it, starting from the file's existing size. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream target, long initial) {
            super(target);
            count = initial;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}
