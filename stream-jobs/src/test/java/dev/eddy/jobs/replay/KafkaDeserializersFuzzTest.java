package dev.eddy.jobs.replay;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.experiment.ExperimentsConfigReader;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.jobs.experiments.ExperimentInput;
import dev.eddy.jobs.experiments.ExperimentInputDeserializer;
import dev.eddy.jobs.experiments.ExperimentsSettings;
import dev.eddy.jobs.join.JoinInput;
import dev.eddy.jobs.join.JoinInputDeserializer;
import dev.eddy.jobs.learn.LearnerInputDeserializer;
import dev.eddy.jobs.learn.LearnerRecord;
import dev.eddy.jobs.learn.LearnerSettings;
import dev.eddy.jobs.retrain.ControlDeserializer;
import dev.eddy.jobs.retrain.ControlInput;
import dev.eddy.jobs.retrain.InteractionDeserializer;
import dev.eddy.jobs.retrain.InteractionInput;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Kafka deserializer of the jobs (join, learner, retrain, replay, experiments), fed random bytes and mutations of valid records (bytes flipped, inserted,
 * deleted, truncated, null values): each record comes out exactly once, parsed or dead-lettered with a reason that
 * is the parser's (never "unexpected error", which is a bug caught by the safety net), and never throws.
 */
class KafkaDeserializersFuzzTest {
    static final int TRIES = 10_000;
    private static final Map<String, AtomicLong[]> COUNTS = new ConcurrentHashMap<>();

    /** What a deserializer emitted for one record: null when parsed, else the reason it was refused. */
    private record Deserializer<T>(String name, String topic, KafkaRecordDeserializationSchema<T> schema,
                                   Function<T, String> refusal) {}

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Decision DECISION = TestEvents.decision("d-1", T0);

    private static final List<Deserializer<?>> ALL = List.of(
            new Deserializer<>("join/decision", "eddy.decisions", new JoinInputDeserializer("eddy.decisions"),
                    (JoinInput in) -> in.kind == JoinInput.DEAD ? deadReason(in.payload) : null),
            new Deserializer<>("join/reward", "eddy.rewards", new JoinInputDeserializer("eddy.decisions"),
                    (JoinInput in) -> in.kind == JoinInput.DEAD ? deadReason(in.payload) : null),
            new Deserializer<>("learn/example", "eddy.examples",
                    new LearnerInputDeserializer(LearnerSettings.from(EddyConfig.of(Map.of(), EddyKeys.all()))),
                    (LearnerRecord r) -> r.input.dead ? deadReason(r.input.payload) : null),
            new Deserializer<>("retrain/interaction", "eddy.interactions", new InteractionDeserializer(),
                    (InteractionInput in) -> in.dead ? deadReason(in.deadLetter) : null),
            new Deserializer<>("retrain/control", "eddy.control", new ControlDeserializer(),
                    (ControlInput in) -> in.dead ? deadReason(in.deadLetter) : null),
            new Deserializer<>("replay/example", "eddy.examples", new ExampleRecordDeserializer(),
                    (ReplayRecord r) -> r.problem),
            new Deserializer<>("experiments/decision", "eddy.decisions", experiments(),
                    (ExperimentInput in) -> in.kind == ExperimentInput.DEAD ? deadReason(in.payload) : null),
            new Deserializer<>("experiments/example", "eddy.examples", experiments(),
                    (ExperimentInput in) -> in.kind == ExperimentInput.DEAD ? deadReason(in.payload) : null),
            new Deserializer<>("experiments/interaction", "eddy.interactions", experiments(),
                    (ExperimentInput in) -> in.kind == ExperimentInput.DEAD ? deadReason(in.payload) : null));

    /** One measured experiment running around T0, segmented by country, as the experiments job's own tests build it. */
    private static final String EXPERIMENTS = """
            experiments:
              - id: shelf
                status: running
                start: 2026-12-06T09:00:00Z
                end: 2026-12-06T11:00:00Z
                default: control
                variants:
                  - {name: control, weight: 1, policy: uniform}
                  - {name: treatment, weight: 1, policy: neucb}
                metrics:
                  - {name: reward-rate, type: reward-rate}
                  - {name: purchases, type: interaction-count, interaction: purchase}
                  - {name: latency-ms, type: latency, guardrail: 0.5}
                segments: [user:country]
            """;

