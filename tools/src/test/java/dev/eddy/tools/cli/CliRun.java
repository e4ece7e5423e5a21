package dev.eddy.tools.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the eddy command line in this JVM and captures what it printed and its exit code. */
record CliRun(int code, String out, String err) {

    static CliRun eddy(String... args) {
        return withInput(null, args);
    }

    /** Runs with {@code stdin} (null: the JVM's own) as standard input, as {@code echo ... | ./eddy ...} does. */
    static synchronized CliRun withInput(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        java.io.InputStream oldIn = System.in;
        if (stdin != null) System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            System.setOut(o);
            System.setErr(e);
            // Some commands print through System.out, others through picocli's writers: capture both.
            CommandLine cl = EddyCli.commandLine();
            cl.setOut(new PrintWriter(o, true));
            cl.setErr(new PrintWriter(e, true));
            int code = cl.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Standard output, line by line. */
    List<String> lines() {
        return out.lines().toList();
    }

    /** The last {@code n} lines of standard output. */
    List<String> lastLines(int n) {
        List<String> lines = out.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
