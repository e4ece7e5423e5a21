package dev.eddy.events.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsConfigReaderTest {

    private static final String VALID = """
            experiments:
              - id: home
                status: running
                start: 2026-11-01T00:00:00Z
                end: 2026-12-01T00:00:00Z
                salt: hf1
                default: control
                variants:
                  - name: control
                    weight: 50
                    policy: mf-topk
                    model: recs
                    banditModel: null
                    params: {}
                  - name: neucb
                    weight: 50
                    policy: neucb
                    model: recs
                    banditModel: neucb-home
                    params:
                      epsilon: 0.1
                      rounds: 3
              - id: second
                status: draft
                default: only
                variants:
                  - name: only
                    weight: 1
                    policy: uniform
            """;

    /** The home experiment of VALID with what the experiments job reads: control, metrics, segments. */
    private static final String MEASURED = VALID.replace("""
                    params:
                      epsilon: 0.1
                      rounds: 3
            """, """
                    params:
                      epsilon: 0.1
                      rounds: 3
                control: neucb
                metrics:
                  - name: reward-rate
                    type: reward-rate
                  - name: revenue
                    type: interaction-value
                    interaction: purchase
                  - name: purchases
                    type: interaction-count
                    interaction: purchase
                    direction: higher
                  - name: revenue-per-purchase
                    type: ratio
                    numerator: revenue
                    denominator: purchases
                  - name: reward-per-user
                    type: reward-per-user
                  - name: latency-ms
                    type: latency
                    guardrail: 0.1
                segments: [user:country, context:device]
            """);

    @Test
    void readsTheExampleFileInDeploy() {
        ExperimentsConfig config = ExperimentsConfigReader.read(Path.of("..", "deploy", "serving", "experiments.yaml"));
        assertThat(config.experiments()).isNotEmpty();
        assertThat(config.experiments()).allSatisfy(e -> assertThat(e.variants()).isNotEmpty());
    }

    @Test
    void readsEveryField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("experiments.yaml");
        Files.writeString(file, VALID);
        Experiment home = ExperimentsConfigReader.read(file).experiments().get(0);
        assertThat(home.id()).isEqualTo("home");
        assertThat(home.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(home.start()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(home.end()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(home.salt()).isEqualTo("hf1");
        assertThat(home.defaultVariant()).isEqualTo("control");
        assertThat(home.variants()).containsExactly(
                new Variant("control", 50, "mf-topk", "recs", null, Map.of()),
                new Variant("neucb", 50, "neucb", "recs", "neucb-home", Map.of("epsilon", "0.1", "rounds", "3")));
        Experiment second = ExperimentsConfigReader.read(file).experiments().get(1);
        assertThat(second.salt()).isEqualTo("second");
        assertThat(second.start()).isNull();
        assertThat(second.variants().get(0).params()).isEmpty();
    }

    @Test
    void readsControlMetricsAndSegments() {
        Experiment home = ExperimentsConfigReader.parse(MEASURED, "x.yaml").experiments().get(0);
        assertThat(home.control()).isEqualTo("neucb");
        assertThat(home.metrics()).containsExactly(
                new Metric("reward-rate", MetricType.REWARD_RATE, null, null, null, MetricType.Direction.HIGHER, null),
                new Metric("revenue", MetricType.INTERACTION_VALUE, "purchase", null, null, MetricType.Direction.HIGHER, null),
                new Metric("purchases", MetricType.INTERACTION_COUNT, "purchase", null, null, MetricType.Direction.HIGHER, null),
                new Metric("revenue-per-purchase", MetricType.RATIO, null, "revenue", "purchases",
                        MetricType.Direction.HIGHER, null),
                new Metric("reward-per-user", MetricType.REWARD_PER_USER, null, null, null, MetricType.Direction.HIGHER, null),
                new Metric("latency-ms", MetricType.LATENCY, null, null, null, MetricType.Direction.LOWER, 0.1));
        assertThat(home.metric("latency-ms").orElseThrow().isGuardrail()).isTrue();
        assertThat(home.segments()).containsExactly("user:country", "context:device");
    }

    @Test
    void controlMetricsAndSegmentsHaveDefaults() {
        Experiment home = ExperimentsConfigReader.parse(VALID, "x.yaml").experiments().get(0);
        assertThat(home.control()).as("the default variant").isEqualTo("control");
        assertThat(home.metrics()).containsExactly(Metric.DEFAULT);
        assertThat(Metric.DEFAULT.type()).isEqualTo(MetricType.REWARD_RATE);
        assertThat(Metric.DEFAULT.direction()).isEqualTo(MetricType.Direction.HIGHER);
        assertThat(home.segments()).isEmpty();
        assertThat(new Metric("l", MetricType.LATENCY, null, null, null, MetricType.Direction.HIGHER, null).direction())
                .as("a stated direction wins").isEqualTo(MetricType.Direction.HIGHER);
    }

    @Test
    void controlMustBeAVariant() {
        assertFails(MEASURED.replace("control: neucb", "control: treatment"),
                "experiments[0].control: must be one of the variants [control, neucb], was 'treatment'");
    }

    @Test
    void metricRules() {
        assertFails(MEASURED.replace("type: reward-per-user", "type: clicks"),
                "experiments[0].metrics[4].type: cannot read 'clicks' as one of reward-rate, reward-per-user,"
                        + " interaction-count, interaction-value, ratio, latency");
        assertFails(MEASURED.replace("type: latency\n", "type: latency\n        unit: ms\n"),
                "experiments[0].metrics[5].unit: unknown key; known keys here: denominator, direction, guardrail,"
                        + " interaction, name, numerator, type");
        assertFails(MEASURED.replace("    - name: reward-per-user\n        type: reward-per-user\n", ""
                        + "    - name: reward-per-user\n"),
                "experiments[0].metrics[4].type: missing");
        assertFails(MEASURED.replace("name: purchases", "name: revenue"),
                "experiments[0].metrics[2].name: duplicate metric name 'revenue'");
        assertFails(MEASURED.replace("type: interaction-count\n        interaction: purchase\n",
                        "type: interaction-count\n"),
                "experiments[0].metrics[2].interaction: missing");
        assertFails(MEASURED.replace("type: reward-rate\n", "type: reward-rate\n        interaction: click\n"),
                "experiments[0].metrics[0].interaction: only for interaction-count and interaction-value, not reward-rate");
        assertFails(MEASURED.replace("type: latency\n", "type: latency\n        numerator: revenue\n"),
                "experiments[0].metrics[5].numerator: only for ratio, not latency");
        assertFails(MEASURED.replace("denominator: purchases", "denominator: orders"),
                "experiments[0].metrics[3].denominator: must name another metric of this experiment [latency-ms, "
                        + "purchases, revenue, revenue-per-purchase, reward-per-user, reward-rate], was 'orders'");
        assertFails(MEASURED.replace("        numerator: revenue\n", ""), "experiments[0].metrics[3].numerator: missing");
        assertFails(MEASURED.replace("denominator: purchases", "denominator: latency-ms"),
                "experiments[0].metrics[3].denominator: must name a per-user metric (reward-per-user,"
                        + " interaction-count, interaction-value), was 'latency-ms' (latency)");
        assertFails(MEASURED.replace("guardrail: 0.1", "guardrail: -0.1"),
                "experiments[0].metrics[5].guardrail: must be a relative change > 0 (0.1 = 10 %), was -0.1");
        assertFails(MEASURED.replace("direction: higher", "direction: up"),
                "experiments[0].metrics[2].direction: cannot read 'up' as one of higher, lower");
        assertFails(VALID.replace("default: only\n", "default: only\n    metrics: []\n"),
                "experiments[1].metrics: must list at least one metric (leave it out for the default reward-rate)");
    }

    @Test
    void segmentRules() {
        assertFails(MEASURED.replace("user:country", "country"),
                "experiments[0].segments[0]: must be namespace:feature, e.g. user:country, was 'country'");
        assertFails(MEASURED.replace("context:device", "context:device:os"),
                "experiments[0].segments[1]: must be namespace:feature, e.g. user:country, was 'context:device:os'");
        assertFails(MEASURED.replace("context:device", "context:country"),
                "experiments[0].segments[1]: a second segment of feature 'country'; results could not tell them apart");
        assertFails(MEASURED.replace("[user:country, context:device]", "user:country"),
                "experiments[0].segments: expected a list");
    }

    @Test
    void segmentValuesComeFromTheContextFeatures() {
        Segment country = Segment.parse("user:country");
        assertThat(country.valueIn(Map.of("user", Map.of("country=DE", 1.0, "age", 31.0)))).contains("country=DE");
        assertThat(Segment.parse("user:age").valueIn(Map.of("user", Map.of("age", 31.0)))).contains("age=31");
        assertThat(Segment.parse("user:age").valueIn(Map.of("user", Map.of("age", 0.25)))).contains("age=0.25");
        assertThat(country.valueIn(Map.of("user", Map.of("country=FR", 1.0, "country=DE", 1.0, "country=AT", 0.0))))
                .as("the first in name order of those with a weight").contains("country=DE");
        assertThat(country.valueIn(Map.of("user", Map.of("countryside", 1.0)))).isEmpty();
        assertThat(country.valueIn(Map.of("context", Map.of("country=DE", 1.0)))).as("another namespace").isEmpty();
        assertThat(country.valueIn(Map.of())).isEmpty();
    }

    @Test
    void parsedConfigIsImmutable() {
        ExperimentsConfig config = ExperimentsConfigReader.parse(VALID, "x.yaml");
        assertThatThrownBy(() -> config.experiments().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.experiments().get(0).variants().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.experiments().get(0).variants().get(1).params().put("k", "v"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void errorMessageNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, VALID.replace("weight: 50", "weight: -3"));
        assertThatThrownBy(() -> ExperimentsConfigReader.read(file))
                .isInstanceOf(ExperimentConfigException.class)
                .hasMessage(file + ": experiments[0].variants[0].weight: must be > 0, was -3");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ExperimentsConfigReader.read(file)).hasMessage(file + ": no such file");
    }

    // One line per rule: the edit to the valid file, and the message it must give.

    @Test
    void weightMustBePositive() {
        assertFails(VALID.replace("weight: 1\n", "weight: 0\n"), "experiments[1].variants[0].weight: must be > 0, was 0");
        assertFails(VALID.replace("weight: 1\n", "weight: 0.5e-400\n"),
                "experiments[1].variants[0].weight: must be > 0, was 0");
        assertFails(VALID.replace("weight: 1\n", "weight: lots\n"),
                "experiments[1].variants[0].weight: cannot read 'lots' as a number");
    }

    @Test
    void weightIsRequired() {
        assertFails(VALID.replace("        weight: 1\n", ""), "experiments[1].variants[0].weight: missing");
        assertFails(VALID.replace("weight: 1\n", "weight: null\n"), "experiments[1].variants[0].weight: expected a number");
    }

    @Test
    void duplicateExperimentIds() {
        assertFails(VALID.replace("id: second", "id: home"), "experiments[1].id: duplicate experiment id 'home'");
    }

    @Test
    void duplicateVariantNames() {
        assertFails(VALID.replace("name: neucb", "name: control"),
                "experiments[0].variants[1].name: duplicate variant name 'control'");
    }

    @Test
    void noVariants() {
        String noVariants = VALID.substring(0, VALID.indexOf("    variants:\n      - name: only")) + "    variants: []\n";
        assertFails(noVariants, "experiments[1].variants: must list at least one variant");
    }

    @Test
    void endMustBeAfterStart() {
        assertFails(VALID.replace("end: 2026-12-01T00:00:00Z", "end: 2026-11-01T00:00:00Z"),
                "experiments[0].end: must be after start 2026-11-01T00:00:00Z, was 2026-11-01T00:00:00Z");
        assertFails(VALID.replace("end: 2026-12-01T00:00:00Z", "end: next week"),
                "experiments[0].end: cannot read 'next week' as an ISO-8601 instant such as 2026-11-01T00:00:00Z");
    }

    @Test
    void defaultMustBeAVariant() {
        assertFails(VALID.replace("default: control", "default: treatment"),
                "experiments[0].default: must be one of the variants [control, neucb], was 'treatment'");
        assertFails(VALID.replace("    default: only\n", ""), "experiments[1].default: missing");
    }

    @Test
    void unknownStatus() {
        assertFails(VALID.replace("status: draft", "status: live"),
                "experiments[1].status: cannot read 'live' as one of draft, running, paused, stopped");
    }

    @Test
    void unknownKeysAreNamedWithTheirPath() {
        assertFails(VALID.replace("policy: uniform", "policy: uniform\n        wieght: 2"),
                "experiments[1].variants[0].wieght: unknown key; known keys here: banditModel, model, name, params,"
                        + " policy, weight");
        assertFails(VALID.replace("status: draft", "status: draft\n    owner: me"), "experiments[1].owner: unknown key");
        assertFails("experiments: []\nversion: 2\n", "version: unknown key");
    }

    @Test
    void requiredNamesAndNonBlankStrings() {
        assertFails(VALID.replace("policy: uniform", "policy: ' '"),
                "experiments[1].variants[0].policy: must be non-blank without surrounding spaces, was ' '");
        assertFails(VALID.replace("    - name: only\n        weight: 1\n", "    - weight: 1\n"),
                "experiments[1].variants[0].name: missing");
        assertFails(VALID.replace("salt: hf1", "salt: ''"), "experiments[0].salt: must be non-blank");
    }

    @Test
    void structureAndSyntax() {
        assertFails("", "empty; expected a top-level 'experiments' list");
        assertFails("experiments: home\n", "experiments: expected a list");
        assertFails(VALID.replace("salt: hf1", "salt: hf1\n    salt: hf2"), "not valid YAML at line 7");
        assertFails("experiments: [\n", "not valid YAML");
        assertFails("- a\n", "expected a mapping");
        assertFails(VALID.replace("params: {}", "params: [1]"),
                "experiments[0].variants[0].params: expected a mapping of names to string values");
    }

    @Test
    void configBuiltInCodeIsValidatedToo() {
        Experiment e = new Experiment("e", ExperimentStatus.RUNNING, null, null, null, "a",
                List.of(variant("a", 1), variant("b", -3)));
        assertThatThrownBy(() -> ExperimentsConfigValidator.validate(new ExperimentsConfig(List.of(e)), "<config>"))
                .isInstanceOf(ExperimentConfigException.class)
                .hasMessage("<config>: experiments[0].variants[1].weight: must be > 0, was -3")
                .satisfies(t -> assertThat(((ExperimentConfigException) t).keyPath())
                        .isEqualTo("experiments[0].variants[1].weight"));
    }

    @Test
    void nonFiniteWeightsAreRejected() {
        // YAML's .nan and .inf do not get this far (Jackson's YAML parser rejects them), but code can build them.
        for (double w : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            Experiment e = new Experiment("e", ExperimentStatus.RUNNING, null, null, null, "a",
                    List.of(variant("a", w)));
            assertThatThrownBy(() -> ExperimentsConfigValidator.validate(new ExperimentsConfig(List.of(e)), "<config>"))
                    .hasMessage("<config>: experiments[0].variants[0].weight: must be > 0, was " + w);
        }
    }

    @Test
    void emptyExperimentListIsValid() {
        assertThat(ExperimentsConfigReader.parse("experiments: []\n", "x.yaml").experiments()).isEmpty();
    }

    private static Variant variant(String name, double weight) {
        return new Variant(name, weight, "mf-topk", "recs", null, Map.of());
    }

    private static void assertFails(String yaml, String messageAfterSource) {
        assertThatThrownBy(() -> ExperimentsConfigReader.parse(yaml, "x.yaml"))
                .isInstanceOf(ExperimentConfigException.class)
                .hasMessageStartingWith("x.yaml: " + messageAfterSource);
    }
}
