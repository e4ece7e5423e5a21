package dev.eddy.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.connectors.event.Decision;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path must agree with {@link EventJson#parseDecision}: never accept what it rejects, and accept the
 * ordinary valid decisions (else it would be no fast path at all). Differential, over generated and mutated
 * decisions (seeded) and the documented examples.
 */
class DecisionScannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A random valid decision. */
    private static ObjectNode validDecision(Random r, int i) {
        ObjectNode d = F.objectNode();
        d.put("eventId", "ev-" + i);
        if (r.nextBoolean()) d.put("timestamp", "2026-11-24T10:15:" + (10 + r.nextInt(50)) + "." + r.nextInt(1000) + "Z");
        else d.put("timestamp", 1_763_979_330_000L + r.nextInt(1_000_000));
        if (r.nextBoolean()) d.put("userId", "u" + r.nextInt(100));
        if (r.nextBoolean()) d.put("step", r.nextInt(5));
        if (r.nextBoolean()) d.put("modelVersion", r.nextInt(1000));
        d.put("policy", "p");
        d.set("context", features(r));
        int k = 1 + r.nextInt(6);
        ArrayNode cands = d.putArray("candidates");
        for (int c = 0; c < k; c++) {
            ObjectNode cand = cands.addObject().put("id", "item-" + c);
            if (r.nextBoolean()) cand.set("features", features(r));
        }
        int slots = 1 + r.nextInt(k);
        ArrayNode chosen = d.putArray("chosen");
        ArrayNode probs = d.putArray("probabilities");
        for (int s = 0; s < slots; s++) {
            chosen.add(s);
            probs.add(0.05 + 0.95 * r.nextDouble());
        }
        if (r.nextBoolean()) {
            ArrayNode dist = d.putArray("distribution");
            for (int c = 0; c < k; c++) dist.add(1.0 / k);
        }
        if (r.nextBoolean()) d.put("weight", 0.5 + r.nextDouble());
        if (r.nextBoolean()) d.put("skipLearn", r.nextBoolean());
        if (r.nextBoolean()) d.putObject("unknownField").putArray("nested").add(1).add("x");
        return d;
    }

    private static ObjectNode features(Random r) {
        ObjectNode f = F.objectNode();
        for (int n = 0; n < r.nextInt(3); n++) {
            ObjectNode ns = f.putObject("ns" + n);
            for (int j = 0; j < r.nextInt(4); j++) ns.put("f" + j + "=" + r.nextInt(9), r.nextDouble() * 10 - 5);
        }
        return f;
    }

    /** Every field, and every element of every array and object below it, each replaced by something odd. */
    private static List<JsonNode> mutations(ObjectNode d) {
        List<JsonNode> odd = List.of(F.nullNode(), F.textNode(""), F.textNode("NaN"), F.textNode("1"), F.numberNode(-1),
                F.numberNode(0), F.numberNode(1.5), F.numberNode(2), F.numberNode(new java.math.BigDecimal("1e400")),
                F.numberNode(new java.math.BigInteger("123456789012345678901234567890")), F.booleanNode(true),
                F.arrayNode(), F.objectNode(), F.arrayNode().add(F.nullNode()), F.numberNode(99));
        List<JsonNode> out = new ArrayList<>();
        collect(d, d, out, odd);
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            ObjectNode m = d.deepCopy();
            m.remove(it.next());
            out.add(m);
        }
        return out;
    }

    private static void collect(ObjectNode root, JsonNode node, List<JsonNode> out, List<JsonNode> odd) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                for (JsonNode x : odd) {
                    JsonNode saved = o.get(name);
                    o.set(name, x);
                    out.add(root.deepCopy());
                    o.set(name, saved);
                }
                collect(root, o.get(name), out, odd);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                for (JsonNode x : odd) {
                    JsonNode saved = a.get(i);
                    a.set(i, x);
                    out.add(root.deepCopy());
                    a.set(i, saved);
                }
                collect(root, a.get(i), out, odd);
            }
        }
    }

    private static void assertAgrees(byte[] json) {
        DecisionScanner.Key fast = DecisionScanner.scan(json);
        if (fast == null) return; // the reference decides; nothing to compare
        Decision d;
        try {
            d = EventJson.parseDecision(json);
        } catch (InvalidEventException e) {
            throw new AssertionError("fast path accepted what EventJson rejects (" + e.getMessage() + "): "
                    + new String(json, StandardCharsets.UTF_8));
        }
        assertThat(fast.eventId()).isEqualTo(d.eventId());
        assertThat(fast.timestampMillis()).isEqualTo(d.timestamp().toEpochMilli());
    }

    @Test
    void acceptsValidDecisionsWithTheReferenceKey() throws Exception {
        Random r = new Random(11);
        for (int i = 0; i < 2000; i++) {
            byte[] json = JSON.writeValueAsBytes(validDecision(r, i));
            assertThat(DecisionScanner.scan(json)).as(new String(json, StandardCharsets.UTF_8)).isNotNull();
            assertAgrees(json);
        }
    }

    @Test
    void neverAcceptsWhatTheReferenceRejects() throws Exception {
        Random r = new Random(12);
        int checked = 0;
        for (int i = 0; i < 60; i++) {
            for (JsonNode m : mutations(validDecision(r, i))) {
                assertAgrees(JSON.writeValueAsBytes(m));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void textLevelOddities() {
        String ok = "{\"eventId\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"candidates\":[{\"id\":\"x\"},{\"id\":\"y\"}],"
                + "\"chosen\":[1],\"probabilities\":[0.5]}";
        assertThat(DecisionScanner.scan(ok.getBytes(StandardCharsets.UTF_8))).isEqualTo(
                new DecisionScanner.Key("a", java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli()));
        for (String bad : List.of(ok + "{}", ok + " x", ok.replace("\"chosen\":[1]", "\"chosen\":[1],\"chosen\":[0]"),
                ok.replace("[1]", "[2]"), ok.replace("[1]", "[1.0]"), ok.replace("0.5", "\"0.5\""), ok.substring(0, 40),
                ok.replace("\"y\"", "\" \""), ok.replace("2026-01-01T00:00:00Z", "yesterday"), "null", "[]", "")) {
            assertAgrees(bad.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(DecisionScanner.scan((ok + "{}").getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(DecisionScanner.scan(ok.replace("[1]", "[2]").getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void documentedDecisionExamplesTakeTheFastPath() throws Exception {
        Path dir = Path.of(getClass().getResource("/examples").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> decisions = files.filter(f -> f.getFileName().toString().startsWith("decision-")).toList();
            assertThat(decisions).isNotEmpty();
            for (Path f : decisions) {
                byte[] json = Files.readAllBytes(f);
                assertThat(DecisionScanner.scan(json)).as(f.toString()).isNotNull();
                assertAgrees(json);
            }
        }
    }
}
