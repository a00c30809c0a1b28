package dev.gatehouse.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Nullable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build step {@code src/build/JandexIndexes.java}, run as the pom runs it on an exploded WAR: every
 * library jar gets an annotation index, and only a jar with nothing for a deployment to act on gets
 * the directory that keeps Payara's class scan out of it ({@code docs/performance.md}, "Boot").
 */
class PayaraClassScanMarkersTest {

    /** A class a deployment has nothing to do with. */
    static final class Plain {
    }

    /** Nullness documentation only: nothing for a deployment either. */
    static final class Documented {
        @Nullable
        String value;
    }

    /** A CDI bean: its jar must stay in Payara's scan. */
    @ApplicationScoped
    static class Bean {
    }

    @Test
    void onlyJarsWithoutDeploymentAnnotationsAreMarkedEveryJarIsIndexedAndOldMarkersGo(@TempDir Path webapp) throws Exception {
        Path lib = Files.createDirectories(webapp.resolve("WEB-INF/lib"));
        jar(lib.resolve("plain-1.0.jar"), Plain.class);
        jar(lib.resolve("documented-1.0.jar"), Documented.class);
        jar(lib.resolve("beans-1.0.jar"), Bean.class, Plain.class);
        Path stale = Files.createDirectories(webapp.resolve("WEB-INF__lib__beans-0.9_jar"));
        Files.writeString(stale.resolve("README"), "from an earlier build");

        String output = runBuildStep(lib);

        assertTrue(Files.isRegularFile(webapp.resolve("WEB-INF__lib__plain-1.0_jar/README")), output);
        assertTrue(Files.isRegularFile(webapp.resolve("WEB-INF__lib__documented-1.0_jar/README")), output);
        assertFalse(Files.exists(webapp.resolve("WEB-INF__lib__beans-1.0_jar")), output);
        assertFalse(Files.exists(stale), "an earlier build's marker is gone: " + output);
        assertTrue(output.contains("left to Payara's class scan: beans-1.0.jar"), output);
        for (String name : new String[] {"plain-1.0.jar", "documented-1.0.jar", "beans-1.0.jar"}) {
            try (ZipFile zip = new ZipFile(lib.resolve(name).toFile())) {
                assertNotNull(zip.getEntry("META-INF/jandex.idx"), name + " has an index");
            }
        }
    }

    private static void jar(Path jar, Class<?>... classes) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new ZipEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    private static String runBuildStep(Path lib) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jandex = Path.of(Indexer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process process = new ProcessBuilder(java, "-cp", jandex, "src/build/JandexIndexes.java", lib.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the build step finished");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