    private static ExperimentInputDeserializer experiments() {
        EddyConfig c = EddyConfig.of(Map.of(), EddyKeys.all());
        ExperimentsSettings settings = ExperimentsSettings.of(ExperimentsConfigReader.parse(EXPERIMENTS, "fuzz.yaml"), c);
        return new ExperimentInputDeserializer("eddy.decisions", "eddy.examples", settings);
    }

    /** A decision that is an exposure in the experiment above (so that mutations reach its validation). */
    private static final Decision EXPOSURE = Decision.builder().eventId("d-2").timestamp(T0.plusSeconds(1)).userId("u1")
            .experimentId("shelf").variant("treatment").policy("neucb")
            .context(Map.of("user", Map.of("country=DE", 1.0)))
            .candidates(List.of(Candidate.of("a"), Candidate.of("b"))).chosen(List.of(0)).probabilities(List.of(0.5))
            .latencyMs(3.0).build();

    /** A valid record of each deserializer's topic, to mutate. */
    private static byte[] valid(String name) {
        Object record = switch (name) {
            case "join/decision" -> DECISION;
            case "join/reward" -> TestEvents.reward(DECISION, Duration.ofSeconds(5), 1.0);
            case "learn/example", "replay/example" -> TestEvents.rewarded(DECISION, 1.0, Duration.ofSeconds(5), Duration.ofMinutes(1));
            case "retrain/interaction" -> TestEvents.click(T0, "u1", "i1");
            case "experiments/decision" -> EXPOSURE;
            case "experiments/example" -> TestEvents.rewarded(EXPOSURE, 1.0, Duration.ofSeconds(5), Duration.ofMinutes(1));
            case "experiments/interaction" -> new Interaction("i-1", T0, "u1", "a", "purchase", 1.0);
            case "retrain/control" -> new ControlCommand(ControlCommand.ROLLBACK, "recs", 3L, "bad version", T0);
            default -> throw new IllegalArgumentException(name);
        };
        return EventJson.write(record);
    }

    private static String deadReason(byte[] deadLetterJson) {
        try {
            DeadLetter dl = EventJson.parseDeadLetter(deadLetterJson);
            return dl.reason() == null ? "" : dl.reason();
        } catch (Exception e) {
            throw new AssertionError("a dead letter that does not read back: " + e.getMessage(), e);
        }
    }

