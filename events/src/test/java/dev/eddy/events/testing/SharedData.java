package dev.eddy.events.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the project's real test data ({@code ../shared/data} beside the checkout) and skips the calling test,
 * with the paths it tried, when the data is not on this machine. The data is read in place, never copied.
 * Other modules use it through the connectors test-jar.
 */
public final class SharedData {

    /** System property naming the data folder; surefire sets it from the multi-module project directory. */
    public static final String PROPERTY = "eddy.shared.data";

    private SharedData() {}

    /** The data folder; skips the test when it is missing. */
    public static Path dir() {
        List<Path> tried = candidates();
        for (Path p : tried) {
            if (Files.isDirectory(p)) return p;
        }
        return Assumptions.abort("../shared/data not found: tried " + tried + " (set -D" + PROPERTY + "=DIR)");
    }

    /** Why the data folder cannot be used here, or empty when it is present (for hooks that skip without JUnit). */
    public static java.util.Optional<String> missingReason() {
        List<Path> tried = candidates();
        if (tried.stream().anyMatch(Files::isDirectory)) return java.util.Optional.empty();
        return java.util.Optional.of("../shared/data not found: tried " + tried + " (set -D" + PROPERTY + "=DIR)");
    }

    /** A file or folder under the data folder, e.g. {@code path("vw-dsjson/cb_simple.json")}; skips when missing. */
    public static Path path(String relative) {
        Path p = dir().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "../shared/data found but " + relative + " not found: " + p);
        return p;
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) out.add(Path.of(configured).toAbsolutePath().normalize());
        // Without the property (an IDE run, or mvn started inside a module): ../shared/data beside the repo root,
        // the root being the last of the working directory's ancestors that still hold a pom.xml.
        Path root = Path.of("").toAbsolutePath();
        while (root.getParent() != null && Files.isRegularFile(root.getParent().resolve("pom.xml"))) {
            root = root.getParent();
        }
        if (root.getParent() != null) out.add(root.getParent().resolve("shared/data").normalize());
        return out.stream().distinct().toList();
    }
}
