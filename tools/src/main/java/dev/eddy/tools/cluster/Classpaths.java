package dev.eddy.tools.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The classpaths of the cluster's processes, from the Maven artifacts this command runs with (there is no Flink
 * binary distribution here). Flink's JobManager and TaskManagers get Flink and its dependencies but none of Eddy's
 * own modules: Eddy's code reaches them only in the submitted jar, as on any real cluster. Kafka nodes get this
 * command's classpath (the broker is a dependency of the tools). Serving gets serving's own classpath (no Flink,
 * DJL or RocksDB) where the build made it, as {@code eddy serve} does.
 */
public final class Classpaths {
    private Classpaths() {}

    /**
     * This JVM's classpath, entry by entry (the launcher's {@code lib/*} is already expanded by the JVM). In a Maven
     * test the JVM's own classpath is one manifest-only booter jar: the test classpath is in a property.
     */
    public static List<String> current() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    }

    public static List<String> kafka() {
        return current();
    }

    /**
     * Everything but Eddy's modules (their jars, or their classes folders in a test) and Kafka: a Flink distribution
     * has neither the Kafka connector nor Kafka's clients, which the jobs jar brings. With them on the TaskManager's
     * classpath, the connector (org.apache.flink.*, loaded parent-first) and the jar's kafka-clients (child-first) would
     * meet as two different classes of one name.
     */
    public static List<String> flink() {
        List<String> cp = new java.util.ArrayList<>(current().stream().filter(e -> !isEddy(e) && !isKafka(e)).toList());
        // flink-runtime-web (web UI, REST jar submission) sits beside the launcher's lib, not in it.
        repositoryRoot().map(root -> root.resolve("tools/target/flink-web")).filter(Files::isDirectory)
                .ifPresent(dir -> cp.add(dir + File.separator + "*"));
        return cp;
    }

    public static List<String> serving() {
        Optional<Path> root = repositoryRoot();
        if (root.isPresent()) {
            Path target = root.get().resolve("serving/target");
            Path lib = target.resolve("lib");
            try (Stream<Path> jars = Files.isDirectory(lib) ? Files.list(target) : Stream.empty()) {
                Optional<Path> jar = jars.filter(p -> p.getFileName().toString().matches("eddy-serving-.*\\.jar")
                        && !p.getFileName().toString().contains("tests")).findFirst();
                if (jar.isPresent()) return List.of(jar.get().toString(), lib + File.separator + "*");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return current();
    }

    /** The jar a user would `flink run`: built by {@code ./mvnw -B -Pcluster -pl tools -am package -DskipTests}. */
    public static Optional<Path> clusterJar() {
        return repositoryRoot().flatMap(root -> {
            Path target = root.resolve("tools/target");
            if (!Files.isDirectory(target)) return Optional.empty();
            try (Stream<Path> files = Files.list(target)) {
                return files.filter(p -> p.getFileName().toString().matches("eddy-tools-.*-cluster\\.jar")).findFirst();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The checkout this command runs from: the folder above the tools module of an entry of the classpath. */
    static Optional<Path> repositoryRoot() {
        for (String entry : current()) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            // .../tools/target/eddy-tools-*.jar or .../tools/target/classes
            for (Path q = p; q != null; q = q.getParent()) {
                if (q.getFileName() != null && q.getFileName().toString().equals("tools")
                        && Files.isDirectory(q.resolve("target")) && Files.isRegularFile(q.resolve("pom.xml"))) {
                    return Optional.of(q.getParent());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isKafka(String entry) {
        String name = Path.of(entry).getFileName().toString();
        return name.startsWith("kafka") || name.startsWith("flink-connector-kafka") || name.startsWith("scala-");
    }

    private static boolean isEddy(String entry) {
        String name = Path.of(entry).getFileName().toString();
        if (name.startsWith("eddy-")) return true;
        // A module's classes in a Maven build: <module>/target/classes or test-classes.
        return (name.equals("classes") || name.equals("test-classes")) && entry.contains(File.separator + "target");
    }
}
