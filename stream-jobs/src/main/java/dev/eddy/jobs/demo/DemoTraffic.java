package dev.eddy.jobs.demo;

import dev.eddy.connectors.event.Candidate;
import dev.eddy.connectors.event.Decision;
import dev.eddy.connectors.event.Reward;
import dev.eddy.connectors.json.EventJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Synthetic traffic for the demo: a uniform-random logging policy shows one of 5 candidate items to users of a few
 * segments; clicks follow a hidden segment × category click-through model and arrive after a random delay. A little
 * of what real traffic has is mixed in on purpose: redelivered rewards, rewards after the attribution window, and
 * malformed records, so that the demo shows dedup and dead letters at work.
 */
public final class DemoTraffic implements Runnable {

    static final String[] SEGMENTS = {"sports", "fashion", "tech", "home"};
    static final String[] CATEGORIES = {"shoes", "phones", "sofas", "bikes", "jackets"};
    static final int ITEMS = 40;
    static final int CANDIDATES = 5;

    /** What was sent, for live counts and the summary. */
    public record Counts(long decisions, long rewards, long duplicates, long late, long malformed) {}

    private final KafkaProducer<String, byte[]> producer;
    private final String decisionsTopic;
    private final String rewardsTopic;
    private final double decisionsPerSecond;
    private final Duration window;
    private final Random random;
    private final double[][] ctr = new double[SEGMENTS.length][CATEGORIES.length];
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private volatile boolean running = true;

    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong rewards = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    private record Pending(long dueNanos, Reward reward) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            return Long.compare(dueNanos, o.dueNanos);
        }
    }

    public DemoTraffic(String bootstrap, String decisionsTopic, String rewardsTopic, double decisionsPerSecond,
                       Duration window, long seed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.decisionsTopic = decisionsTopic;
        this.rewardsTopic = rewardsTopic;
        this.decisionsPerSecond = decisionsPerSecond;
        this.window = window;
        this.random = new Random(seed);
        for (int s = 0; s < SEGMENTS.length; s++) {
            for (int c = 0; c < CATEGORIES.length; c++) ctr[s][c] = 0.02 + 0.5 * random.nextDouble() * random.nextDouble();
        }
    }

    public Counts counts() {
        return new Counts(decisions.get(), rewards.get(), duplicates.get(), late.get(), malformed.get());
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        long intervalNanos = (long) (1e9 / decisionsPerSecond);
        long next = System.nanoTime();
        try {
            while (running) {
                long now = System.nanoTime();
                while (!pending.isEmpty() && pending.peek().dueNanos() <= now) sendReward(pending.poll().reward());
                if (now >= next) {
                    decide(Instant.now(), now);
                    next += intervalNanos;
                    if (now - next > 1_000_000_000L) next = now; // fell behind: do not burst
                } else {
                    long sleep = Math.min(next - now, pending.isEmpty() ? Long.MAX_VALUE : pending.peek().dueNanos() - now);
                    Thread.sleep(Math.max(0, sleep / 1_000_000), (int) Math.max(0, sleep % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.flush();
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void decide(Instant at, long nowNanos) {
        long n = decisions.incrementAndGet();
        String eventId = "demo-" + n;
        if (random.nextDouble() < 0.005) {
            malformed.incrementAndGet();
            String bad = random.nextBoolean()
                    ? "{\"eventId\":\"" + eventId + "\",\"timestamp\":\"" + at + "\",\"candidates\":[{\"id\":\"i1\"}],\"chosen\":[0],\"probabilities\":[0]}"
                    : "{\"eventId\":\"" + eventId + "\",\"timestamp\":";
            producer.send(new ProducerRecord<>(decisionsTopic, eventId, bad.getBytes(StandardCharsets.UTF_8)));
            return;
        }
        int segment = random.nextInt(SEGMENTS.length);
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) items.add(i);
        Collections.shuffle(items, random);
        List<Candidate> candidates = new ArrayList<>();
        for (int k = 0; k < CANDIDATES; k++) {
            int item = items.get(k);
            candidates.add(new Candidate("item-" + item, Map.of("item", Map.of(
                    "category=" + CATEGORIES[item % CATEGORIES.length], 1.0, "price", (item % 7) / 7.0))));
        }
        int chosen = random.nextInt(CANDIDATES);
        double p = 1.0 / CANDIDATES;
        Decision d = new Decision(eventId, at, "user-" + random.nextInt(1000), null, null, null, null, "uniform", null,
                Map.of("user", Map.of("segment=" + SEGMENTS[segment], 1.0)), candidates, List.of(chosen), List.of(p),
                Collections.nCopies(CANDIDATES, p), null, null);
        producer.send(new ProducerRecord<>(decisionsTopic, eventId, EventJson.write(d)));
        int category = items.get(chosen) % CATEGORIES.length;
        if (random.nextDouble() < ctr[segment][category]) {
            boolean isLate = random.nextDouble() < 0.01;
            long delayMs = isLate ? window.toMillis() + 2000 : (long) (200 + random.nextDouble() * 0.6 * window.toMillis());
            if (isLate) late.incrementAndGet();
            Reward r = new Reward(eventId, at.plusMillis(delayMs), 1.0, null, "click", "click-" + eventId);
            pending.add(new Pending(nowNanos + delayMs * 1_000_000, r));
        }
    }

    private void sendReward(Reward r) {
        byte[] json = EventJson.write(r);
        producer.send(new ProducerRecord<>(rewardsTopic, r.eventId(), json));
        rewards.incrementAndGet();
        if (random.nextDouble() < 0.02) {
            duplicates.incrementAndGet();
            producer.send(new ProducerRecord<>(rewardsTopic, r.eventId(), json));
        }
    }
}
