package dev.eddy.events.json;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.event.Reward;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader's and validator's behaviour on single fields, and the wording of its messages. */
class EventJsonTest {

    /** A valid decision among three candidates; {@code extra} is spliced in as further fields (may override). */
    private static byte[] decision(String chosen, String probabilities, String extra) {
        return ("{\"eventId\":\"d-1\",\"timestamp\":\"2026-11-24T20:15:30Z\",\"policy\":\"p\","
                + "\"candidates\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}],"
                + "\"chosen\":" + chosen + ",\"probabilities\":" + probabilities
                + (extra.isEmpty() ? "" : "," + extra) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validDecisionReads() throws Exception {
        Decision d = EventJson.parseDecision(decision("[1]", "[0.5]", ""));
        assertThat(d.eventId()).isEqualTo("d-1");
        assertThat(d.chosenCandidate()).isEqualTo(Candidate.of("b"));
        assertThat(d.chosenProbability()).isEqualTo(0.5);
        assertThat(d.weight()).isEqualTo(1.0);
        assertThat(d.skipLearn()).isFalse();
        assertThat(d.isSlate()).isFalse();
    }

    @Test
    void chosenIndexBeyondTheCandidatesNamesIndexAndCount() {
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[5]", "[0.5]", "")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("decision d-1")
                .hasMessageContaining("chosen[0] = 5")
                .hasMessageContaining("3 candidates");
    }

    @Test
    void negativeChosenIndexIsRefused() {
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[-1]", "[0.5]", "")))
                .hasMessageContaining("chosen[0] = -1 is not a candidate index");
    }

    @Test
    void duplicateChosenIndexIsRefused() {
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[2,2]", "[0.5,0.5]", "")))
                .hasMessage("decision d-1: chosen[1] = 2 is chosen twice");
    }

    @Test
    void slateNeedsOneProbabilityPerChosenAction() throws Exception {
        assertThat(EventJson.parseDecision(decision("[2,0]", "[0.5,0.4]", "")).isSlate()).isTrue();
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[2,0]", "[0.5]", "")))
                .hasMessage("decision d-1: probabilities has 1 entries but chosen has 2");
    }

    @Test
    void probabilityMustBeInHalfOpenUnitInterval() throws Exception {
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[0]", "[0]", "")))
                .hasMessage("decision d-1: probabilities[0] = 0.0 is outside (0, 1]");
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[0]", "[1.5]", "")))
                .hasMessage("decision d-1: probabilities[0] = 1.5 is outside (0, 1]");
        assertThat(EventJson.parseDecision(decision("[0]", "[1]", "")).chosenProbability()).isEqualTo(1.0);
    }

    @Test
    void distributionMustSumToOneWithinTolerance() throws Exception {
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[2]", "[0.9]", "\"distribution\":[0.1,0.1,0.9]")))
                .hasMessageContaining("decision d-1: distribution sums to 1.1")
                .hasMessageEndingWith(", not 1");
        // Loggers round (VW writes 4 digits); 0.9999 is within the 1e-3 tolerance.
        Decision rounded = EventJson.parseDecision(
                decision("[2]", "[0.3333]", "\"distribution\":[0.3333,0.3333,0.3333]"));
        assertThat(rounded.distribution()).hasSize(3);
    }

    @Test
    void distributionNeedsOneEntryPerCandidateInUnitInterval() {
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[1]", "[0.8]", "\"distribution\":[0.2,0.8]")))
                .hasMessage("decision d-1: distribution has 2 entries for 3 candidates");
        assertThatThrownBy(() -> EventJson.parseDecision(
                decision("[1]", "[0.8]", "\"distribution\":[0.0,1.2,-0.2]")))
                .hasMessage("decision d-1: distribution[1] = 1.2 is outside [0, 1]");
    }

    @Test
    void missingOrBlankEventIdIsNamed() {
        byte[] missing = bytes("{\"timestamp\":1,\"candidates\":[{\"id\":\"a\"}],\"chosen\":[0],\"probabilities\":[1]}");
        assertThatThrownBy(() -> EventJson.parseDecision(missing)).hasMessage("decision: missing eventId");
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[0]", "[1]", "\"eventId\":\" \"")))
                .hasMessage("decision: missing eventId");
    }

    @Test
    void emptyCandidatesAndEmptyChosenAreRefused() {
        byte[] noCandidates = bytes("{\"eventId\":\"d-1\",\"timestamp\":1,\"candidates\":[],\"chosen\":[0],"
                + "\"probabilities\":[1]}");
        assertThatThrownBy(() -> EventJson.parseDecision(noCandidates))
                .hasMessage("decision d-1: candidates must not be empty");
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[]", "[]", "")))
                .hasMessage("decision d-1: chosen must name at least one candidate index");
    }

    @Test
    void nonFiniteFeatureIsNamedByNamespaceAndName() {
        assertThatThrownBy(() -> EventJson.parseDecision(
                decision("[0]", "[1]", "\"context\":{\"user\":{\"age\":\"NaN\"}}")))
                .hasMessage("decision d-1: context.user.age = NaN is not a finite number");
        // 1e400 is valid JSON but overflows a double.
        byte[] overflow = bytes("{\"eventId\":\"d-1\",\"timestamp\":1,\"chosen\":[0],\"probabilities\":[1],"
                + "\"candidates\":[{\"id\":\"a\",\"features\":{\"item\":{\"ctr\":1e400}}}]}");
        assertThatThrownBy(() -> EventJson.parseDecision(overflow))
                .hasMessage("decision d-1: candidates[0].features.item.ctr = Infinity is not a finite number");
    }

    @Test
    void stepAndWeightRanges() {
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[0]", "[1]", "\"step\":-1")))
                .hasMessage("decision d-1: step must be >= 0, was -1");
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[0]", "[1]", "\"weight\":0")))
                .hasMessage("decision d-1: weight must be finite and > 0, was 0.0");
    }

    @Test
    void epochMillisTimestampIsAcceptedAndWrittenBackAsIso() throws Exception {
        Decision d = EventJson.parseDecision(decision("[0]", "[1]", "\"timestamp\":1795551465002"));
        assertThat(d.timestamp()).isEqualTo(Instant.parse("2026-11-24T20:17:45.002Z"));
        assertThat(EventJson.writeString(d)).contains("\"timestamp\":\"2026-11-24T20:17:45.002Z\"");
    }

    @Test
    void offsetDateTimeIsConvertedToTheInstant() throws Exception {
        Reward r = EventJson.parseReward(bytes(
                "{\"eventId\":\"d-1\",\"timestamp\":\"2026-11-24T21:16:02.48+01:00\",\"value\":1}"));
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-11-24T20:16:02.480Z"));
    }

    @Test
    void unparseableTimestampShowsTheValueAndTheExpectedForms() {
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[0]", "[1]", "\"timestamp\":\"yesterday\"")))
                .hasMessageStartingWith("decision: field 'timestamp': ")
                .hasMessageContaining("\"yesterday\"")
                .hasMessageContaining("epoch milliseconds");
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[0]", "[1]", "\"timestamp\":1.5e12")))
                .hasMessageStartingWith("decision: field 'timestamp': ");
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() throws Exception {
        byte[] json = bytes("{\"eventId\":\"d-1\",\"timestamp\":1,\"schemaVersion\":3,\"trace\":{\"span\":\"x\"},"
                + "\"candidates\":[{\"id\":\"a\",\"rank\":7,\"features\":{\"item\":{\"x\":1}}}],"
                + "\"chosen\":[0],\"probabilities\":[1],\"slate\":true}");
        Decision d = EventJson.parseDecision(json);
        assertThat(d.candidates()).containsExactly(new Candidate("a", Map.of("item", Map.of("x", 1.0))));
        // "slate" is derived from chosen, whatever the producer claimed.
        assertThat(d.isSlate()).isFalse();
    }

    @Test
    void decisionRoundTripsThroughTheWriter() throws Exception {
        Decision d = Decision.builder().eventId("d-9").timestamp(Instant.parse("2026-11-24T20:15:30.123456789Z"))
                .userId("u").sessionId("s").step(2).experimentId("exp").variant("B").policy("neucb").modelVersion(42L)
                .context(Map.of("user", Map.of("country=DE", 1.0, "age", 0.31)))
                .candidates(List.of(new Candidate("a", Map.of("item", Map.of("topic=tech", 1.0))), Candidate.of("b")))
                .chosen(List.of(1, 0)).probabilities(List.of(0.7, 1.0)).distribution(List.of(0.3, 0.7)).weight(2.5)
                .skipLearn(true).build();
        assertThat(EventJson.parseDecision(EventJson.write(d))).isEqualTo(d);
    }

    @Test
    void rewardRules() throws Exception {
        assertThatThrownBy(() -> EventJson.parseReward(bytes("{\"eventId\":\"d-1\",\"timestamp\":1,\"value\":\"NaN\"}")))
                .hasMessage("reward for d-1: value must be finite, was NaN");
        assertThatThrownBy(() -> EventJson.parseReward(bytes("{\"eventId\":\"d-1\",\"timestamp\":1}")))
                .hasMessage("reward for d-1: missing value");
        assertThatThrownBy(() -> EventJson.parseReward(bytes("{\"eventId\":\"d-1\",\"value\":1}")))
                .hasMessage("reward for d-1: missing timestamp");
        assertThatThrownBy(() -> EventJson.parseReward(bytes("{\"eventId\":\"d-1\",\"timestamp\":1,\"value\":1,\"slot\":-1}")))
                .hasMessage("reward for d-1: slot must be >= 0, was -1");
        assertThatThrownBy(() -> EventJson.parseReward(bytes("{\"timestamp\":1,\"value\":1}")))
                .hasMessage("reward: missing eventId");
    }

    @Test
    void rewardsWithoutIdDeduplicateOnTheirContent() throws Exception {
        Reward a = EventJson.parseReward(bytes("{\"eventId\":\"d-1\",\"timestamp\":1000,\"value\":1,\"slot\":0}"));
        Reward b = EventJson.parseReward(bytes(
                "{\"eventId\":\"d-1\",\"timestamp\":\"1970-01-01T00:00:01Z\",\"value\":1.0,\"slot\":0}"));
        Reward other = EventJson.parseReward(bytes("{\"eventId\":\"d-1\",\"timestamp\":1000,\"value\":1,\"slot\":1}"));
        assertThat(a.dedupKey()).isEqualTo(b.dedupKey()).isNotEqualTo(other.dedupKey());
    }

    @Test
    void interactionDefaultsAndRules() throws Exception {
        Interaction i = EventJson.parseInteraction(bytes("{\"timestamp\":1,\"userId\":\"u\",\"itemId\":\"i\"}"));
        assertThat(i.type()).isEqualTo("click");
        assertThat(i.value()).isEqualTo(1.0);
        assertThatThrownBy(() -> EventJson.parseInteraction(bytes("{\"timestamp\":1,\"userId\":\" \",\"itemId\":\"i\"}")))
                .hasMessage("interaction: missing userId");
        assertThatThrownBy(() -> EventJson.parseInteraction(bytes("{\"timestamp\":1,\"userId\":\"u\"}")))
                .hasMessage("interaction: missing itemId");
        assertThatThrownBy(() -> EventJson.parseInteraction(bytes("{\"userId\":\"u\",\"itemId\":\"i\"}")))
                .hasMessage("interaction: missing timestamp");
        assertThatThrownBy(() -> EventJson.parseInteraction(
                bytes("{\"timestamp\":1,\"userId\":\"u\",\"itemId\":\"i\",\"value\":\"Infinity\"}")))
                .hasMessage("interaction: value must be finite, was Infinity");
    }

    @Test
    void exampleValidatesItsDecision() {
        assertThatThrownBy(() -> EventJson.parseExample(bytes("{\"rewards\":[],\"reward\":0,\"rewardObserved\":false}")))
                .hasMessage("example: missing decision");
        String bad = new String(decision("[7]", "[0.5]", ""), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.parseExample(bytes("{\"decision\":" + bad
                + ",\"rewards\":[],\"reward\":0,\"rewardObserved\":false}")))
                .hasMessageContaining("chosen[0] = 7");
    }

    @Test
    void exampleNeedsItsPrimitiveFields() {
        String ok = new String(decision("[0]", "[1]", ""), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.parseExample(bytes("{\"decision\":" + ok + ",\"rewardObserved\":false}")))
                .hasMessageStartingWith("example: field 'reward': ");
    }

    @Test
    void exampleRoundTrips() throws Exception {
        Decision d = EventJson.parseDecision(decision("[0]", "[1]", ""));
        JoinedExample e = new JoinedExample(d, List.of(Reward.of("d-1", Instant.parse("2026-11-24T20:16:00Z"), 1.0)),
                1.0, true, Instant.parse("2026-11-24T20:45:30Z"));
        assertThat(EventJson.parseExample(EventJson.write(e))).isEqualTo(e);
    }

    @Test
    void modelPartIsDiscriminatedByKind() throws Exception {
        ModelBlock block = ModelBlock.ofFloats("m", 3, 0, "theta", 0, 1, 2, new float[] {1.5f, -2f});
        String json = EventJson.writeString(block);
        assertThat(json).contains("\"kind\":\"block\"").contains("\"data\":\"AADAPwAAAMA=\"");
        ModelPart back = EventJson.parseModelPart(bytes(json));
        assertThat(back).isEqualTo(block);
        assertThat(((ModelBlock) back).floats()).containsExactly(1.5f, -2f);
        assertThat(back.key()).isEqualTo("m/3/block/0");

        assertThatThrownBy(() -> EventJson.parseModelPart(bytes("{\"model\":\"m\",\"version\":1}")))
                .hasMessageStartingWith("model part: ")
                .hasMessageContaining("'kind'");
        assertThatThrownBy(() -> EventJson.parseModelPart(bytes("{\"kind\":\"shard\",\"model\":\"m\"}")))
                .hasMessageStartingWith("model part: ")
                .hasMessageContaining("shard");
    }

    @Test
    void deadLetterKeepsRawBytesAndCutsThePreview() throws Exception {
        byte[] raw = ("{\"eventId\":\"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of("decision: missing timestamp", "join/parse-decision", "eddy.decisions", 0,
                12L, raw);
        // 256 characters, as docs/events.md promises, and the ellipsis.
        assertThat(letter.preview()).hasSize(256 + 1).endsWith("…");
        DeadLetter back = EventJson.parseDeadLetter(EventJson.write(letter));
        assertThat(back.raw()).isEqualTo(raw);
        assertThat(back).usingRecursiveComparison().isEqualTo(letter);
    }

    @Test
    void brokenInputIsReportedWithoutStackTraceNoise() {
        assertThatThrownBy(() -> EventJson.parseDecision(new byte[0])).hasMessage("decision: empty record");
        assertThatThrownBy(() -> EventJson.parseDecision(bytes("null"))).hasMessage("decision: JSON null");
        assertThatThrownBy(() -> EventJson.parseDecision(bytes("{\"eventId\": ")))
                .hasMessageStartingWith("decision: malformed JSON: ")
                .hasMessageContaining(" at line 1 column ");
        assertThatThrownBy(() -> EventJson.parseDecision(bytes("{\"eventId\":\"d-1\"} {}")))
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> EventJson.parseDecision(decision("[{}]", "[1]", "")))
                .hasMessageStartingWith("decision: field 'chosen[0]': ");
    }
}
