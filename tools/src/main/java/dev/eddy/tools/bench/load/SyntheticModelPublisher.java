package dev.eddy.tools.bench.load;

import java.util.HashMap;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.kafka.TopicSpec;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.learn.ModelPublisher;
import dev.eddy.jobs.retrain.DeltaPublisher;
import dev.eddy.jobs.retrain.ModelTables;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * {@code eddy bench models}: synthetic model versions for the serving benchmark and tests, written to the models
 * topic in the formats the jobs write, through the jobs' own record writers: a full embedding version
 * ({@link DeltaPublisher} without a base, as the retrain job's first version) and optionally a contextual-bandit
 * version ({@link ModelPublisher}, as the learner job). A later run with a higher version is a full replacement.
 */
public final class SyntheticModelPublisher {
    /** The embedding version's modelType: what the retrain job writes for matrix factorization. */
    static final String EMBEDDING_MODEL_TYPE = "mf";

    private SyntheticModelPublisher() {}

    /** What went out. */
    public record Published(String model, long version, int users, int items, String banditModel, long banditUpdates,
                            double banditMeanReward, int records, long bytes, double seconds) {}

    public static Published publish(ModelsSettings s, PrintStream log) throws Exception {
        long start = System.nanoTime();
        ensureTopic(s.kafka(), s.topic());
        Instant now = Instant.now();
        ModelTables tables = SyntheticEmbeddings.tables(s.population(), s.dim(), s.seed());
        List<KeyedBytes> records = new ArrayList<>(DeltaPublisher.publish(s.model(), s.version(), 0, null, tables,
                EMBEDDING_MODEL_TYPE, Map.of(), Map.of("source", "synthetic", "seed", Long.toString(s.seed())), now,
                s.blockBytes()).records());
        log.printf(Locale.ROOT, "%s/%d: %d users, %d items, dim %d%n", s.model(), s.version(), s.population().users(),
                s.population().items(), s.dim());
        SyntheticBandit.Trained bandit = null;
        if (s.banditModel() != null) {
            BanditModelSpec spec = new BanditModelSpec(s.banditLearner().learner(), s.banditLearner().params(),
                    s.hashing(), s.banditCandidates(), s.seed());
            bandit = SyntheticBandit.train(spec, s.population(), tables, s.banditRounds(), s.banditCandidates(), s.seed());
            records.addAll(ModelPublisher.records(s.banditModel(), s.version(), spec, bandit.bandit(), bandit.updates(),
                    now, s.blockBytes()));
            log.printf(Locale.ROOT, "%s/%d: %s after %d synthetic rounds (mean click %.3f), 2^%d dims%n",
                    s.banditModel(), s.version(), s.banditLearner().learner(), bandit.updates(), bandit.meanReward(),
                    s.hashing().bits());
        }
        long bytes = send(s.kafka(), s.topic(), records);
        return new Published(s.model(), s.version(), s.population().users(), s.population().items(), s.banditModel(),
                bandit == null ? 0 : bandit.updates(), bandit == null ? Double.NaN : bandit.meanReward(),
                records.size(), bytes, (System.nanoTime() - start) / 1e9);
    }

    /** The models topic as `eddy topics` would create it (one partition, compacted, large records) where missing. */
    static void ensureTopic(KafkaClientProperties kafka, String topic) {
        TopicSpec models = EddyTopics.DEFAULT.specs(1, (short) 1).stream()
                .filter(t -> t.name().equals(EddyTopics.DEFAULT.models())).findFirst().orElseThrow();
        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            admin.ensure(List.of(new TopicSpec(topic, models.partitions(), models.replicationFactor(), models.configs())));
        }
    }

    /** Sends in order (blocks before their manifest; one idempotent producer keeps the partition's order). */
    private static long send(KafkaClientProperties kafka, String topic, List<KeyedBytes> records) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long bytes = 0;
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try (KafkaProducer<String, byte[]> producer = kafka.producer(p, new StringSerializer(), new ByteArraySerializer())) {
            for (KeyedBytes r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.key, r.value)));
                bytes += r.value.length;
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) f.get();
        }
        return bytes;
    }
}
