package dev.eddy.events.json;

import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.events.testing.JsonMutations;
import dev.eddy.events.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scan that reads a decision's or reward's identity without binding it must never accept what binding and
 * validation refuse, must read the same identity, and must take the fast way for the records producers write.
 */
class EventScannerTest {

    /** Every field of a decision, an unknown field at the top and in a candidate, a slate, a distribution. */
    private static final String RICH_DECISION = "{\"eventId\":\"d-7\",\"timestamp\":\"2026-11-24T20:15:30.123Z\","
            + "\"userId\":\"u\",\"sessionId\":\"s\",\"step\":2,\"experimentId\":\"e\",\"variant\":\"v\",\"policy\":\"p\","
            + "\"modelVersion\":12,\"context\":{\"user\":{\"country=DE\":1,\"age\":0.25},\"time\":{}},"
            + "\"candidates\":[{\"id\":\"a\",\"features\":{\"item\":{\"x\":1.5}},\"note\":[1,{\"y\":null}]},{\"id\":\"b\"},"
            + "{\"id\":\"c\",\"features\":null}],\"chosen\":[2,0],\"probabilities\":[0.5,1],"
            + "\"distribution\":[0.25,0.25,0.5],\"weight\":2,\"skipLearn\":false,\"latencyMs\":3.5,"
            + "\"future\":{\"a\":[true,null,\"x\"]}}";

    private static final String RICH_REWARD = "{\"eventId\":\"d-7\",\"timestamp\":1764015330123,\"value\":-0.5,"
            + "\"slot\":1,\"type\":\"click\",\"rewardId\":null,\"future\":[1]}";

    /** Tokens that binding treats differently from what a scan might assume: ints as floats, strings as numbers. */
    private static final String[] TOKENS = {"null", "-1", "0", "1", "1.0", "1e999", "-1e999", "0.5", "1E-400",
            "\"\"", "\" \"", "{}", "[]", "true", "false", "\"x\"", "\"1\"", "99999999999999999999", "2147483648",
            "9223372036854775808", "-0", "NaN", "[1]", "[1.0]", "[0.5]", "{\"a\":null}", "{\"a\":{\"b\":\"c\"}}",
            "\"\\u0000\"", "\"\uD83D\"", "\"2026-99-99T00:00:00Z\"", "\"2026-11-24T20:15:30+01:00\"",
            "\" 2026-11-24T20:15:30Z \"", "\"2026-11-24T20:15:30.1234567891Z\"", "[{\"id\":\"a\"}]", "[null]"};

    @Test
    void producersRecordsTakeTheFastWayWithTheirIdentity() throws Exception {
        Decision d = TestEvents.decision("d-1", Instant.parse("2026-11-24T20:15:30Z"));
        assertThat(EventJson.scanDecision(EventJson.write(d)))
                .isEqualTo(new EventScanner.DecisionId("d-1", d.timestamp().toEpochMilli()));
        assertThat(EventJson.scanDecision(bytes(RICH_DECISION)))
                .isEqualTo(new EventScanner.DecisionId("d-7", Instant.parse("2026-11-24T20:15:30.123Z").toEpochMilli()));
        Reward r = TestEvents.reward(d, java.time.Duration.ofSeconds(3), 1.0);
        assertThat(EventJson.scanReward(EventJson.write(r)))
                .isEqualTo(new EventScanner.RewardId("d-1", r.timestamp().toEpochMilli(), 1.0, r.dedupKey()));
        Reward rich = EventJson.parseReward(bytes(RICH_REWARD));
        assertThat(EventJson.scanReward(bytes(RICH_REWARD)))
                .isEqualTo(new EventScanner.RewardId("d-7", 1764015330123L, -0.5, rich.dedupKey()));
    }

    @Test
    void refusalsKeepTheirReasons() {
        // An invalid record is never vouched for, so the full parse refuses it with its usual words.
        assertThatThrownBy(() -> EventJson.decisionId(bytes(RICH_DECISION.replace("\"chosen\":[2,0]", "\"chosen\":[2,2]"))))
                .hasMessage("decision d-7: chosen[1] = 2 is chosen twice");
        assertThatThrownBy(() -> EventJson.rewardId(bytes(RICH_REWARD.replace("-0.5", "null"))))
                .hasMessage("reward for d-7: missing value");
        assertThatThrownBy(() -> EventJson.decisionId(new byte[0])).hasMessage("decision: empty record");
    }

