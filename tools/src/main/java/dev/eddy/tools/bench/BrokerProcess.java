package dev.eddy.tools.bench;

import dev.eddy.tools.bench.JoinBenchmark.Options;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The broker and the producer in a child JVM ({@link BrokerMain}, {@link FreshnessBrokerMain}), so that the job's JVM's process CPU time is the
 * job's own: with the broker in the same JVM, its request handling and log writes (about half the machine's CPU in
 * the old single-process benchmark) were counted as the join's.
 */
final class BrokerProcess implements AutoCloseable {
    /** How a child's answer to a command ({@link #send}) starts. */
    static final String REPLY = "eddy-bench-broker reply ";

    private final Process process;
    private final String bootstrap;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private BrokerProcess(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts the join benchmark's child ({@link BrokerMain}) and returns once the decisions that wait (if any) are
     * written; {@link #produceInput} writes the rest.
     */
    static BrokerProcess start(Path work, Options options, PrintStream progress) {
        return start(BrokerMain.class, List.of(work.toString(), String.valueOf(options.decisions()),
                String.valueOf(options.rewardRate()), String.valueOf(options.partitions()),
                String.valueOf(options.candidates()), String.valueOf(options.waiting())), progress);
    }

    /** Has the join benchmark's child write its input beside the waiting decisions; returns what it wrote. */
    BenchInput.Produced produceInput() {
        send(BrokerMain.PRODUCE);
        try {
            String[] f = await(Duration.ofMinutes(30));
            return new BenchInput.Produced(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Double.parseDouble(f[4]), Long.parseLong(f[5]));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the input was produced", e);
        }
    }

    /**
     * Starts {@code main} in a child JVM with this JVM's class path, forwards its output to {@code progress} and
     * returns once it printed {@value BrokerMain#READY} with the broker's bootstrap address (and maybe more fields).
     * Later lines that start with {@value #REPLY} are kept for {@link #await}; the others are forwarded.
     */
    static BrokerProcess start(Class<?> main, List<String> args, PrintStream progress) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
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
                    BrokerProcess broker = new BrokerProcess(process, f[0]);
                    Thread drain = new Thread(() -> broker.forward(out, progress), "bench-broker-output");
                    drain.setDaemon(true);
                    drain.start();
                    return broker;
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

    /** Sends one line to the child's standard input. */
    void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the broker process", e);
        }
    }

    /** The fields of the child's next {@value #REPLY} line, waiting up to {@code timeout}. */
    String[] await(Duration timeout) throws InterruptedException {
        String line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException("no answer from the broker process within " + timeout
                    + (process.isAlive() ? "" : " (it ended, exit " + process.exitValue() + ")"));
        }
        return line.substring(REPLY.length()).split(" ");
    }

    String bootstrap() {
        return bootstrap;
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

    private void forward(BufferedReader out, PrintStream progress) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(REPLY)) {
                    replies.add(line);
                } else {
                    progress.println("broker: " + line);
                }
            }
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
