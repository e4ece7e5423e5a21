package dev.eddy.serving.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Where a command's log goes: the terminal shows status lines, warnings that need action and errors, and everything
 * else goes to a file, one per run, whose path the command prints. log4j2.xml reads the path from the system property
 * {@value #PROPERTY}, so {@link #choose} must run before the first logger is created.
 */
public final class LogFile {
    public static final String PROPERTY = "eddy.log.file";
    /** Overrides the folder (default: the temporary directory's eddy-logs). */
    public static final String DIR_ENV = "EDDY_LOG_DIR";

    private LogFile() {}

    /** Picks the run's log file, named after the command, unless one is set already; returns it. */
    public static Path choose(String command) {
        String set = System.getProperty(PROPERTY);
        if (set != null && !set.isBlank()) return Path.of(set);
        String dir = System.getenv(DIR_ENV);
        Path folder = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "eddy-logs");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = "eddy-" + command.replaceAll("[^A-Za-z0-9-]+", "-") + "-" + stamp + "-" + ProcessHandle.current().pid() + ".log";
        Path file = folder.resolve(name).toAbsolutePath();
        System.setProperty(PROPERTY, file.toString());
        return file;
    }

    /** The command's first word in {@code args} (options skipped), for the file name. */
    public static String commandOf(String[] args, String fallback) {
        for (String a : args) if (!a.startsWith("-")) return a;
        return fallback;
    }

    /** The run's log file, when the command line chose one (not in tests, which log to the console). */
    public static Optional<Path> path() {
        String set = System.getProperty(PROPERTY);
        return set == null || set.isBlank() ? Optional.empty() : Optional.of(Path.of(set));
    }
}
