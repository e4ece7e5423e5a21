package dev.eddy.events.readers;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.events.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DsJsonReaderTest {

    private static ReadResult<LoggedEvent> read(String file) throws IOException {
        return DsJsonReader.read(SharedData.path("vw-dsjson/" + file));
    }

    private static ReadResult<LoggedEvent> readClean(String file) throws IOException {
        ReadResult<LoggedEvent> r = read(file);
        assertThat(r.problems()).as("problems in " + file).isEmpty();
        return r;
    }

    @Test
    void cbSimple() throws IOException {
        ReadResult<LoggedEvent> r = readClean("cb_simple.json");
        assertThat(r.events()).hasSize(1);
        LoggedEvent e = r.events().get(0);
        Decision d = e.decision();
        assertThat(d.candidates()).hasSize(2);
        assertThat(d.chosen()).containsExactly(1);
        assertThat(d.chosenProbability()).isEqualTo(0.5);
        assertThat(d.chosenCandidate().features()).isEqualTo(Map.of("action", Map.of("f=2", 1.0)));
        assertThat(d.context()).isEqualTo(Map.of("shared", Map.of("f=1", 1.0)));
        // a = [2, 1] is 1-based and ranked: candidate 1 (action 2) got p[0], candidate 0 got p[1].
        assertThat(d.distribution()).containsExactly(0.5, 0.5);
        assertThat(d.weight()).isEqualTo(1.0);
        assertThat(d.skipLearn()).isFalse();
        // No id or time in the line: both are derived from the file position.
        assertThat(d.eventId()).isEqualTo("cb_simple.json:1");
        assertThat(d.timestamp()).isEqualTo(Instant.EPOCH.plusMillis(1));
        assertThat(e.rewards()).singleElement().satisfies(rw -> {
            assertThat(rw.value()).isEqualTo(1.0);
            assertThat(rw.eventId()).isEqualTo(d.eventId());
            assertThat(rw.slot()).isNull();
        });
        assertThat(e.lineNumber()).isEqualTo(1);
    }

    @Test
    void pdropBecomesImportanceWeight() throws IOException {
        Decision d = readClean("cb_simple_pdrop.json").events().get(0).decision();
        assertThat(d.weight()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void pdropOutsideUnitIntervalIsABadLine() throws IOException {
        String line = "{\"_label_cost\":-1.0,\"_label_probability\":0.5,\"_labelIndex\":0,"
                + "\"c\":{\"_multi\":[{\"a\":{\"x\":1}}]},\"pdrop\":1.0}";
        List<BadRecord> problems = readString("mem", line).problems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.lineNumber()).isEqualTo(1);
            assertThat(p.reason()).contains("pdrop").contains("[0, 1)");
        });
    }

    @Test
    void skipLearnIsCarried() throws IOException {
        String line = "{\"_label_cost\":0,\"_label_probability\":1,\"_labelIndex\":0,\"_skipLearn\":true,"
                + "\"c\":{\"_multi\":[{\"a\":{\"x\":1}}]}}";
        ReadResult<LoggedEvent> r = readString("mem", line);
        assertThat(r.problems()).isEmpty();
        assertThat(r.events().get(0).decision().skipLearn()).isTrue();
    }

    @Test
    void decisionServiceLog() throws IOException {
        ReadResult<LoggedEvent> r = readClean("decisionservice.json");
        assertThat(r.events()).hasSize(3);
        double[] rewards = {1.0, 0.0, 1.0};
        String[] ids = {"0074434d3a3a46529f65de8a59631939", "fbe7a11d120b4df4bf23b836de8a29d1",
                "9077f996581148978a0ebe2484260dab"};
        for (int i = 0; i < 3; i++) {
            LoggedEvent e = r.events().get(i);
            Decision d = e.decision();
            assertThat(d.eventId()).isEqualTo(ids[i]);
            assertThat(d.candidates()).hasSize(12);
            assertThat(d.chosen()).containsExactly(9);
            assertThat(d.chosenProbability()).isCloseTo(0.8166667, within(1e-7));
            assertThat(d.distribution().get(9)).isCloseTo(0.816666663, within(1e-9));
            assertThat(d.distribution().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-6));
            assertThat(e.rewards()).singleElement().extracting(Reward::value).isEqualTo(rewards[i]);
            // No Timestamp in this log.
            assertThat(d.timestamp()).isEqualTo(Instant.EPOCH.plusMillis(i + 1));
        }
        Decision d = r.events().get(0).decision();
        assertThat(d.context().get("Geo"))
                .containsEntry("country=United States", 1.0)
                .containsEntry("state=Louisiana", 1.0)
                .containsEntry("dma=622", 1.0)
                .doesNotContainKey("_countrycf=8");
        assertThat(d.context().get("OUserAgent")).containsOnlyKeys("DeviceType=Desktop");
        assertThat(d.context()).containsOnlyKeys("Geo", "MRefer", "OUserAgent");   // User holds only "_age"
        Candidate first = d.candidates().get(0);
        assertThat(first.id()).startsWith("cmplx$http://www.complex.com/music/2017/07/how-cupcakke");
        // "j" is an array of objects: its scalars form namespace j, its nested objects their own namespaces.
        assertThat(first.features()).containsKeys("i", "j", "RVisionTags", "SVisionAdult", "Tags");
        assertThat(first.features().get("j")).containsOnlyKeys("XSentiment");
        assertThat(first.features().get("j").get("XSentiment")).isCloseTo(0.999999762, within(1e-12));
        assertThat(first.features().get("i")).containsEntry("constant", 1.0);
        // "isAdultContent": false, read as VW reads it: no feature (an absent feature is 0).
        assertThat(first.features().get("SVisionAdult")).containsOnlyKeys("adultScore", "racyScore");
        assertThat(first.features().get("Tags")).containsEntry("Chicago", 1.0);
    }

    @Test
    void dsjsonCbWithArrayNamespaceContext() throws IOException {
        ReadResult<LoggedEvent> r = readClean("dsjson_cb.json");
        assertThat(r.events()).hasSize(23);
        Decision d = r.events().get(0).decision();
        assertThat(d.eventId()).isEqualTo("13118d9b4c114f8485d9dec417e3aefe");
        assertThat(d.timestamp()).isEqualTo(Instant.parse("2021-02-04T16:31:29.246Z"));
        assertThat(d.context()).isEqualTo(Map.of("FromUrl",
                Map.of("timeofday=Afternoon", 1.0, "weather=Sunny", 1.0, "name=Cathy", 1.0)));
        assertThat(d.candidates()).extracting(Candidate::id)
                .containsExactly("Cappucino", "Cold brew", "Iced mocha", "Latte");
        assertThat(d.chosen()).containsExactly(3);
        assertThat(d.chosenProbability()).isCloseTo(0.05, within(1e-9));
        // a = [4,2,1,3], p = [.05,.05,.05,.85]: action 3 (Iced mocha, index 2) holds .85.
        assertThat(d.distribution()).containsExactly(0.05, 0.05, 0.85, 0.05);
        assertThat(d.candidates().get(3).features()).isEqualTo(Map.of(
                "i", Map.of("constant", 1.0, "id=Latte", 1.0),
                "j", Map.of("type=hot", 1.0, "origin=brazil", 1.0, "organic=no", 1.0, "roast=dark", 1.0)));
        double meanReward = r.events().stream().mapToDouble(e -> e.rewards().get(0).value()).average().orElseThrow();
        assertThat(meanReward).isEqualTo(12.0 / 23);
        assertThat(r.events()).allSatisfy(e -> assertThat(e.rewards().get(0).value()).isIn(0.0, 1.0));
    }

    @Test
    void splitLogReadsLikeTheWhole() throws IOException {
        List<String> whole = ids(readClean("dsjson_cb.json"));
        List<String> parts = new ArrayList<>(ids(readClean("dsjson_cb_part1.json")));
        parts.addAll(ids(readClean("dsjson_cb_part2.json")));
        assertThat(parts).isEqualTo(whole);
    }

    @Test
    void topLevelScalarsGoToTheDefaultNamespace() throws IOException {
        ReadResult<LoggedEvent> r = readClean("dsjson_cb_default_ns.json");
        assertThat(r.events()).hasSize(4);
        Decision d = r.events().get(1).decision();
        assertThat(d.context()).isEqualTo(Map.of(" ",
                Map.of("timeofday=Evening", 1.0, "weather=Snowy", 1.0, "name=Alice", 1.0)));
        assertThat(d.chosen()).containsExactly(0);
        assertThat(r.events().get(1).rewards().get(0).value()).isEqualTo(1.0);
        // A zero cost reads as reward 0.0, not -0.0.
        assertThat(r.events().get(0).rewards().get(0).value()).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(r.events().get(0).rewards().get(0).value())).isZero();
    }

    @Test
    void noSharedFeatures() throws IOException {
        ReadResult<LoggedEvent> r = readClean("no_shared_features.json");
        assertThat(r.events()).hasSize(1);      // the second line is a bare "\r"
        Decision d = r.events().get(0).decision();
        assertThat(d.context()).isEmpty();
        assertThat(d.candidates()).hasSize(3);
        assertThat(d.candidates()).extracting(Candidate::id).containsExactly("0", "1", "2");
        assertThat(d.chosen()).containsExactly(1);
        assertThat(d.chosenProbability()).isCloseTo(1.0 / 3, within(1e-6));
        assertThat(d.candidates().get(2).features()).isEqualTo(Map.of("name3", Map.of("name5", 4.65312243)));
        assertThat(d.timestamp()).isEqualTo(Instant.parse("2018-11-22T02:31:39.144Z"));
        assertThat(r.events().get(0).rewards().get(0).value()).isEqualTo(0.0);
    }

    @Test
    void zeroBasedActionsAndZeroValuedFeatures() throws IOException {
        ReadResult<LoggedEvent> r = readClean("cb_features_w_zero_vals.dsjson");
        assertThat(r.events()).hasSize(2);
        for (LoggedEvent e : r.events()) {
            Decision d = e.decision();
            assertThat(d.eventId()).isEqualTo("12");       // from "event_id"
            assertThat(d.chosen()).containsExactly(0);
            // a = [0, 1] is 0-based here.
            assertThat(d.distribution()).containsExactly(0.5, 0.5);
            assertThat(d.context()).isEqualTo(Map.of("A", Map.of("F", 0.0)));
            assertThat(e.rewards().get(0).value()).isEqualTo(1.0);
        }
        assertThat(r.events().get(0).decision().candidates()).allSatisfy(c -> assertThat(c.features()).isEmpty());
        assertThat(r.events().get(1).decision().candidates())
                .allSatisfy(c -> assertThat(c.features()).isEqualTo(Map.of("B", Map.of("f", 0.0))));
    }

    @Test
    void ccbLogReportsTheTwoBrokenLinesAndReadsTheRest() throws IOException {
        ReadResult<LoggedEvent> r = read("ccb_data_parse_error.json");
        assertThat(r.problems()).extracting(BadRecord::lineNumber).containsExactly(57L, 69L);
        assertThat(r.problems()).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo("ccb_data_parse_error.json");
            assertThat(p.reason()).startsWith("malformed JSON");
            assertThat(p.raw()).startsWith("{\"Timestamp\"");
        });
        assertThat(r.events()).hasSize(68);
        assertThat(r.events()).extracting(LoggedEvent::lineNumber).doesNotContain(57L, 69L);
        // Measured: the first 7 lines are 2-slot slates, the other 61 have a single slot.
        assertThat(r.events().stream().filter(e -> e.decision().chosen().size() == 2)).hasSize(7);
        assertThat(r.events().stream().filter(e -> e.decision().chosen().size() == 1)).hasSize(61);
        assertThat(r.events()).allSatisfy(e -> {
            assertThat(e.rewards()).hasSameSizeAs(e.decision().chosen());
            assertThat(e.decision().candidates()).extracting(Candidate::id)
                    .containsExactly("Mocha", "Latte", "Cappuccino", "Americano");
        });

        LoggedEvent first = r.events().get(0);
        Decision d = first.decision();
        assertThat(d.eventId()).isEqualTo("0000000");
        assertThat(d.timestamp()).isEqualTo(Instant.parse("2021-04-26T17:23:28.1726275Z"));
        assertThat(d.isSlate()).isTrue();
        assertThat(d.chosen()).containsExactly(3, 0);
        assertThat(d.probabilities()).containsExactly(0.25, 0.33333334);
        assertThat(d.context()).containsEntry("FromUrl", Map.of("weather=sunny", 1.0))
                .containsEntry("slot0.sj", Map.of("size=Large", 1.0, "position=Center", 1.0))
                .containsEntry("slot1.sj", Map.of("size=Medium", 1.0, "position=Right", 1.0));
        assertThat(first.rewards()).extracting(Reward::slot).containsExactly(0, 1);

        Decision second = r.events().get(1).decision();
        assertThat(second.chosen()).containsExactly(1, 3);
        assertThat(r.events().get(1).rewards()).extracting(Reward::value).containsExactly(0.6, 0.4);
    }

    @Test
    void validationFailuresAreBadLinesToo() throws IOException {
        String good = "{\"_label_cost\":-1,\"_label_probability\":0.5,\"_labelIndex\":1,"
                + "\"c\":{\"_multi\":[{\"a\":{\"x\":1}},{\"a\":{\"x\":2}}]}}";
        String chosenOutOfRange = good.replace("\"_labelIndex\":1", "\"_labelIndex\":5");
        String zeroProbability = good.replace("0.5", "0");
        String noCandidates = "{\"_labelIndex\":0,\"_label_probability\":1,\"c\":{\"_multi\":[]}}";
        ReadResult<LoggedEvent> r = readString("mem",
                good + "\n" + chosenOutOfRange + "\n\n" + zeroProbability + "\n" + noCandidates + "\n[1,2]\n" + good);
        assertThat(r.events()).extracting(LoggedEvent::lineNumber).containsExactly(1L, 7L);
        assertThat(r.problems()).extracting(BadRecord::lineNumber).containsExactly(2L, 4L, 5L, 6L);
        assertThat(r.problems().get(0).reason()).contains("chosen[0] = 5");
        assertThat(r.problems().get(1).reason()).contains("probabilities[0]");
        assertThat(r.problems().get(2).reason()).contains("candidates must not be empty");
        assertThat(r.problems().get(3).reason()).isEqualTo("not a JSON object");
        assertThat(r.problems().get(0).toDeadLetter("import/dsjson").offset()).isEqualTo(2L);
    }

    @Test
    void readsGzippedLogs(@TempDir Path tmp) throws IOException {
        Path source = SharedData.path("vw-dsjson/dsjson_cb.json");
        Path gz = tmp.resolve("dsjson_cb.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(source, out);
        }
        ReadResult<LoggedEvent> r = DsJsonReader.read(gz);
        assertThat(r.problems()).isEmpty();
        assertThat(ids(r)).isEqualTo(ids(DsJsonReader.read(source)));
    }

    @Test
    void streamingHandsOverEventsAndProblemsInFileOrder() throws IOException {
        List<Long> order = new ArrayList<>();
        DsJsonReader.read(SharedData.path("vw-dsjson/ccb_data_parse_error.json"),
                e -> order.add(e.lineNumber()), p -> order.add(-p.lineNumber()));
        assertThat(order).hasSize(70);
        assertThat(order.get(56)).isEqualTo(-57L);
        assertThat(order.get(68)).isEqualTo(-69L);
    }

    private static ReadResult<LoggedEvent> readString(String source, String text) throws IOException {
        List<LoggedEvent> events = new ArrayList<>();
        List<BadRecord> problems = new ArrayList<>();
        DsJsonReader.read(source, new BufferedReader(new StringReader(text)), events::add, problems::add);
        return new ReadResult<>(events, problems);
    }

    private static List<String> ids(ReadResult<LoggedEvent> r) {
        return r.events().stream().map(e -> e.decision().eventId()).toList();
    }
}
