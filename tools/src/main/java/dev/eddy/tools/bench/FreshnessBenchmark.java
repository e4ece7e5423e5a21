package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.runtime.JoinAndLearn;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Freshness of the learner's models end to end ({@code eddy bench freshness}): the join job and the learner job in
 * one Flink job on a MiniCluster (RocksDB, exactly-once sinks, one checkpoint for both) in this JVM, and in a child
 * JVM ({@link FreshnessBrokerMain}) the broker and a producer that writes a decision and its reward at {@code rate}
 * pairs per second with event time = now, so that neither shares the jobs' JVM (threads, heap, GC). For every
 * reward produced after the warm-up, the latency is the time from its event time until a read_committed reader saw
 * the first model version that includes it ({@link Freshness}).
 *
 * <p>What bounds it from below: the join emits an example when the watermark passes the end of its attribution
 * window ({@code join.window} + {@code join.max-out-of-orderness}), its exactly-once sink commits at the next
 * checkpoint, the learner publishes at most {@code learner.publish-interval} after the first unpublished update, and
 * that version is committed at the checkpoint after that. With transactional output at both hops, a reward needs
 * about window + out-of-orderness + 1 to 2 checkpoint intervals + the publish delay before any reader can see it.
 *
 * <p>With {@code cancelAfter}, the job is cancelled at that point of the run (the producer goes on), restarted from
 * its last retained checkpoint, and the versions seen before and after are reported.
 */
public final class FreshnessBenchmark {
    static final int ACTIONS = 10;

    private FreshnessBenchmark() {}

    public record Settings(int rate, Duration duration, Duration warmup, Duration cancelAfter,
                           Map<String, String> overrides) {}

    public record Restart(long lastVersionBefore, long updatesBefore, long firstVersionAfter, long updatesAfterFirst,
                          String checkpoint, double downSeconds) {}