    @Test
    void theScanNeverAcceptsWhatBindingRefusesNorReadsAnotherIdentity() throws Exception {
        Random r = new Random(18);
        List<byte[]> decisions = List.of(bytes(RICH_DECISION),
                EventJson.write(TestEvents.decision("d-2", Instant.parse("2026-11-24T20:15:30Z"))));
        List<byte[]> rewards = List.of(bytes(RICH_REWARD), EventJson.write(Reward.of("d-2", Instant.EPOCH, 1)));
        int decisionsVouched = 0;
        int decisionsValid = 0;
        int rewardsVouched = 0;
        int rewardsValid = 0;
        for (int i = 0; i < 12_000; i++) {
            byte[] d = mutate(decisions.get(i % decisions.size()), r);
            EventScanner.DecisionId scanned = EventJson.scanDecision(d);
            Decision bound = bindOrNull(() -> EventJson.parseDecision(d));
            if (bound != null) decisionsValid++;
            if (scanned != null) {
                decisionsVouched++;
                assertThat(bound).as("vouched for a decision that binding refuses: %s", text(d)).isNotNull();
                assertThat(scanned).as(text(d))
                        .isEqualTo(new EventScanner.DecisionId(bound.eventId(), bound.timestamp().toEpochMilli()));
            }

            byte[] w = mutate(rewards.get(i % rewards.size()), r);
            EventScanner.RewardId scannedReward = EventJson.scanReward(w);
            Reward boundReward = bindOrNull(() -> EventJson.parseReward(w));
            if (boundReward != null) rewardsValid++;
            if (scannedReward != null) {
                rewardsVouched++;
                assertThat(boundReward).as("vouched for a reward that binding refuses: %s", text(w)).isNotNull();
                assertThat(scannedReward).as(text(w)).isEqualTo(new EventScanner.RewardId(boundReward.eventId(),
                        boundReward.timestamp().toEpochMilli(), boundReward.value(), boundReward.dedupKey()));
            }
        }
        System.out.printf("[scan] decisions vouched %d of %d valid, rewards %d of %d%n", decisionsVouched, decisionsValid, rewardsVouched, rewardsValid);
        // Not vacuous: most records that survive a mutation valid are read the fast way.
        assertThat(decisionsVouched).isGreaterThan(decisionsValid / 2).isGreaterThan(300);
        assertThat(rewardsVouched).isGreaterThan(rewardsValid / 2).isGreaterThan(300);
    }

    /** Numbers at and beside the validator's bounds, for {@link #swapNumber}. */
    private static final String[] NUMBERS = {"-1", "0", "-0.0", "1", "2", "3", "0.5", "0.25", "1.5", "1.0000001",
            "0.999", "1e999", "2147483648", "-2147483649", "1.0", "0.0001"};

    private static byte[] mutate(byte[] valid, Random r) {
        int kind = r.nextInt(10);
        if (kind == 0) return valid;
        if (kind < 3) return JsonMutations.hostile(valid, r);
        if (kind < 6) return bytes(swapNumber(new String(valid, StandardCharsets.UTF_8), r));
        String s = new String(valid, StandardCharsets.UTF_8);
        for (int n = 1 + r.nextInt(2); n > 0; n--) s = JsonMutations.mutate(s, r, TOKENS);
        return bytes(s);
    }

    /** One or two number literals replaced by numbers near the bounds (where the range checks are). */
    private static String swapNumber(String s, Random r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<=[:\\[,])-?[0-9][0-9.eE+-]*").matcher(s);
        List<int[]> spans = new java.util.ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        if (spans.isEmpty()) return s;
        StringBuilder b = new StringBuilder(s);
        for (int n = 1 + r.nextInt(2); n > 0; n--) {
            int[] at = spans.get(r.nextInt(spans.size()));
            if (at[1] > b.length()) continue;
            b.replace(at[0], at[1], NUMBERS[r.nextInt(NUMBERS.length)]);
            break;
        }
        return b.toString();
    }

    private interface Parse<T> {
        T get() throws InvalidEventException;
    }

    private static <T> T bindOrNull(Parse<T> parse) {
        try {
            return parse.get();
        } catch (InvalidEventException e) {
            return null;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
