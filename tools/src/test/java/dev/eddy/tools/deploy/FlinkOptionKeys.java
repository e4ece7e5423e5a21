package dev.eddy.tools.deploy;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The configuration keys Flink itself declares: every public static {@link ConfigOption} of the {@code *Options}
 * classes in the Flink jars on the classpath (flink-core, -runtime, -streaming-java, -clients, the RocksDB state
 * backend: the version in pom.xml, 2.2.1). A key that only a deprecated or fallback name of an option has is
 * reported with the option's current key.
 */
final class FlinkOptionKeys {
    /** One class of each Flink jar whose options the deployment files may set. */
    private static final List<String> ANCHORS = List.of("org.apache.flink.configuration.CoreOptions",
            "org.apache.flink.runtime.jobgraph.JobGraph", "org.apache.flink.state.rocksdb.RocksDBOptions",
            "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment",
            "org.apache.flink.client.cli.CliFrontend");

    /**
     * Keys of Flink's filesystem plugins (flink-s3-fs-presto/-hadoop), loaded from plugins/ at run time and so not on
     * any classpath to read them from: accepted by prefix.
     */
    private static final List<String> PLUGIN_PREFIXES = List.of("s3.");

    private final Set<String> keys;
    private final Map<String, String> fallbackToKey;

    private FlinkOptionKeys(Set<String> keys, Map<String, String> fallbackToKey) {
        this.keys = keys;
        this.fallbackToKey = fallbackToKey;
    }

    static FlinkOptionKeys onClasspath() {
        Set<String> keys = new TreeSet<>();
        Map<String, String> fallbacks = new HashMap<>();
        for (Path jar : flinkJars()) {
            for (String className : optionClasses(jar)) {
                Class<?> type;
                try {
                    type = Class.forName(className, false, FlinkOptionKeys.class.getClassLoader());
                } catch (Throwable e) {
                    continue;
                }
                for (Field f : type.getFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) || !ConfigOption.class.isAssignableFrom(f.getType())) continue;
                    ConfigOption<?> option;
                    try {
                        option = (ConfigOption<?>) f.get(null);
                    } catch (Throwable e) {
                        continue;
                    }
                    if (option == null) continue;
                    keys.add(option.key());
                    for (FallbackKey fk : option.fallbackKeys()) fallbacks.putIfAbsent(fk.getKey(), option.key());
                }
            }
        }
        return new FlinkOptionKeys(keys, fallbacks);
    }

    int size() {
        return keys.size();
    }

    /** One message per key that Flink does not declare, or declares only as an old name. */
    List<String> problems(Collection<String> used, String where) {
        List<String> problems = new ArrayList<>();
        for (String key : used) {
            if (keys.contains(key) || PLUGIN_PREFIXES.stream().anyMatch(key::startsWith)) continue;
            String current = fallbackToKey.get(key);
            problems.add(where + ": " + (current != null
                    ? "'" + key + "' is an old name of Flink's '" + current + "'"
                    : "'" + key + "' is no Flink 2.2.1 option"));
        }
        return problems;
    }

    private static Set<Path> flinkJars() {
        Set<Path> jars = new LinkedHashSet<>();
        for (String anchor : ANCHORS) {
            try {
                jars.add(Path.of(Class.forName(anchor, false, FlinkOptionKeys.class.getClassLoader())
                        .getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("Flink class " + anchor + " not on the test classpath", e);
            }
        }
        // Surefire may hand the JVM a manifest-only jar; it names the real classpath in this property.
        for (String property : List.of("java.class.path", "surefire.test.class.path")) {
            String cp = System.getProperty(property, "");
            for (String entry : cp.split(File.pathSeparator)) {
                if (entry.isEmpty()) continue;
                Path p = Path.of(entry);
                String name = p.getFileName() == null ? "" : p.getFileName().toString();
                if (name.startsWith("flink-") && name.endsWith(".jar")) jars.add(p);
            }
        }
        return jars;
    }

    private static List<String> optionClasses(Path jar) {
        if (!jar.toString().endsWith(".jar")) return List.of();
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith("org/apache/flink/") && n.endsWith("Options.class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