    @Property(tries = TRIES, seed = "16", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyRecordIsParsedOrDeadLetteredWithItsReason(@ForAll("inputs") byte[][] values) {
        for (Deserializer<?> d : ALL) check(d, values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void check(Deserializer d, byte[][] values) {
        List<Object> out = new ArrayList<>();
        Collector<Object> collector = new Collector<>() {
            @Override public void collect(Object record) { out.add(record); }
            @Override public void close() { }
        };
        long parsed = 0;
        long dead = 0;
        for (int i = 0; i < values.length; i++) {
            byte[] value = values[i] == null ? null : mutate(values[i], d.name(), i);
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(d.topic(), 0, i, null, value);
            int before = out.size();
            try {
                d.schema().deserialize(record, collector);
            } catch (Exception e) {
                throw new AssertionError(d.name() + " threw on " + preview(value) + ": " + e, e);
            }
            assertThat(out.size() - before).as(d.name() + " emitted for " + preview(value)).isEqualTo(1);
            String reason = (String) d.refusal().apply(out.get(before));
            if (reason == null) {
                parsed++;
            } else {
                dead++;
                assertThat(reason).as(d.name() + " on " + preview(value)).isNotBlank().doesNotStartWith("unexpected error")
                        .doesNotContain("java.", "com.fasterxml", "JsonToken");
            }
        }
        assertThat(parsed + dead).isEqualTo(values.length);
        AtomicLong[] c = COUNTS.computeIfAbsent(d.name(), k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        c[0].addAndGet(parsed);
        c[1].addAndGet(dead);
    }

    /**
     * A template (a marker byte and a seed) stands for a mutation of a valid record of the deserializer's topic, the
     * mutation drawn from the seed; other values are used as they are.
     */
    private static byte[] mutate(byte[] value, String name, int i) {
        if (value.length != 9 || value[0] != TEMPLATE) return value;
        long seed = java.nio.ByteBuffer.wrap(value, 1, 8).getLong();
        byte[] v = valid(name);
        Random r = new Random(seed ^ name.hashCode());
        return r.nextInt(20) == 0 ? v : Mutations.apply(v, r);
    }

    private static final byte TEMPLATE = (byte) 0xF7; // never the first byte of UTF-8 text

    @Provide
    Arbitrary<byte[][]> inputs() {
        return Arbitraries.randomValue(r -> {
            byte[][] values = new byte[1 + r.nextInt(4)][];
            for (int i = 0; i < values.length; i++) {
                int kind = r.nextInt(10);
                if (kind == 0) values[i] = null;
                else if (kind < 3) {
                    values[i] = new byte[r.nextInt(200)];
                    r.nextBytes(values[i]);
                } else {
                    values[i] = java.nio.ByteBuffer.allocate(9).put(TEMPLATE).putLong(r.nextLong()).array();
                }
            }
            return values;
        }).withoutEdgeCases();
    }

    @AfterContainer
    static void summary() {
        StringBuilder s = new StringBuilder("[fuzz] records per deserializer (parsed / dead-lettered):");
        COUNTS.forEach((k, v) -> s.append(' ').append(k).append('=').append(v[0]).append('/').append(v[1]));
        System.out.println(s);
    }

    private static String preview(byte[] v) {
        if (v == null) return "null";
        String s = new String(v, StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Mutations of a valid record's bytes, as a corrupted or hostile producer makes them. */
    static final class Mutations {
        private static final String[] TOKENS = {"null", "1e999", "-1", "\"\"", "{}", "[]", "true", "NaN", "\"\\ud800\"",
                "99999999999999999999", "0.5", "\"2026-13-45T99:99:99Z\"", "[null]", "{\"a\":{\"b\":null}}"};

        static byte[] apply(byte[] v, Random r) {
            byte[] out = v.clone();
            int kind = r.nextInt(7);
            switch (kind) {
                case 0 -> {
                    for (int n = 1 + r.nextInt(3); n > 0; n--) out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                }
                case 1 -> out = java.util.Arrays.copyOf(out, r.nextInt(out.length));
                case 2 -> {
                    int at = r.nextInt(out.length);
                    byte[] b = new byte[out.length + 1];
                    System.arraycopy(out, 0, b, 0, at);
                    b[at] = (byte) "{}[]\",:0 \\".charAt(r.nextInt(10));
                    System.arraycopy(out, at, b, at + 1, out.length - at);
                    out = b;
                }
                case 3 -> {
                    // A value replaced by a token of another kind.
                    String s = new String(out, StandardCharsets.UTF_8);
                    List<Integer> colons = new ArrayList<>();
                    for (int i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) colons.add(i);
                    if (colons.isEmpty()) return out;
                    int c = colons.get(r.nextInt(colons.size()));
                    int end = c + 1;
                    int depth = 0;
                    boolean str = false;
                    for (; end < s.length(); end++) {
                        char ch = s.charAt(end);
                        if (str) {
                            if (ch == '\\') end++;
                            else if (ch == '"') str = false;
                            continue;
                        }
                        if (ch == '"') str = true;
                        else if (ch == '{' || ch == '[') depth++;
                        else if (ch == '}' || ch == ']') {
                            if (depth == 0) break;
                            depth--;
                        } else if (ch == ',' && depth == 0) break;
                    }
                    s = s.substring(0, c + 1) + TOKENS[r.nextInt(TOKENS.length)] + s.substring(end);
                    out = s.getBytes(StandardCharsets.UTF_8);
                }
                case 4 -> {
                    String s = new String(out, StandardCharsets.UTF_8);
                    out = ("{\"extra\":" + TOKENS[r.nextInt(TOKENS.length)] + "," + s.substring(1)).getBytes(StandardCharsets.UTF_8);
                }
                case 5 -> out = ("[" + new String(out, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);
                default -> {
                    // A field dropped: everything from one comma to the next at the top level.
                    String s = new String(out, StandardCharsets.UTF_8);
                    int a = s.indexOf(',', r.nextInt(Math.max(1, s.length() / 2)));
                    int b = a < 0 ? -1 : s.indexOf(",\"", a + 1);
                    if (a > 0 && b > a) out = (s.substring(0, a) + s.substring(b)).getBytes(StandardCharsets.UTF_8);
                }
            }
            return out;
        }
    }
}
