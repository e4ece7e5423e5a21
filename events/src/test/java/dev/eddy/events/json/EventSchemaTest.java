package dev.eddy.events.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps the JSON Schemas, the documented examples in docs/events.md and the Java reader in agreement:
 * every example meets its schema and reads back into an equal record, and the invalid variants are refused
 * by both the schema and {@link EventJson}, each naming the field.
 */
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // The prefix mapping is what keeps validation offline: $ids and relative $refs resolve to the classpath.
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://eddy.dev/schemas/", "classpath:schemas/")));

    // Draft 2020-12 treats "format" as an annotation only; the timestamp rule needs it to assert. JSON-path
    // locations ("$.chosen[0]") name fields the way EventJson's messages do.
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();

    @FunctionalInterface
    interface Parser {
        Object parse(byte[] json) throws InvalidEventException;
    }

    enum Type {
        DECISION("decision", EventJson::parseDecision),
        REWARD("reward", EventJson::parseReward),
        INTERACTION("interaction", EventJson::parseInteraction),
        JOINED_EXAMPLE("joined-example", EventJson::parseExample),
        MODEL_PART("model-part", EventJson::parseModelPart),
        DEAD_LETTER("dead-letter", EventJson::parseDeadLetter),
        CONTROL_COMMAND("control-command", EventJson::parseControlCommand),
        EXPERIMENT_RESULTS("experiment-results", EventJson::parseExperimentResults);

        final String name;
        final Parser parser;

        Type(String name, Parser parser) {
            this.name = name;
            this.parser = parser;
        }

        JsonSchema schema() {
            return FACTORY.getSchema(SchemaLocation.of("https://eddy.dev/schemas/" + name + ".schema.json"), CONFIG);
        }

        static Type ofFile(String file) {
            // Longest name first, so that a future "decision-x" type could not be shadowed by "decision".
            return Arrays.stream(values())
                    .sorted(Comparator.comparingInt((Type t) -> t.name.length()).reversed())
                    .filter(t -> file.startsWith(t.name + "-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("example " + file + " is not named <type>-*.json"));
        }
    }

    // ---------------------------------------------------------------- the examples

    static Stream<String> exampleFiles() throws IOException, URISyntaxException {
        URL dir = EventSchemaTest.class.getResource("/examples");
        assertThat(dir).as("examples on the test classpath").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .sorted().toList();
            assertThat(names).isNotEmpty();
            return names.stream();
        }
    }

    @Test
    void everyRecordTypeHasAnExample() throws Exception {
        Set<Type> covered = exampleFiles().map(Type::ofFile).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(Type.values());
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void exampleMeetsItsSchema(String file) throws Exception {
        assertThat(errors(Type.ofFile(file), example(file))).as(file).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void exampleReadsAndRoundTrips(String file) throws Exception {
        Type type = Type.ofFile(file);
        byte[] bytes = exampleBytes(file);
        Object record = type.parser.parse(bytes);
        byte[] written = EventJson.write(record);
        Object again = type.parser.parse(written);
        if (record instanceof DeadLetter) {
            // DeadLetter is a record holding byte[]: its equals compares the arrays by identity.
            assertThat(again).usingRecursiveComparison().isEqualTo(record);
        } else {
            assertThat(again).isEqualTo(record);
        }
        // What the writer produces must meet the same contract as what producers send.
        assertThat(errors(type, JSON.readTree(written))).as("written " + file).isEmpty();
        // Unknown fields are ignored on read, so a misspelt optional field would vanish silently; every field
        // of the example must come back out of the writer with the same value.
        assertSameContent(JSON.readTree(bytes), JSON.readTree(written), "$");
    }

    @Test
    void docsShowExactlyTheExampleFiles() throws Exception {
        Map<String, JsonNode> documented = documentedExamples();
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(exampleFiles().toList());
        for (Map.Entry<String, JsonNode> e : documented.entrySet()) {
            assertThat(e.getValue()).as("docs/events.md block for " + e.getKey()).isEqualTo(example(e.getKey()));
        }
    }

    @Test
    void modelExamplesMeetTheirCrossFieldRules() throws Exception {
        ModelManifest manifest = (ModelManifest) EventJson.parseModelPart(exampleBytes("model-part-manifest.json"));
        ModelBlock block = (ModelBlock) EventJson.parseModelPart(exampleBytes("model-part-block.json"));
        assertThat(block.model()).isEqualTo(manifest.model());
        assertThat(block.version()).isEqualTo(manifest.version());
        assertThat(manifest.blockCount()).isEqualTo(1);
        assertThat(block.data()).hasSize(block.rows() * block.cols() * Float.BYTES);
        assertThat(block.floats()).containsExactly(0.12f, -0.5f, 1.0f, 0.03f, 0.25f, -1.75f);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(block.data());
        assertThat(manifest.sha256()).isEqualTo(hex(digest));
    }

    @Test
    void deadLetterExampleCarriesTheRealRejection() throws Exception {
        DeadLetter letter = EventJson.parseDeadLetter(exampleBytes("dead-letter-zero-probability.json"));
        String text = new String(letter.raw(), StandardCharsets.UTF_8);
        assertThat(letter.preview()).isEqualTo(text);
        assertThatThrownBy(() -> EventJson.parseDecision(letter.raw()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(letter.reason());
    }

    // ---------------------------------------------------------------- invalid variants: both refuse

    static Stream<Object[]> invalidDecisions() {
        return Stream.of(
                variant("missing eventId", "eventId", d -> d.remove("eventId")),
                variant("blank eventId", "eventId", d -> d.put("eventId", "  ")),
                variant("probability 0", "probabilities[0]", d -> d.withArray("probabilities").set(0, 0.0)),
                variant("probability 1.5", "probabilities[0]", d -> d.withArray("probabilities").set(0, 1.5)),
                variant("chosen -1", "chosen[0]", d -> d.withArray("chosen").set(0, -1)),
                variant("feature \"NaN\"", "context.user.age",
                        d -> ((ObjectNode) d.get("context").get("user")).put("age", "NaN")),
                variant("candidate feature \"NaN\"", "candidates[1].features.item.age_hours",
                        d -> ((ObjectNode) d.get("candidates").get(1).get("features").get("item"))
                                .put("age_hours", "NaN")),
                variant("timestamp yesterday", "timestamp", d -> d.put("timestamp", "yesterday")),
                variant("timestamp with fraction of millis", "timestamp", d -> d.put("timestamp", 1795551465002.5)),
                variant("missing timestamp", "timestamp", d -> d.remove("timestamp")),
                variant("empty candidates", "candidates", d -> d.putArray("candidates")),
                variant("null candidate", "candidates[1]", d -> d.withArray("candidates").set(1, JsonNodeFactory.instance.nullNode())),
                variant("empty chosen", "chosen", d -> d.putArray("chosen")),
                variant("duplicate chosen", "chosen", d -> {
                    d.putArray("chosen").add(2).add(2);
                    d.putArray("probabilities").add(0.8).add(0.5);
                }),
                variant("step -1", "step", d -> d.put("step", -1)),
                variant("weight 0", "weight", d -> d.put("weight", 0.0)),
                variant("latency -1", "latencyMs", d -> d.put("latencyMs", -1.0)),
                variant("distribution entry 1.2", "distribution[1]", d -> d.putArray("distribution")
                        .add(0.0).add(1.2).add(-0.2)));
    }

    private static Object[] variant(String label, String field, Consumer<ObjectNode> change) {
        return new Object[] {label, field, change};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDecisions")
    void invalidDecisionIsRefusedByBoth(String label, String field, Consumer<ObjectNode> change) throws Exception {
        ObjectNode decision = (ObjectNode) example("decision-basic.json");
        change.accept(decision);
        assertRefusedByBoth(Type.DECISION, decision, field);
    }

    @Test
    void invalidDecisionInsideAnExampleIsRefusedByBoth() throws Exception {
        ObjectNode example = (ObjectNode) example("joined-example-clicked.json");
        ((ArrayNode) example.get("decision").get("probabilities")).set(0, 0.0);
        assertRefusedByBoth(Type.JOINED_EXAMPLE, example, "probabilities[0]");
    }

    @Test
    void invalidRewardsAreRefusedByBoth() throws Exception {
        ObjectNode nan = (ObjectNode) example("reward-slate-click.json");
        nan.put("value", "NaN");
        assertRefusedByBoth(Type.REWARD, nan, "value");

        ObjectNode noValue = (ObjectNode) example("reward-slate-click.json");
        noValue.remove("value");
        assertRefusedByBoth(Type.REWARD, noValue, "value");

        ObjectNode noId = (ObjectNode) example("reward-slate-click.json");
        noId.remove("eventId");
        assertRefusedByBoth(Type.REWARD, noId, "eventId");

        ObjectNode badSlot = (ObjectNode) example("reward-slate-click.json");
        badSlot.put("slot", -1);
        assertRefusedByBoth(Type.REWARD, badSlot, "slot");

        ObjectNode badTime = (ObjectNode) example("reward-slate-click.json");
        badTime.put("timestamp", "yesterday");
        assertRefusedByBoth(Type.REWARD, badTime, "timestamp");
    }

    @Test
    void invalidInteractionsAreRefusedByBoth() throws Exception {
        ObjectNode noUser = (ObjectNode) example("interaction-purchase.json");
        noUser.remove("userId");
        assertRefusedByBoth(Type.INTERACTION, noUser, "userId");

        ObjectNode blankItem = (ObjectNode) example("interaction-purchase.json");
        blankItem.put("itemId", " ");
        assertRefusedByBoth(Type.INTERACTION, blankItem, "itemId");

        ObjectNode nan = (ObjectNode) example("interaction-purchase.json");
        nan.put("value", "NaN");
        assertRefusedByBoth(Type.INTERACTION, nan, "value");
    }

    @Test
    void invalidControlCommandsAreRefusedByBoth() throws Exception {
        ObjectNode unknown = (ObjectNode) example("control-command-rollback.json");
        unknown.put("command", "retrain-now");
        assertRefusedByBoth(Type.CONTROL_COMMAND, unknown, "command");
        assertThatThrownBy(() -> EventJson.parseControlCommand(JSON.writeValueAsBytes(unknown)))
                .hasMessage("control command: unknown command 'retrain-now' (known: rollback)");

        ObjectNode noCommand = (ObjectNode) example("control-command-rollback.json");
        noCommand.remove("command");
        assertRefusedByBoth(Type.CONTROL_COMMAND, noCommand, "command");

        ObjectNode noModel = (ObjectNode) example("control-command-rollback.json");
        noModel.remove("model");
        assertRefusedByBoth(Type.CONTROL_COMMAND, noModel, "model");

        ObjectNode slash = (ObjectNode) example("control-command-rollback.json");
        slash.put("model", "recs/1");
        assertRefusedByBoth(Type.CONTROL_COMMAND, slash, "model");

        ObjectNode noVersion = (ObjectNode) example("control-command-rollback.json");
        noVersion.remove("toVersion");
        assertRefusedByBoth(Type.CONTROL_COMMAND, noVersion, "toVersion");
        assertThatThrownBy(() -> EventJson.parseControlCommand(JSON.writeValueAsBytes(noVersion)))
                .hasMessage("control command rollback for recs: missing toVersion");

        ObjectNode zero = (ObjectNode) example("control-command-rollback.json");
        zero.put("toVersion", 0);
        assertRefusedByBoth(Type.CONTROL_COMMAND, zero, "toVersion");

        ObjectNode text = (ObjectNode) example("control-command-rollback.json");
        text.put("toVersion", "5");
        assertRefusedByBoth(Type.CONTROL_COMMAND, text, "toVersion");

        ObjectNode fraction = (ObjectNode) example("control-command-rollback.json");
        fraction.put("toVersion", 5.5);
        assertRefusedByBoth(Type.CONTROL_COMMAND, fraction, "toVersion");

        ObjectNode badTime = (ObjectNode) example("control-command-rollback.json");
        badTime.put("requestedAt", "now");
        assertRefusedByBoth(Type.CONTROL_COMMAND, badTime, "requestedAt");

        // Reason and time are optional.
        ObjectNode bare = (ObjectNode) example("control-command-rollback.json");
        bare.remove("reason");
        bare.remove("requestedAt");
        assertThat(errors(Type.CONTROL_COMMAND, bare)).isEmpty();
        assertThat(EventJson.parseControlCommand(JSON.writeValueAsBytes(bare)))
                .isEqualTo(dev.eddy.events.event.ControlCommand.rollback("recs", 5, null, null));
    }

    @Test
    void modelPartWithoutKindIsRefusedByBoth() throws Exception {
        ObjectNode block = (ObjectNode) example("model-part-block.json");
        block.remove("kind");
        assertRefusedByBoth(Type.MODEL_PART, block, "kind");
    }

    // ---------------------------------------------------------------- what only one side can check

    @Test
    void crossFieldRulesAreLeftToEventJson() throws Exception {
        // JSON Schema cannot compare one field with another; these pass the schema, so EventJson must refuse them.
        ObjectNode outOfRange = (ObjectNode) example("decision-basic.json");
        outOfRange.withArray("chosen").set(0, 5);
        assertRefusedByEventJsonOnly(Type.DECISION, outOfRange, "chosen[0] = 5");

        ObjectNode lengths = (ObjectNode) example("decision-basic.json");
        lengths.putArray("chosen").add(2).add(0);
        assertRefusedByEventJsonOnly(Type.DECISION, lengths, "probabilities has 1 entries but chosen has 2");

        ObjectNode sum = (ObjectNode) example("decision-basic.json");
        sum.putArray("distribution").add(0.1).add(0.1).add(0.9);
        assertRefusedByEventJsonOnly(Type.DECISION, sum, "distribution sums to");

        ObjectNode distLength = (ObjectNode) example("decision-basic.json");
        distLength.putArray("distribution").add(0.2).add(0.8);
        assertRefusedByEventJsonOnly(Type.DECISION, distLength, "distribution has 2 entries for 3 candidates");

        // JSON Schema counts 1.5e12 as an integer (its value is integral); the reader wants a plain integer token.
        ObjectNode exponent = (ObjectNode) example("decision-basic.json");
        exponent.put("timestamp", 1.5e12);
        assertRefusedByEventJsonOnly(Type.DECISION, exponent, "timestamp");
    }

    @Test
    void formerlyLenientCasesAreNowRefusedByBoth() throws Exception {
        // These were accepted by EventJson before it stopped coercing scalars and learned the rules below; the
        // schema and the reader now agree (only the dead letter's reason stays a schema-only rule).
        ObjectNode fractionalIndex = (ObjectNode) example("decision-basic.json");
        fractionalIndex.withArray("chosen").set(0, 1.5);
        assertRefusedByBoth(Type.DECISION, fractionalIndex, "chosen[0]");

        ObjectNode stringProbability = (ObjectNode) example("decision-basic.json");
        stringProbability.withArray("probabilities").set(0, "0.8");
        assertRefusedByBoth(Type.DECISION, stringProbability, "probabilities[0]");

        ObjectNode noCandidateId = (ObjectNode) example("decision-basic.json");
        ((ObjectNode) noCandidateId.get("candidates").get(0)).remove("id");
        assertRefusedByBoth(Type.DECISION, noCandidateId, "candidates[0]");

        ObjectNode observedWithoutRewards = (ObjectNode) example("joined-example-clicked.json");
        observedWithoutRewards.putArray("rewards");
        assertRefusedByBoth(Type.JOINED_EXAMPLE, observedWithoutRewards, "rewards");

        ObjectNode badRewardInExample = (ObjectNode) example("joined-example-clicked.json");
        ((ObjectNode) badRewardInExample.get("rewards").get(0)).put("value", "NaN");
        assertRefusedByBoth(Type.JOINED_EXAMPLE, badRewardInExample, "rewards[0]");

        ObjectNode partialFloat = (ObjectNode) example("model-part-block.json");
        partialFloat.put("data", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6}));
        assertRefusedByBoth(Type.MODEL_PART, partialFloat, "data");

        ObjectNode noChecksum = (ObjectNode) example("model-part-manifest.json");
        noChecksum.remove("sha256");
        assertRefusedByBoth(Type.MODEL_PART, noChecksum, "sha256");

        ObjectNode noReason = (ObjectNode) example("dead-letter-zero-probability.json");
        noReason.remove("reason");
        assertRefusedBySchemaOnly(Type.DEAD_LETTER, noReason, "reason");
    }

    @Test
    void timestampFormsAcceptedBySchemaAreReadToTheSameInstant() throws Exception {
        Instant expected = Instant.parse("2026-11-24T20:15:30.123Z");
        for (JsonNode ts : List.of(JSON.getNodeFactory().textNode("2026-11-24T20:15:30.123Z"),
                JSON.getNodeFactory().textNode("2026-11-24T21:15:30.123+01:00"),
                JSON.getNodeFactory().numberNode(expected.toEpochMilli()))) {
            ObjectNode decision = (ObjectNode) example("decision-basic.json");
            decision.set("timestamp", ts);
            assertThat(errors(Type.DECISION, decision)).as(ts.toString()).isEmpty();
            assertThat(EventJson.parseDecision(JSON.writeValueAsBytes(decision)).timestamp()).isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertRefusedByBoth(Type type, JsonNode record, String field) throws Exception {
        assertSchemaRefuses(type, record, field);
        assertThatThrownBy(() -> type.parser.parse(JSON.writeValueAsBytes(record)))
                .as("EventJson on %s", record)
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(field);
    }

    private static void assertRefusedByEventJsonOnly(Type type, JsonNode record, String message) throws Exception {
        assertThat(errors(type, record)).as("schema on %s", record).isEmpty();
        assertThatThrownBy(() -> type.parser.parse(JSON.writeValueAsBytes(record)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(message);
    }

    private static void assertRefusedBySchemaOnly(Type type, JsonNode record, String field) throws Exception {
        assertSchemaRefuses(type, record, field);
        type.parser.parse(JSON.writeValueAsBytes(record));
    }

    private static void assertSchemaRefuses(Type type, JsonNode record, String field) {
        List<String> messages = errors(type, record).stream().map(ValidationMessage::getMessage).toList();
        assertThat(messages).as("schema errors for %s", record).isNotEmpty();
        assertThat(messages).as("schema errors name %s", field).anyMatch(m -> m.contains(field));
    }

    private static Set<ValidationMessage> errors(Type type, JsonNode record) {
        return type.schema().validate(record);
    }

    private static byte[] exampleBytes(String file) throws IOException {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream("/examples/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    private static JsonNode example(String file) throws IOException {
        return JSON.readTree(exampleBytes(file));
    }

    private static final Pattern DOC_EXAMPLE =
            Pattern.compile("<!-- example: (\\S+) -->\\s*```json\\n(.*?)```", Pattern.DOTALL);

    private static Map<String, JsonNode> documentedExamples() throws IOException {
        String docs = Files.readString(findDocs(), StandardCharsets.UTF_8);
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        Matcher m = DOC_EXAMPLE.matcher(docs);
        while (m.find()) {
            if (examples.put(m.group(1), JSON.readTree(m.group(2))) != null) {
                fail("docs/events.md shows example " + m.group(1) + " twice");
            }
        }
        return examples;
    }

    // Surefire runs in the module directory, an IDE often in the repository root: look upwards for docs/.
    private static Path findDocs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path docs = dir.resolve("docs/events.md");
            if (Files.isRegularFile(docs)) return docs;
        }
        throw new AssertionError("docs/events.md not found above " + Path.of("").toAbsolutePath());
    }

    /** Every field of {@code expected} is in {@code actual} with the same value; times compare as instants. */
    private static void assertSameContent(JsonNode expected, JsonNode actual, String path) {
        assertThat(actual).as(path + " is missing from the written record").isNotNull();
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object").isTrue();
            expected.fieldNames().forEachRemaining(f -> assertSameContent(expected.get(f), actual.get(f), path + "." + f));
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) assertSameContent(expected.get(i), actual.get(i), path + "[" + i + "]");
        } else if (expected.isNumber() && actual.isNumber()) {
            assertThat(actual.doubleValue()).as(path).isEqualTo(expected.doubleValue());
        } else if (expected.equals(actual)) {
            // identical scalars
        } else {
            assertThat(asInstant(actual)).as(path).isNotNull().isEqualTo(asInstant(expected));
        }
    }

    private static Instant asInstant(JsonNode node) {
        if (node.isIntegralNumber()) return Instant.ofEpochMilli(node.longValue());
        if (!node.isTextual()) return null;
        try {
            return OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(String.format("%02x", b));
        return sb.toString();
    }
}
