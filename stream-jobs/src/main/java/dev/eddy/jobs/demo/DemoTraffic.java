package dev.eddy.jobs.demo;

import dev.eddy.bandits.core.Choice;
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
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's traffic: at a fixed rate a simulated user ({@link SimulatedUsers}) gets a slate of candidates, the
 * user's variant ({@link Variants}) picks one — the newest published {@code neufastcb} version, or uniformly at
 * random — and the decision is logged with its propensity, distribution, variant and model version. A click arrives
 * as a reward after a random delay within the attribution window. A little of what real traffic has is mixed in on
 * purpose: redelivered rewards, rewards after the window, and malformed records, so that dedup and dead letters show.
 */
public final class DemoTraffic implements Runnable {

    /** What was sent, for live counts and the summary. */
    public record Counts(long decisions, long rewards, long duplicates, long late, long malformed, long drifts) {}

    private final KafkaProducer<String, byte[]> producer;
    private final String decisionsTopic;
    private final String rewardsTopic;
    private final double decisionsPerSecond;
    private final Duration window;
    private final SimulatedUsers users;
    private final LatestModels models;
    private final RunningReward reward;
    private final Random random;
    private final SplittableRandom policyRandom;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private volatile boolean running = true;
    private volatile long startNanos;

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
                       Duration window, SimulatedUsers users, LatestModels models, RunningReward reward, long seed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.decisionsTopic = decisionsTopic;
        this.rewardsTopic = rewardsTopic;
        this.decisionsPerSecond = decisionsPerSecond;
        this.window = window;
        this.users = users;
        this.models = models;
        this.reward = reward;
        this.random = new Random(seed);
        this.policyRandom = new SplittableRandom(seed + 1);
    }

    public Counts counts() {
        long elapsedMs = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1_000_000;
        return new Counts(decisions.get(), rewards.get(), duplicates.get(), late.get(), malformed.get(),
                users.drifts(elapsedMs));
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        long intervalNanos = (long) (1e9 / decisionsPerSecond);
        startNanos = System.nanoTime();
        long next = startNanos;
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
            sendMalformed(eventId, at);
            return;
        }
        SimulatedUsers.User user = users.user(random);
        SimulatedUsers.Slate slate = users.slate(random);
        var context = users.context(user);
        String variant = Variants.of(user.id());
        var model = Variants.LEARNED.equals(variant) ? models.get(Variants.LEARNED) : java.util.Optional.<LatestModels.Loaded>empty();
        Choice choice = model.isPresent()
                ? model.get().bandit().choose(model.get().encoder().encode(context, slate.candidates()), policyRandom)
                : uniform(slate.candidates().size());
        // Before its first version the learned variant explores uniformly; the logged policy says so.
        String policy = model.isPresent() ? Variants.LEARNED : Variants.UNIFORM;
        Long version = model.map(LatestModels.Loaded::version).orElse(null);
        Decision d = new Decision(eventId, at, user.id(), null, null, "demo-ab", variant, policy, version, context,
                slate.candidates(), List.of(choice.action()), List.of(choice.probability()),
                Arrays.stream(choice.distribution()).boxed().toList(), null, null);
        producer.send(new ProducerRecord<>(decisionsTopic, eventId, EventJson.write(d)));
        long elapsedMs = (nowNanos - startNanos) / 1_000_000;
        boolean click = users.clicks(user, slate.items()[choice.action()], elapsedMs, random);
        reward.add(variant, click);
        if (click) {
            boolean isLate = random.nextDouble() < 0.01;
            long delayMs = isLate ? window.toMillis() + 2000 : (long) (200 + random.nextDouble() * 0.6 * window.toMillis());
            if (isLate) late.incrementAndGet();
            Reward r = new Reward(eventId, at.plusMillis(delayMs), 1.0, null, "click", "click-" + eventId);
            pending.add(new Pending(nowNanos + delayMs * 1_000_000, r));
        }
    }

    private Choice uniform(int k) {
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        return new Choice(policyRandom.nextInt(k), 1.0 / k, p);
    }

    private void sendMalformed(String eventId, Instant at) {
        malformed.incrementAndGet();
        String bad = random.nextBoolean()
                ? "{\"eventId\":\"" + eventId + "\",\"timestamp\":\"" + at + "\",\"candidates\":[{\"id\":\"i1\"}],\"chosen\":[0],\"probabilities\":[0]}"
                : "{\"eventId\":\"" + eventId + "\",\"timestamp\":";
        producer.send(new ProducerRecord<>(decisionsTopic, eventId, bad.getBytes(StandardCharsets.UTF_8)));
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
