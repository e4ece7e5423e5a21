package dev.eddy.jobs.retrain;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.events.testing.TestProducers;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.ModelTopicReader;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.recsys.data.ImplicitDataset;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/** What the retrain ITs send and read: a planted data set's interactions in, model versions out. */
final class RetrainTraffic {
    private RetrainTraffic() {}

    /**
     * The settings every retrain IT starts from: its own group and topics (named by {@code suffix}), one partition and
     * parallelism 1 (the trainer sees the interactions in the order sent, so the window, and with fixed seeds the
     * model, is reproducible), checkpoints every 500 ms under {@code tmp}, a retrain every {@code everyInteractions}
     * interactions (no timer), and a small PLD-BPR MF on the CPU. Mutable: each IT puts what it needs on top.
     */
    static Map<String, String> smallJobSettings(String bootstrap, String group, String suffix, Path tmp,
                                                int everyInteractions) {
        Map<String, String> v = new HashMap<>();
        v.put("kafka.bootstrap-servers", bootstrap);
        v.put("kafka.group-id", group);
        v.put("topics.interactions", "interactions-" + suffix);
        v.put("topics.models", "models-" + suffix);
        v.put("topics.dead-letters", "dead-" + suffix);
        v.put("topics.partitions", "1");
        v.put("job.parallelism", "1");
        v.put("checkpoint.dir", tmp.resolve("checkpoints").toUri().toString());
        v.put("checkpoint.interval", "500ms");
        v.put("retrain.every-interactions", Integer.toString(everyInteractions));
        v.put("retrain.interval", "0s");
        v.put("retrain.min-interactions", "100");
        v.put("retrain.method", "pld");
        v.put("retrain.warmup-epochs", "2");
        v.put("retrain.epochs", "6");
        v.put("retrain.dim", "16");
        v.put("retrain.batch-size", "256");
        v.put("retrain.learning-rate", "0.01");
        v.put("retrain.seed", "5");
        v.put("retrain.device", "cpu");
        v.put("retrain.snapshot-dir", tmp.resolve("snapshots").toString());
        v.put("retrain.block-bytes", "8192");
        v.put("retrain.item-fold-in-interval", "0s");
        return v;
    }

    /** The configuration of {@code settings}, with the job's topics created. */
    static EddyConfig config(Map<String, String> settings) {
        EddyConfig c = EddyConfig.of(settings, EddyKeys.all());
        RetrainJob.ensureTopics(c);
        return c;
    }

    /** The planted set's interactions of users [from, to), user by user, at increasing event times from t0 + t s. */
    static List<Interaction> interactions(ImplicitDataset planted, Instant t0, int from, int to, long t) {
        List<Interaction> out = new ArrayList<>();
        for (int u = from; u < to; u++) {
            for (int item : planted.byUser().of(u)) {
                out.add(TestEvents.click(t0.plusSeconds(t++), "u" + planted.users().id(u),
                        "i" + planted.items().id(item)));
            }
        }
        return out;
    }

    /** Sends interactions to the job's interactions topic, keyed by user. */
    static void send(EddyConfig c, List<Interaction> interactions) {
        Properties p = TestProducers.reliable(c.get(KafkaKeys.BOOTSTRAP));
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sends = new ArrayList<>();
            for (Interaction i : interactions) {
                sends.add(producer.send(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_INTERACTIONS), i.userId(),
                        EventJson.write(i))));
            }
            producer.flush();
            TestProducers.awaitAll(sends);
        }
    }

    /** The committed versions on the job's models topic once {@code done} holds, or after {@code wait}. */
    static List<ModelVersion> versionsUntil(EddyConfig c, Predicate<List<ModelVersion>> done, Duration wait) {
        return ModelTopicReader.read(KafkaClientProperties.from(c), c.get(KafkaKeys.TOPIC_MODELS), done, wait, wait).versions();
    }
}
