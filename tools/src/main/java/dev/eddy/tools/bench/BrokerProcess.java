package dev.eddy.tools.bench;

import dev.eddy.tools.bench.JoinBenchmark.Options;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker and the producer in a child JVM ({@link BrokerMain}), so that the job's JVM's process CPU time is the
 * job's own: with the broker in the same JVM, its request handling and log writes (about half the machine's CPU in
 * the old single-process benchmark) were counted as the join's.
 */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final String bootstrap;
    private final BenchInput.Produced produced;

    private BrokerProcess(Process process, String bootstrap, BenchInput.Produced produced) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.produced = produced;
    }

    /** Starts the child, forwards its output to {@code progress} and returns once the input is produced. */
    static BrokerProcess start(Path work, Options options, PrintStream progress) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        command.add(work.toString());
        command.add(String.valueOf(options.decisions()));
        command.add(String.valueOf(options.rewardRate()));
        command.add(String.valueOf(options.partitions()));
        command.add(String.valueOf(options.candidates()));
        command.add(String.valueOf(options.waiting()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker process", e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(BrokerMain.READY + " ")) {
                    String[] f = line.substring(BrokerMain.READY.length() + 1).split(" ");
                    BenchInput.Produced p = new BenchInput.Produced(Long.parseLong(f[1]), Long.parseLong(f[2]),
                            Long.parseLong(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5]), Long.parseLong(f[6]));
                    Thread drain = new Thread(() -> forward(out, progress), "bench-broker-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new BrokerProcess(process, f[0], p);
                }
                progress.println("broker: " + line);
            }
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the broker process failed", e);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the broker process ended before it was ready (exit " + waitFor(process) + ")");
    }

    String bootstrap() {
        return bootstrap;
    }

    BenchInput.Produced produced() {
        return produced;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void forward(BufferedReader out, PrintStream progress) {
        try {
            String line;
            while ((line = out.readLine()) != null) progress.println("broker: " + line);
        } catch (IOException e) {
            // the child is gone; nothing more to forward
        }
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
