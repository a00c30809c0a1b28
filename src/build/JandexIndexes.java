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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.jandex.IndexWriter;
import org.jboss.jandex.Indexer;

/**
 * Build step: writes an annotation index ({@code META-INF/jandex.idx}) into every jar of the exploded
 * WAR's {@code WEB-INF/lib} that has none. WildFly reads such an index instead of reading every class
 * of the jar at each deployment (seconds of a boot for Hibernate ORM and Byte Buddy); Payara ignores it.
 * Run by the pom at prepare-package with the Jandex jar Hibernate already brings:
 * {@code java -cp jandex.jar src/build/JandexIndexes.java target/gatehouse/WEB-INF/lib}.
 */
public final class JandexIndexes {

    private static final String INDEX = "META-INF/jandex.idx";

    private JandexIndexes() {
    }

    /** Indexes the jars of the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            found.forEach(jars::add);
        }
        int indexed = 0;
        for (Path jar : jars) {
            byte[] index = indexOf(jar);
            if (index != null) {
                try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
                    Files.createDirectories(zip.getPath("META-INF"));
                    Files.write(zip.getPath(INDEX), index);
                }
                indexed++;
            }
        }
        System.out.println("Jandex: indexed " + indexed + " of " + jars.size() + " jars in " + args[0]);
    }

    /** The serialized index of the jar's classes; null when it has an index already. */
    private static byte[] indexOf(Path jar) throws IOException {
        Indexer indexer = new Indexer();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.getEntry(INDEX) != null) {
                return null;
            }
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        indexer.index(in);
                    }
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new IndexWriter((OutputStream) bytes).write(indexer.complete());
        return bytes.toByteArray();
    }
}
