package dev.eddy.serving.http;

import dev.eddy.serving.config.PolledFile;
import dev.eddy.serving.security.ApiKeyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API keys in force: the fixed ones (serving.api-keys, the variable serving.api-keys-env names) and those of the
 * key file, which is read again whenever its modification time or size changes (polled, like the experiments file,
 * so that files replaced through symlinks, as Kubernetes mounts Secrets, are seen too). A file that does not load, or
 * holds no key, is logged with its reason (a line number, never a line) and the keys before stay in force: a bad edit
 * never opens the API nor locks every client out.
 */
final class KeyRing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    private final ApiKeys fixed;
    private final Path file;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final PolledFile polled;
    private volatile ApiKeys current;

    /**
     * @param file the key file, or null for none; read now, and a file that does not load fails here
     * @param every how often the file is checked for changes
     */
    KeyRing(ApiKeys fixed, Path file, Duration every) {
        this.fixed = fixed;
        this.file = file;
        this.polled = file == null ? null : new PolledFile(file);
        if (file == null) {
            current = fixed;
            timer = null;
            return;
        }
        try {
            polled.stamp();
            current = fixed.plus(read());
        } catch (IOException e) {
            throw new IllegalArgumentException("serving.api-keys-file " + file + ": cannot read it: " + e.getMessage());
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eddy-api-keys-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::reloadIfChanged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    ApiKeys current() {
        return current;
    }

    long reloads() {
        return reloads.get();
    }

    long failures() {
        return failures.get();
    }

    /** Reads the file now, changed or not (POST /v1/admin/reload); the answer says what happened, without keys. */
    synchronized Map<String, Object> reloadNow() {
        if (file == null) return Map.of("reloaded", false, "reason", "no serving.api-keys-file", "keys", current.size());
        try {
            polled.stamp();
        } catch (IOException e) {
            // load() reports it.
        }
        String error = load();
        return error == null ? Map.of("reloaded", true, "keys", current.size())
                : Map.of("reloaded", false, "reason", error, "keys", current.size());
    }

    private synchronized void reloadIfChanged() {
        try {
            if (!polled.changed()) return;
        } catch (IOException e) {
            // Missing for a moment (being replaced), or gone: the keys stay; load() below says so once per change.
            if (!polled.noteMissing()) return;
        }
        load();
    }

    /** Null when the file loaded, else why not. */
    private String load() {
        try {
            current = fixed.plus(read());
            reloads.incrementAndGet();
            LOG.info("API keys reloaded from {}: {} keys", file, current.size());
            return null;
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            String why = e instanceof IOException ? "cannot read it: " + e.getMessage() : e.getMessage();
            LOG.error("API key file {} not reloaded, the previous keys stay: {}", file, why);
            return why;
        }
    }

    private ApiKeys read() throws IOException {
        ApiKeyFile.Parsed parsed = ApiKeyFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
        if (parsed.keys().isEmpty()) throw new IllegalArgumentException("it holds no key");
        if (parsed.plainKeys() > 0) {
            LOG.warn("API key file {} holds {} keys in plain text (each may use every scope); store only their hashes: "
                    + "eddy serving-key add", file, parsed.plainKeys());
        }
        return ApiKeys.ofKeys(parsed.keys());
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
