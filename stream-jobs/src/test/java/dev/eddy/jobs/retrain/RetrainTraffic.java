package dev.eddy.jobs.retrain;

import dev.eddy.connectors.event.Interaction;
import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.model.ModelTopicReader;
import dev.eddy.connectors.model.ModelVersion;
import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.recsys.data.ImplicitDataset;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/** What the retrain ITs send and read: a planted data set's interactions in, model versions out. */
final class RetrainTraffic {
    private RetrainTraffic() {}

    /** The planted set's interactions of users [from, to), user by user, at increasing event times from t0 + t s. */
    static List<Interaction> interactions(ImplicitDataset planted, Instant t0, int from, int to, long t) {
        List<Interaction> out = new ArrayList<>();
        for (int u = from; u < to; u++) {
            for (int item : planted.byUser().of(u)) {
                out.add(new Interaction(null, t0.plusSeconds(t++), "u" + planted.users().id(u),
                        "i" + planted.items().id(item), "click", 1.0));
            }
        }
        return out;
    }

    /** Sends interactions to the job's interactions topic, keyed by user. */
    static void send(EddyConfig c, List<Interaction> interactions) {
        Properties p = new Properties();
        p.put("bootstrap.servers", c.get(EddyKeys.BOOTSTRAP));
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Interaction i : interactions) {
                producer.send(new ProducerRecord<>(c.get(EddyKeys.TOPIC_INTERACTIONS), i.userId(), EventJson.write(i)));
            }
            producer.flush();
        }
    }

    /** The committed versions on the job's models topic once {@code done} holds, or after {@code wait}. */
    static List<ModelVersion> versionsUntil(EddyConfig c, Predicate<List<ModelVersion>> done, Duration wait) {
        return ModelTopicReader.read(c.get(EddyKeys.BOOTSTRAP), c.get(EddyKeys.TOPIC_MODELS), done, wait, wait).versions();
    }
}
