package dev.gatehouse.platform.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where lines go: security events to {@code info.log} only, every other line to {@code info.log}
 * and to the server's handlers (stood for here by a handler on the root logger), also after the
 * server has reset the logger tree.
 */
class ApplicationLogTest {

    @TempDir
    Path dir;

    private final List<String> server = new ArrayList<>();
    private final Handler serverHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            server.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void standInForTheServer() {
        Logger.getLogger("").addHandler(serverHandler);
    }

    @AfterEach
    void restore() {
        ApplicationLog.uninstall();
        Logger.getLogger("").removeHandler(serverHandler);
    }

    private String infoLog() throws IOException {
        return Files.readString(dir.resolve("info.log"));
    }

    @Test
    void anEventGoesToInfoLogOnly() throws IOException {
        ApplicationLog.install(dir.toString(), false);

        ApplicationLog.events().info("auth.refresh user=u1");
        ApplicationLog.logger().info("bootstrap admin not needed");

        assertTrue(infoLog().contains("auth.refresh user=u1"), infoLog());
        assertTrue(infoLog().contains("bootstrap admin not needed"), infoLog());
        assertEquals(List.of("bootstrap admin not needed"), server);
    }

    @Test
    void eventsFindTheirWayBackAfterTheServerResetsItsLoggers() throws IOException {
        ApplicationLog.install(dir.toString(), false);
        ApplicationLog.events().info("before");
        Logger events = Logger.getLogger(ApplicationLog.EVENTS);
        for (Handler handler : events.getHandlers()) {
            events.removeHandler(handler);
        }
        events.setUseParentHandlers(true);

        ApplicationLog.events().info("after the reset");

        assertTrue(infoLog().contains("after the reset"), infoLog());
        assertEquals(List.of(), server);
    }

    @Test
    void withoutTheFileEventsReachTheServerRatherThanNobody() {
        ApplicationLog.install(dir.toString(), false);
        ApplicationLog.events().info("while installed");
        ApplicationLog.uninstall();

        ApplicationLog.events().info("after undeployment");

        assertEquals(List.of("after undeployment"), server);
    }

    @Test
    void rotatesPastTheLimitWritingEachLineOnce() throws IOException {
        var file = new ApplicationLog.RotatingFileHandler(dir.resolve("info.log"), 200);
        file.setFormatter(new ApplicationLog.LineFormatter());
        try {
            for (int i = 0; i < 12; i++) {
                file.publish(new LogRecord(java.util.logging.Level.INFO, "line " + i + " ".repeat(40)));
            }
        } finally {
            file.close();
        }
        List<String> lines = new ArrayList<>();
        for (String name : List.of("info.log.4", "info.log.3", "info.log.2", "info.log.1", "info.log")) {
            Path part = dir.resolve(name);
            if (Files.exists(part)) {
                assertTrue(Files.size(part) < 200 + 120, name + " is at most one line over the limit");
                lines.addAll(Files.readAllLines(part));
            }
        }
        assertTrue(Files.exists(dir.resolve("info.log.2")), "rotated more than once");
        List<String> numbers = lines.stream().map(l -> l.replaceAll(".*: line (\\d+).*", "$1")).toList();
        assertEquals(numbers.stream().distinct().toList(), numbers, "no line written twice");
        assertEquals(String.valueOf(11), numbers.get(numbers.size() - 1));
    }
}
