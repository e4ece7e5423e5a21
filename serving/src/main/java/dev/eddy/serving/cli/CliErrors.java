package dev.eddy.serving.cli;

import dev.eddy.events.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one error path of the {@code eddy} command line (and of {@code eddy serve}, which runs from serving's own
 * classpath): an expected failure (a bad option, a missing file, an unreachable broker, a port in use, an unknown
 * topic, a bad config key) prints one line saying what happened and what to do and exits non-zero; a stack trace is
 * printed only with {@code --verbose}. An unexpected failure also gets one line, naming the log file that holds its
 * stack trace. Every command also gets {@code --verbose} and a {@code -V} that prints the version.
 */
public final class CliErrors {
    /** Exit code of a usage or expected failure. */
    public static final int USAGE = 2;
    /** Exit code of an unexpected failure. */
    public static final int FAILED = 1;
    public static final String VERBOSE = "--verbose";

    // Routed to the log file only (log4j2.xml): the terminal gets the one line.
    private static final Logger FAILURES = LoggerFactory.getLogger("eddy.failures");

    private CliErrors() {}

    /** Installs the error path, {@code --verbose} and the version on {@code cl} and all its subcommands. */
    public static CommandLine install(CommandLine cl, String[] version) {
        configure(cl, version);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, cmd, isVerbose(parsed)));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            if (Arrays.asList(args).contains(VERBOSE)) ex.printStackTrace(err);
            String suggestions = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                    ? " — did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
            err.println(name(cmd) + ": " + ex.getMessage() + suggestions + " (see " + name(cmd) + " --help)");
            err.flush();
            return USAGE;
        });
        return cl;
    }

    private static void configure(CommandLine cl, String[] version) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption(VERBOSE) == null) {
            spec.addOption(OptionSpec.builder(VERBOSE).description("on a failure, print its stack trace too").build());
        }
        // Subcommands offer -V through the standard help options; without a version of their own it prints nothing.
        if (spec.version().length == 0 && spec.versionProvider() == null) spec.version(version);
        for (CommandLine sub : cl.getSubcommands().values()) configure(sub, version);
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VERBOSE)) return true;
        }
        return false;
    }

    /** Prints the failure as the error path does and returns the exit code. */
    public static int report(Exception ex, CommandLine cmd, boolean verbose) {
        PrintWriter err = cmd.getErr();
        if (verbose) ex.printStackTrace(err);
        Optional<String> expected = expected(ex);
        if (expected.isPresent()) {
            err.println(name(cmd) + ": " + expected.get());
            err.flush();
            return USAGE;
        }
        FAILURES.error("{} failed", name(cmd), ex);
        String where = LogFile.path().map(p -> "; the stack trace is in " + p).orElse("");
        // The innermost cause says what went wrong; the wrappers (Flink's job failure, the collect sink) do not.
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        err.println(name(cmd) + ": failed: " + root + where + (verbose ? "" : " (--verbose prints it here)"));
        err.flush();
        return FAILED;
    }

    /** The one line for an expected failure anywhere in {@code ex}'s causes, or empty for an unexpected one. */
    public static Optional<String> expected(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CliFailure || t instanceof ConfigException) return Optional.of(t.getMessage());
            if (t instanceof IllegalArgumentException && t == ex) return Optional.of(t.getMessage());
            if (t instanceof NoSuchFileException e) return Optional.of("no such file: " + e.getFile());
            if (t instanceof AccessDeniedException e) return Optional.of("not allowed to read or write " + e.getFile());
            if (t instanceof FileNotFoundException e) return Optional.of(e.getMessage());
            if (t instanceof BindException e) {
                return Optional.of("the port is already in use (" + e.getMessage() + ") — stop what holds it, or choose "
                        + "another port (serve: --set serving.port=PORT, 0 picks a free one)");
            }
            if (t instanceof UnknownTopicOrPartitionException e) {
                return Optional.of("unknown topic: " + e.getMessage() + " — create Eddy's topics with `eddy topics -b "
                        + "HOST:PORT`, or check the name");
            }
            if (t instanceof TimeoutException e) {
                return Optional.of("Kafka did not answer in time: " + e.getMessage() + " — is the broker running and "
                        + "the topic there? (eddy topics -b HOST:PORT)");
            }
        }
        return Optional.empty();
    }

    private static String name(CommandLine cmd) {
        String qualified = cmd.getCommandSpec().qualifiedName();
        return qualified.startsWith("eddy") ? qualified : "eddy " + qualified;
    }
}
