package dev.eddy.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the eddy command line in this JVM and captures what it printed and its exit code. */
record CliRun(int code, String out, String err) {

    static synchronized CliRun eddy(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = EddyCli.commandLine().execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The last {@code n} lines of standard output. */
    List<String> lastLines(int n) {
        List<String> lines = out.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
