package dev.eddy.tools.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cluster's JVMs by name: started detached (they outlive the command that started them), their pid in
 * {@code pids/<name>.pid}, their console in {@code logs/<name>/console.log}. Stopping and killing go by that pid
 * only, after checking that it is still a java process, so that a reused pid is never signalled.
 */
public final class Processes {

    /** How to start one process. */
    public record Spec(String name, List<String> classpath, List<String> jvmArgs, String mainClass, List<String> args,
                       Map<String, String> env) {}

    private final ClusterLayout layout;

    public Processes(ClusterLayout layout) {
        this.layout = layout;
    }

    public long start(Spec spec) throws IOException {
        Path logs = layout.logs(spec.name());
        Files.createDirectories(logs);
        Files.createDirectories(layout.pids());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(spec.jvmArgs());
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, spec.classpath()));
        cmd.add(spec.mainClass());
        cmd.addAll(spec.args());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(spec.env());
        Process p = pb.start();
        Files.writeString(pidFile(spec.name()), String.valueOf(p.pid()));
        return p.pid();
    }

    /** The live process of that name, if any. */
    public Optional<ProcessHandle> find(String name) {
        Path file = pidFile(name);
        if (!Files.exists(file)) return Optional.empty();
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every name with a pid file, alive or not, in name order. */
    public Map<String, Optional<ProcessHandle>> all() throws IOException {
        Map<String, Optional<ProcessHandle>> out = new TreeMap<>();
        if (!Files.isDirectory(layout.pids())) return out;
        try (Stream<Path> files = Files.list(layout.pids())) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pid"))
                    .map(n -> n.substring(0, n.length() - 4)).forEach(n -> out.put(n, find(n)));
        }
        return out;
    }

    /** SIGKILL, as a crash: nothing is flushed or closed. Returns whether a live process was killed. */
    public boolean kill(String name) throws InterruptedException {
        Optional<ProcessHandle> h = find(name);
        if (h.isEmpty()) return false;
        h.get().destroyForcibly();
        waitGone(h.get(), 30);
        return true;
    }

    /** SIGTERM (the process's shutdown hooks run), then SIGKILL after {@code graceSeconds}. */
    public void stop(String name, int graceSeconds) throws InterruptedException {
        Optional<ProcessHandle> h = find(name);
        if (h.isEmpty()) return;
        h.get().destroy();
        if (!waitGone(h.get(), graceSeconds)) {
            h.get().destroyForcibly();
            waitGone(h.get(), 30);
        }
    }

    public Path pidFile(String name) {
        return layout.pids().resolve(name + ".pid");
    }

    private static boolean waitGone(ProcessHandle h, int seconds) throws InterruptedException {
        try {
            h.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !h.isAlive();
        }
    }
}
