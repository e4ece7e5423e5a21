package dev.eddy.tools.demo;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.kafka.CommittedReader;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** Follows the join's outputs (committed records only) and keeps counts for the demo's live lines. */
public final class LiveCounts implements Runnable {

    public record Snapshot(long examples, long observed, double rewardSum, long deadLetters, Map<String, Long> deadByReason) {}

    private final KafkaClientProperties kafka;
    private final String examplesTopic;
    private final String deadLettersTopic;
    private volatile boolean running = true;
    private final AtomicLong examples = new AtomicLong();
    private final AtomicLong observed = new AtomicLong();
    private final DoubleAdder rewardSum = new DoubleAdder();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Map<String, Long> deadByReason = new ConcurrentHashMap<>();
    private final DriftLag driftLag;

    /** {@code driftLag} is told when each example became readable (committed), as the learner reads it. */
    public LiveCounts(KafkaClientProperties kafka, String examplesTopic, String deadLettersTopic, DriftLag driftLag) {
        this.kafka = kafka;
        this.examplesTopic = examplesTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.driftLag = driftLag;
    }

    public Snapshot snapshot() {
        return new Snapshot(examples.get(), observed.get(), rewardSum.sum(), deadLetters.get(), Map.copyOf(deadByReason));
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try (var consumer = CommittedReader.fromBeginning(kafka, List.of(examplesTopic, deadLettersTopic))) {
            while (running) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (r.topic().equals(examplesTopic)) {
                            JoinedExample e = EventJson.parseExample(r.value());
                            examples.incrementAndGet();
                            driftLag.example(e.decision().variant(), e.decision().timestamp(), Instant.now());
                            if (e.rewardObserved()) observed.incrementAndGet();
                            rewardSum.add(e.reward());
                        } else {
                            DeadLetter d = EventJson.parseDeadLetter(r.value());
                            deadLetters.incrementAndGet();
                            deadByReason.merge(reasonKind(d.reason()), 1L, Long::sum);
                        }
                    } catch (InvalidEventException e) {
                        deadByReason.merge("unreadable output", 1L, Long::sum);
                    }
                }
            }
        }
    }

    /** Groups reasons into a few kinds for display, without the event ids that make each reason unique. */
    static String reasonKind(String reason) {
        if (reason.startsWith("late reward")) return "late reward";
        if (reason.startsWith("reward without decision")) return "reward without decision";
        String subject = reason.startsWith("reward") ? "reward" : reason.startsWith("decision") ? "decision" : "record";
        if (reason.contains("malformed JSON")) return subject + ": malformed JSON";
        if (reason.contains("outside (0, 1]")) return subject + ": probability outside (0, 1]";
        return subject + ": invalid";
    }
}