    public record Result(long produced, long scored, Freshness.Result freshness, List<Freshness.SeenVersion> versions,
                         boolean versionsContiguous, Restart restart, Map<String, String> settings, double achievedRate,
                         long examplesCommitted, long duplicateExamples) {
        public String report() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "produced %d decision+reward pairs (%.0f/s achieved), scored %d rewards "
                            + "after the warm-up, %d not covered by a version seen%n",
                    produced, achievedRate, scored, freshness.uncovered()));
            b.append("settings: ");
            settings.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
            b.append(System.lineSeparator());
            b.append(String.format(Locale.ROOT, "freshness (reward event time -> first committed version that includes it): "
                            + "median %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    freshness.median(), freshness.percentile(0.9), freshness.percentile(0.99), freshness.percentile(1.0)));
            Freshness.SeenVersion last = versions.isEmpty() ? null : versions.get(versions.size() - 1);
            b.append(String.format(Locale.ROOT, "versions seen: %d (last: version %d with %d updates), numbers 1..N without "
                    + "gap or repeat: %s%n", versions.size(), last == null ? 0 : last.version(),
                    last == null ? 0 : last.updates(), versionsContiguous));
            b.append(String.format(Locale.ROOT, "committed examples read: %d, duplicates among them: %d%n",
                    examplesCommitted, duplicateExamples));
            if (restart != null) {
                b.append(String.format(Locale.ROOT, "cancel + restore from %s (%.1f s without a job): last version before "
                                + "%d (%d updates), first after %d (%d updates)%n", restart.checkpoint, restart.downSeconds,
                        restart.lastVersionBefore, restart.updatesBefore, restart.firstVersionAfter,
                        restart.updatesAfterFirst));
            }
            b.append(summary());
            return b.toString();
        }

        /** The line {@code eddy bench freshness} ends with. */
        public String summary() {
            return String.format(Locale.ROOT, "freshness: median %.0f ms, p99 %.0f ms at %.0f/s%n", freshness.median(),
                    freshness.percentile(0.99), achievedRate);
        }
    }

    public static Result run(Settings s, PrintStream progress) throws Exception {
        Path work = Files.createTempDirectory("eddy-bench-freshness-");
        progress.println("starting the broker and the producer in a separate process");
        try (BrokerProcess kafka = BrokerProcess.start(FreshnessBrokerMain.class, List.of(work.toString()), progress)) {
            Map<String, String> v = new HashMap<>();
            v.put("kafka.bootstrap-servers", kafka.bootstrap());
            v.put("topics.partitions", "1");
            v.put("checkpoint.dir", work.resolve("checkpoints").toUri().toString());
            v.put("checkpoint.interval", "1s");
            v.put("join.window", "500ms");
            v.put("join.max-out-of-orderness", "100ms");
            v.put("learner.models", "prod=neufastcb:sigma=0");
            v.put("learner.hashing-bits", "7");
            v.put("learner.publish-every-updates", "0");
            v.put("learner.publish-interval", "1s");
            v.putAll(s.overrides());
            v.remove("kafka.group-id");
            EddyConfig join = JoinAndLearn.config(v, "fresh-join");
            EddyConfig learn = JoinAndLearn.config(v, "fresh-learn");
            JoinAndLearn.ensureTopics(join, learn);
            Map<String, String> shown = new java.util.TreeMap<>();
            for (String k : List.of("checkpoint.interval", "join.window", "join.max-out-of-orderness", "learner.models",
                    "learner.publish-interval", "learner.publish-every-updates", "learner.hashing-bits", "job.parallelism")) {
                shown.put(k, String.valueOf(join.effective().get(k)));
            }

            Map<String, Long> rewardTimes = new ConcurrentHashMap<>();
            // Not a CopyOnWriteArrayList: that copies the whole list on every add, O(n²) over a run, and at 10,000
            // examples/s this reader then took a large share of the two cores the job is measured on.
            List<String> exampleOrder = Collections.synchronizedList(new ArrayList<>());
            List<Freshness.SeenVersion> versions = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread examplesReader = reader(KafkaClientProperties.plaintext(kafka.bootstrap()), join.get(KafkaKeys.TOPIC_EXAMPLES), stop,
                    (key, value, now) -> exampleOrder.add(key));
            Thread modelsReader = reader(KafkaClientProperties.plaintext(kafka.bootstrap()), learn.get(KafkaKeys.TOPIC_MODELS), stop, (key, value, now) -> {
                if (!key.endsWith("/manifest")) return;
                ModelManifest m = (ModelManifest) EventJson.parseModelPart(value);
                versions.add(new Freshness.SeenVersion(m.version(), Math.round(m.metrics().get("updates")), now));
            });

            JobClient job = start(join, learn, null);
            Restart restart = null;
            long produced;
            double achieved;
            try {
                awaitRunning(job);
                progress.printf("job running; producing %d decision+reward pairs/s for %s ...%n", s.rate(),
                        dev.eddy.events.config.Durations.format(s.duration()));
                Path scoredFile = work.resolve("scored.tsv");
                // The tail after the scored part keeps the join's watermark moving.
                long tailMs = 3_000 + join.get(EddyKeys.CHECKPOINT_INTERVAL).toMillis() * 3;
                kafka.send(String.join(" ", FreshnessBrokerMain.PRODUCE, String.valueOf(s.rate()),
                        String.valueOf(s.duration().toMillis()), String.valueOf(s.warmup().toMillis()),
                        String.valueOf(tailMs), join.get(KafkaKeys.TOPIC_DECISIONS), join.get(KafkaKeys.TOPIC_REWARDS),
                        scoredFile.toString()));
                if (s.cancelAfter() != null) {
                    Thread.sleep(s.cancelAfter().toMillis());
                    long down = System.nanoTime();
                    Freshness.SeenVersion before = versions.isEmpty() ? null : versions.get(versions.size() - 1);
                    FlinkRuntime.cancelAndWait(job);
                    Path chk = latestCheckpoint(work.resolve("checkpoints"), job.getJobID().toHexString());
                    progress.println("cancelled; restoring from " + chk);
                    int seenBefore = versions.size();
                    job = start(join, learn, chk.toUri().toString());
                    awaitRunning(job);
                    double downSeconds = (System.nanoTime() - down) / 1e9;
                    while (versions.size() == seenBefore) Thread.sleep(50);
                    Freshness.SeenVersion after = versions.get(seenBefore);
                    restart = new Restart(before == null ? 0 : before.version(), before == null ? 0 : before.updates(),
                            after.version(), after.updates(), chk.getFileName().toString(), downSeconds);
                }
                // Traffic goes on after the scored part until a version covers every scored reward: the join's
                // watermark only moves with new records.
                String[] done = kafka.await(s.duration().plus(Duration.ofMillis(tailMs)).plusMinutes(2));
                produced = Long.parseLong(done[0]);
                achieved = produced / ((Long.parseLong(done[2]) - Long.parseLong(done[1])) / 1000.0);
                try (Stream<String> lines = Files.lines(scoredFile)) {
                    lines.forEach(l -> {
                        int tab = l.indexOf('\t');
                        rewardTimes.put(l.substring(0, tab), Long.parseLong(l.substring(tab + 1)));
                    });
                }
                progress.println("waiting for a version that includes every scored reward ...");
                long deadline = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < deadline) {
                    if (Freshness.of(rewardTimes, snapshot(exampleOrder), versions).uncovered() == 0) break;
                    Thread.sleep(500);
                }
            } finally {
                stop.set(true);
                FlinkRuntime.cancelAndWait(job);
                examplesReader.join();
                modelsReader.join();
            }
            List<Freshness.SeenVersion> seen = List.copyOf(versions);
            boolean contiguous = true;
            for (int i = 0; i < seen.size(); i++) contiguous &= seen.get(i).version() == i + 1;
            List<String> examples = snapshot(exampleOrder);
            long duplicates = examples.size() - new java.util.HashSet<>(examples).size();
            return new Result(produced, rewardTimes.size(), Freshness.of(rewardTimes, examples, seen), seen,
                    contiguous, restart, shown, achieved, examples.size(), duplicates);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static JobClient start(EddyConfig join, EddyConfig learn, String restoreFrom) throws Exception {
        return JoinAndLearn.start(join, learn, restoreFrom, "eddy-freshness");
    }

    private static void awaitRunning(JobClient job) throws Exception {
        JoinAndLearn.awaitRunning(job);
    }

    static Path latestCheckpoint(Path root, String jobId) throws Exception {
        try (Stream<Path> dirs = Files.list(root.resolve(jobId))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new IllegalStateException("no completed checkpoint under " + root.resolve(jobId)));
        }
    }

    interface RecordHandler {
        void accept(String key, byte[] value, long seenAtMs) throws Exception;
    }

    /** A copy of a list that a reader thread appends to. */
    private static List<String> snapshot(List<String> synchronizedList) {
        synchronized (synchronizedList) {
            return List.copyOf(synchronizedList);
        }
    }

    /** A read_committed reader of a whole topic, noting when it saw each record, until {@code stop}. */
    private static Thread reader(KafkaClientProperties kafka, String topic, AtomicBoolean stop, RecordHandler handler) {
        Thread t = new Thread(() -> {
            Map<String, Object> p = new HashMap<>();
            p.put("isolation.level", "read_committed");
            p.put("auto.offset.reset", "earliest");
            p.put("enable.auto.commit", "false");
            p.put("max.partition.fetch.bytes", String.valueOf(8 << 20));
            try (var consumer = kafka.consumer(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                var parts = consumer.partitionsFor(topic).stream()
                        .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long now = System.currentTimeMillis();
                    for (var r : records) handler.accept(r.key(), r.value(), now);
                }
            } catch (Exception e) {
                throw new IllegalStateException("reading " + topic, e);
            }
        }, "freshness-reader-" + topic);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
