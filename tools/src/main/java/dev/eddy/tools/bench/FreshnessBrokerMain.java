package dev.eddy.tools.bench;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The freshness benchmark's other process ({@link BrokerProcess} starts it): the embedded broker and the live
 * producer, whose CPU must not be counted as the pipeline's and whose threads must not share the jobs' JVM. It prints
 * {@value BrokerMain#READY} with the bootstrap address, then on the command {@code produce <rate> <durationMs>
 * <warmupMs> <tailMs> <decisionsTopic> <rewardsTopic> <scoredFile>} produces decision+reward pairs at {@code rate}
 * per second with event time = now, writes the scored rewards ({@code eventId<TAB>event time ms}, those sent after
 * the warm-up and before the end) to {@code scoredFile}, and answers {@code <sent> <startMs> <lastSendMs>}. It keeps
 * the broker up until its standard input ends.
 *
 * <p>Arguments: work directory.
 */
public final class FreshnessBrokerMain {
    static final String PRODUCE = "produce";

    private FreshnessBrokerMain() {}

    public static void main(String[] args) throws IOException {
        Path kafkaDir = Files.createDirectories(Path.of(args[0]).resolve("kafka-" + System.nanoTime()));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, true)) {
            System.out.println(BrokerMain.READY + " " + kafka.bootstrapServers());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (!f[0].equals(PRODUCE)) {
                    System.out.println("unknown command: " + line);
                    continue;
                }
                Producer p = new Producer(KafkaClientProperties.plaintext(kafka.bootstrapServers()), Integer.parseInt(f[1]),
                        Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5], f[6], Path.of(f[7]));
                Thread t = new Thread(p, "freshness-producer");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /**
     * Decision + reward pairs at a fixed rate (event time = now for both; the reward right after its decision), for
     * the run's duration plus a tail that keeps the watermark moving. Rewards between the warm-up and the end are
     * scored.
     */
    static final class Producer implements Runnable {
        private final KafkaClientProperties kafka;
        private final int rate;
        private final long durationMs;
        private final long warmupMs;
        private final long tailMs;
        private final String decisions;
        private final String rewards;
        private final Path scoredFile;
        private final List<Candidate> candidates = new ArrayList<>();

        Producer(KafkaClientProperties kafka, int rate, long durationMs, long warmupMs, long tailMs, String decisions,
                 String rewards, Path scoredFile) {
            this.kafka = kafka;
            this.rate = rate;
            this.durationMs = durationMs;
            this.warmupMs = warmupMs;
            this.tailMs = tailMs;
            this.decisions = decisions;
            this.rewards = rewards;
            this.scoredFile = scoredFile;
            for (int a = 0; a < FreshnessBenchmark.ACTIONS; a++) {
                candidates.add(new Candidate("item" + a, Map.of("item", Map.of("id=item" + a, 1.0, "price", 0.1 * a))));
            }
        }

        @Override
        public void run() {
            Map<String, Object> p = new HashMap<>();
            p.put("linger.ms", "5");
            p.put("batch.size", String.valueOf(256 * 1024));
            SplittableRandom r = new SplittableRandom(1);
            long start = System.nanoTime();
            long startMs = System.currentTimeMillis();
            long warmupEndMs = startMs + warmupMs;
            long endMs = startMs + durationMs;
            // The tail: rewards after the end are not scored, they only move the join's watermark on.
            long tailEndMs = endMs + tailMs;
            long sent = 0;
            long lastSendMs = startMs;
            int actions = FreshnessBenchmark.ACTIONS;
            try (var producer = kafka.producer(p, new StringSerializer(), new ByteArraySerializer());
                 BufferedWriter scored = Files.newBufferedWriter(scoredFile, StandardCharsets.UTF_8)) {
                for (long i = 0; ; i++) {
                    long due = start + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                    long now = System.currentTimeMillis();
                    if (now >= tailEndMs) break;
                    Instant t = Instant.ofEpochMilli(now);
                    String id = "f" + i;
                    int chosen = r.nextInt(actions);
                    int segment = r.nextInt(20);
                    // Drawn in this order (user, then age): the seeded traffic stays the same.
                    Decision d = Decision.builder().eventId(id).timestamp(t).userId("u" + r.nextInt(1000)).policy("prod")
                            .context(Map.of("user", Map.of("segment=" + segment, 1.0, "age", r.nextDouble())))
                            .candidates(candidates).chosen(List.of(chosen)).probabilities(List.of(1.0 / actions)).build();
                    double reward = (segment + chosen) % 4 == 0 ? 1.0 : 0.0;
                    producer.send(new ProducerRecord<>(decisions, id, EventJson.write(d)));
                    producer.send(new ProducerRecord<>(rewards, id, EventJson.write(Reward.of(id, t, reward))));
                    if (now >= warmupEndMs && now < endMs) scored.write(id + "\t" + now + "\n");
                    if (now < endMs) {
                        sent = i + 1;
                        lastSendMs = now;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + scoredFile, e);
            }
            System.out.printf(Locale.ROOT, "%s%d %d %d%n", BrokerProcess.REPLY, sent, startMs, lastSendMs);
            System.out.flush();
        }
    }
}
