package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.json.EventJson;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.model.ModelTopicReader;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.retrain.RetrainJob;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.RetrainKafka;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.SyntheticData;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One retrain on the synthetic set ({@code eddy bench retrain}): {@code SyntheticData.standard()} (5,000 users,
 * 2,000 items, about 200k interactions, data seed 42) shuffled into a stream, produced into an embedded broker and
 * consumed by the retrain job (MiniCluster, RocksDB, exactly-once), which retrains once when all have arrived. The
 * figures come from the published version's manifest: the training's wall time, the whole retrain's (training set,
 * training, three evaluations) and how long the checkpoints took that were taken while it ran.
 */
public final class RetrainBenchmark {
    private RetrainBenchmark() {}

    public record Result(long interactions, Map<String, Double> metrics, double endToEndSeconds) {
        public String report() {
            return String.format(Locale.ROOT, "interactions %d, users %.0f held out%n"
                            + "retrain wall time: training %.1f s, whole retrain (set, training, evaluation) %.1f s%n"
                            + "checkpoints during the retrain: %.0f, mean %.0f ms, max %.0f ms (barrier at the trainer to completion)%n"
                            + "checkpoints before it (reading the interactions): %.0f, mean %.0f ms, max %.0f ms%n"
                            + "held-out recall@20 %.4f, ndcg@20 %.4f (popularity recall@20 %.4f)%n"
                            + "end to end (submission to committed version): %.1f s%n",
                    interactions, metrics.get("holdoutUsers"), metrics.get("trainSeconds"), metrics.get("retrainSeconds"),
                    metrics.get("checkpointsDuringTraining"), metrics.get("checkpointMeanMsDuringTraining"),
                    metrics.get("checkpointMaxMsDuringTraining"), metrics.get("checkpointsOutsideTraining"),
                    metrics.get("checkpointMeanMsOutsideTraining"), metrics.get("checkpointMaxMsOutsideTraining"),
                    metrics.get("recall@20"), metrics.get("ndcg@20"),
                    metrics.get("popularity.recall@20"), endToEndSeconds);
        }
    }

    public static Result run(Map<String, String> overrides, PrintStream progress) throws Exception {
        Path work = Files.createTempDirectory("eddy-bench-retrain-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), true)) {
            List<Interaction> stream = interactions();
            Map<String, String> v = new HashMap<>();
            v.put("kafka.bootstrap-servers", kafka.bootstrapServers());
            v.put("kafka.group-id", "bench-retrain");
            v.put("checkpoint.dir", work.resolve("checkpoints").toUri().toString());
            v.put("checkpoint.interval", "2s");
            v.put("retrain.every-interactions", Integer.toString(stream.size()));
            v.put("retrain.interval", "0s");
            v.put("retrain.fold-in-interval", "0s");
            v.putAll(overrides);
            EddyConfig c = EddyConfig.of(v, EddyKeys.all());
            RetrainJob.ensureTopics(c);
            progress.println("producing " + stream.size() + " interactions ...");
            produce(KafkaClientProperties.plaintext(kafka.bootstrapServers()), c.get(KafkaKeys.TOPIC_INTERACTIONS), stream);
            var env = FlinkRuntime.environment(c, FlinkRuntime.Target.LOCAL);
            RetrainJob.build(env, c, RetrainKafka.inputs(c), RetrainKafka.outputs(c));
            long start = System.nanoTime();
            JobClient job = env.executeAsync(RetrainJob.NAME);
            try {
                progress.println("retrain job running; waiting for the first version ...");
                List<ModelVersion> versions = ModelTopicReader.read(KafkaClientProperties.plaintext(kafka.bootstrapServers()), c.get(KafkaKeys.TOPIC_MODELS),
                        vs -> !vs.isEmpty(), Duration.ofMinutes(20), Duration.ofMinutes(30)).versions();
                if (versions.isEmpty()) throw new IllegalStateException("no version published");
                return new Result(stream.size(), versions.get(0).manifest().metrics(), (System.nanoTime() - start) / 1e9);
            } finally {
                FlinkRuntime.cancelAndWait(job);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The synthetic set's (user, item) pairs in a seeded random order, one second apart. */
    static List<Interaction> interactions() {
        ImplicitDataset d = SyntheticData.standard().generate(42);
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < d.numUsers(); u++) for (int i : d.byUser().of(u)) pairs.add(new int[] {u, i});
        Collections.shuffle(pairs, new Random(7));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Interaction> out = new ArrayList<>(pairs.size());
        for (int k = 0; k < pairs.size(); k++) {
            out.add(new Interaction(null, t0.plusSeconds(k), "u" + d.users().id(pairs.get(k)[0]),
                    "i" + d.items().id(pairs.get(k)[1]), "click", 1.0));
        }
        return out;
    }

    private static void produce(KafkaClientProperties kafka, String topic, List<Interaction> interactions) {
        Map<String, Object> p = new HashMap<>();
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(256 * 1024));
        try (var producer = kafka.producer(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Interaction i : interactions) producer.send(new ProducerRecord<>(topic, i.userId(), EventJson.write(i)));
        }
    }
}
