import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.jboss.jandex.IndexWriter;
import org.jboss.jandex.Indexer;

/**
 * Build step over the exploded WAR's {@code WEB-INF/lib}, run by the pom at prepare-package with the
 * Jandex jar Hibernate already brings:
 * {@code java -cp jandex.jar src/build/JandexIndexes.java target/gatehouse/WEB-INF/lib}.
 * <ul>
 * <li>Writes an annotation index ({@code META-INF/jandex.idx}) into every jar that has none. WildFly
 * reads such an index instead of reading every class of the jar at each deployment (seconds of a
 * boot for Hibernate ORM and Byte Buddy); Payara ignores it.</li>
 * <li>Marks for Payara the jars whose index holds no annotation a Jakarta EE deployment acts on:
 * a directory {@code WEB-INF__lib__<name>_jar} at the WAR's root (holding a {@code README}, since
 * Payara drops empty directories when it unpacks the WAR), the name Payara gives a library jar it
 * has unpacked already. Payara then leaves the jar out of its class-model parse (reading every
 * method of every class of the WAR at each deployment; Hibernate ORM and Byte Buddy are most of
 * it), which finds nothing in such a jar. A jar carrying a component, CDI, JAX-RS, Servlet or
 * resource annotation is not marked and is scanned as before. Gatehouse answers these paths 404 on
 * both runtimes, like any unknown path.</li>
 * </ul>
 */
public final class JandexIndexes {

    private static final String INDEX = "META-INF/jandex.idx";

    /**
     * Annotations that decide nothing in a deployment: nullness and concurrency documentation,
     * JAXB bindings, JMX and the JPA converter (Hibernate reads it from its own classes). Any other
     * annotation of a {@code jakarta}, {@code javax} or MicroProfile package keeps the jar scanned.
     */
    private static final Set<String> INERT_PREFIXES = Set.of(
            "javax.annotation.Nullable", "javax.annotation.Nonnull", "javax.annotation.CheckForNull",
            "javax.annotation.ParametersAreNonnullByDefault", "javax.annotation.meta.",
            "javax.annotation.concurrent.", "jakarta.annotation.Nullable", "jakarta.annotation.Nonnull",
            "jakarta.xml.bind.annotation.", "javax.management.", "jakarta.persistence.Converter");

    private JandexIndexes() {
    }

    /** Indexes and marks the jars of the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        Path lib = Path.of(args[0]);
        Path webapp = lib.getParent().getParent();
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(lib, "*.jar")) {
            found.forEach(jars::add);
        }
        jars.sort(null);
        removeMarkers(webapp);
        int indexed = 0;
        List<String> scanned = new ArrayList<>();
        for (Path jar : jars) {
            Index index = existingIndex(jar);
            if (index == null) {
                index = indexOf(jar);
                try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
                    Files.createDirectories(zip.getPath("META-INF"));
                    Files.write(zip.getPath(INDEX), serialized(index));
                }
                indexed++;
            }
            String name = jar.getFileName().toString();
            if (deploymentRelevant(index)) {
                scanned.add(name);
            } else {
                Path marker = Files.createDirectories(webapp.resolve(payaraMarker(name)));
                Files.writeString(marker.resolve("README"), "For Payara: WEB-INF/lib/" + name
                        + " holds no annotation a Jakarta EE deployment acts on, so its class scan is skipped"
                        + " (src/build/JandexIndexes.java).\n");
            }
        }
        System.out.println("Jandex: indexed " + indexed + " of " + jars.size() + " jars in " + lib
                + "; left to Payara's class scan: " + (scanned.isEmpty() ? "none" : String.join(", ", scanned)));
    }

    /** Removes the markers of an earlier build, whose jars may have changed or gone since. */
    private static void removeMarkers(Path webapp) throws IOException {
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(webapp, "WEB-INF__lib__*_jar")) {
            for (Path marker : markers) {
                Files.deleteIfExists(marker.resolve("README"));
                Files.delete(marker);
            }
        }
    }

    /** The directory name Payara looks for before parsing {@code WEB-INF/lib/<jar>}. */
    static String payaraMarker(String jar) {
        return ("WEB-INF/lib/" + jar).replaceAll("[/ ]", "__").replace(".jar", "_jar");
    }

    /** Whether any class of the index carries an annotation a Jakarta EE deployment may act on. */
    static boolean deploymentRelevant(Index index) {
        return index.getKnownClasses().stream()
                .flatMap(type -> type.annotationsMap().keySet().stream())
                .map(DotName::toString)
                .anyMatch(name -> (name.startsWith("jakarta.") || name.startsWith("javax.")
                        || name.startsWith("org.eclipse.microprofile."))
                        && INERT_PREFIXES.stream().noneMatch(name::startsWith));
    }

    /** The index the jar carries already; null when it has none. */
    private static Index existingIndex(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(INDEX);
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new IndexReader(in).read();
            }
        }
    }

    /** The index of the jar's classes. */
    private static Index indexOf(Path jar) throws IOException {
        Indexer indexer = new Indexer();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        indexer.index(in);
                    }
                }
            }
        }
        return indexer.complete();
    }

    private static byte[] serialized(Index index) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new IndexWriter((OutputStream) bytes).write(index);
        return bytes.toByteArray();
    }
}
