package dev.eddy.serving.experiment;

import static dev.eddy.serving.experiment.Configs.assigner;
import static dev.eddy.serving.experiment.Configs.experiment;
import static dev.eddy.serving.experiment.Configs.running;
import static dev.eddy.serving.experiment.Configs.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.eddy.events.experiment.Experiment;
import dev.eddy.events.experiment.ExperimentConfigException;
import dev.eddy.events.experiment.ExperimentStatus;
import dev.eddy.events.experiment.Variant;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExperimentAssignerTest {

    private static final int USERS = 100_000;
    private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
    private static final Path EXAMPLE = Path.of("..", "deploy", "serving", "experiments.yaml");

    /** Variant per user for users user-0 .. user-99999. */
    private static String[] assignAll(ExperimentAssigner assigner, String experimentId) {
        String[] out = new String[USERS];
        for (int i = 0; i < USERS; i++) {
            out[i] = assigner.assign(experimentId, userId(i), NOW).variant();
        }
        return out;
    }

    private static String userId(int i) {
        return "user-" + i;
    }

    private static Map<String, Double> shares(String[] assigned) {
        Map<String, Double> shares = new HashMap<>();
        for (String v : assigned) {
            shares.merge(v, 1.0 / assigned.length, Double::sum);
        }
        return shares;
    }

    @Test
    void splitsTrafficByWeight() {
        ExperimentAssigner a = assigner(running("e", "s", variant("a", 20), variant("b", 30), variant("c", 50)));
        Map<String, Double> shares = shares(assignAll(a, "e"));
        // Binomial sd at 100k users is at most 0.0016; 0.006 is about 4 sd.
        assertThat(shares.get("a")).isCloseTo(0.20, within(0.006));
        assertThat(shares.get("b")).isCloseTo(0.30, within(0.006));
        assertThat(shares.get("c")).isCloseTo(0.50, within(0.006));
    }

    @Test
    void fractionalWeightsAreRelative() {
        ExperimentAssigner a = assigner(running("e", "s", variant("a", 0.1), variant("b", 0.3)));
        assertThat(shares(assignAll(a, "e")).get("a")).isCloseTo(0.25, within(0.006));
    }

    @Test
    void twoIndependentlyLoadedAssignersAgree() {
        ExperimentAssigner first = ExperimentAssigner.load(EXAMPLE);
        ExperimentAssigner second = ExperimentAssigner.load(EXAMPLE);
        assertThat(second).isNotSameAs(first);
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            String user = Long.toHexString(random.nextLong());
            assertThat(second.assign("home-feed", user, NOW))
                    .isEqualTo(first.assign("home-feed", user, NOW));
        }
    }

    @Test
    void raisingOneWeightMovesOnlyTheUsersItMustAndOnlyIntoIt() {
        String[] before = assignAll(assigner(running("e", "s", variant("a", 50), variant("b", 50))), "e");
        String[] after = assignAll(assigner(running("e", "s", variant("a", 60), variant("b", 40))), "e");
        int moved = 0;
        for (int i = 0; i < USERS; i++) {
            if (!before[i].equals(after[i])) {
                moved++;
                assertThat(after[i]).as("user %d moved b -> a only", i).isEqualTo("a");
            }
        }
        assertThat(moved / (double) USERS).isCloseTo(0.10, within(0.006));
    }

    @Test
    void raisingOneOfThreeWeightsPullsUsersOnlyIntoThatVariant() {
        String[] before = assignAll(assigner(running("e", "s", variant("a", 40), variant("b", 40), variant("c", 20))), "e");
        String[] after = assignAll(assigner(running("e", "s", variant("a", 40), variant("b", 40), variant("c", 30))), "e");
        int moved = 0;
        for (int i = 0; i < USERS; i++) {
            if (!before[i].equals(after[i])) {
                moved++;
                assertThat(after[i]).isEqualTo("c");
            }
        }
        // c's share goes 20/100 -> 30/110.
        assertThat(moved / (double) USERS).isCloseTo(30.0 / 110 - 0.20, within(0.006));
    }

    @Test
    void loweringOneWeightOnlyLetsUsersOutOfThatVariant() {
        String[] before = assignAll(assigner(running("e", "s", variant("a", 40), variant("b", 40), variant("c", 20))), "e");
        String[] after = assignAll(assigner(running("e", "s", variant("a", 40), variant("b", 20), variant("c", 20))), "e");
        int moved = 0;
        for (int i = 0; i < USERS; i++) {
            if (!before[i].equals(after[i])) {
                moved++;
                assertThat(before[i]).isEqualTo("b");
            }
        }
        // b's share goes 40/100 -> 20/80.
        assertThat(moved / (double) USERS).isCloseTo(0.40 - 0.25, within(0.006));
    }

    @Test
    void addingAVariantOnlyTakesUsersFromTheOthers() {
        String[] before = assignAll(assigner(running("e", "s", variant("a", 50), variant("b", 50))), "e");
        String[] after = assignAll(assigner(running("e", "s", variant("a", 50), variant("b", 50), variant("c", 20))), "e");
        int moved = 0;
        for (int i = 0; i < USERS; i++) {
            if (!before[i].equals(after[i])) {
                moved++;
                assertThat(after[i]).isEqualTo("c");
            }
        }
        assertThat(moved / (double) USERS).isCloseTo(20.0 / 120, within(0.006));
    }

    @Test
    void variantOrderInTheFileDoesNotMatter() {
        String[] ab = assignAll(assigner(running("e", "s", variant("a", 30), variant("b", 70))), "e");
        String[] ba = assignAll(assigner(running("e", "s", variant("b", 70), variant("a", 30))), "e");
        assertThat(ba).isEqualTo(ab);
    }

    @Test
    void changingTheSaltReshufflesUsers() {
        String[] s1 = assignAll(assigner(running("e", "s1", variant("a", 50), variant("b", 50))), "e");
        String[] s2 = assignAll(assigner(running("e", "s2", variant("a", 50), variant("b", 50))), "e");
        int moved = 0;
        for (int i = 0; i < USERS; i++) {
            moved += s1[i].equals(s2[i]) ? 0 : 1;
        }
        // Independent draws: a user keeps its variant with probability 0.5.
        assertThat(moved / (double) USERS).isCloseTo(0.5, within(0.01));
    }

    @Test
    void saltDefaultsToTheIdSoTwoExperimentsSplitIndependently() {
        ExperimentAssigner a = assigner(
                experiment("x", ExperimentStatus.RUNNING, null, null, variant("a", 1), variant("b", 1)),
                experiment("y", ExperimentStatus.RUNNING, null, null, variant("a", 1), variant("b", 1)));
        assertThat(a.experiment("x").orElseThrow().salt()).isEqualTo("x");
        String[] x = assignAll(a, "x");
        String[] y = assignAll(a, "y");
        int same = 0;
        for (int i = 0; i < USERS; i++) {
            same += x[i].equals(y[i]) ? 1 : 0;
        }
        assertThat(same / (double) USERS).isCloseTo(0.5, within(0.01));
    }

    @Test
    void activeOnlyWhileRunningAndInsideTheWindow() {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Instant end = Instant.parse("2026-12-01T00:00:00Z");
        Variant control = variant("control", 1e-9); // a tiny weight: active users almost never land here
        Variant treatment = variant("treatment", 1);
        ExperimentAssigner a = assigner(
                experiment("run", ExperimentStatus.RUNNING, start, end, control, treatment),
                experiment("open", ExperimentStatus.RUNNING, null, null, control, treatment),
                experiment("draft", ExperimentStatus.DRAFT, null, null, control, treatment),
                experiment("paused", ExperimentStatus.PAUSED, start, end, control, treatment),
                experiment("stopped", ExperimentStatus.STOPPED, null, null, control, treatment));

        assertThat(a.assign("run", "u", start)).isEqualTo(new Assignment("run", "treatment", true, "running", treatment));
        assertThat(a.assign("run", "u", end.minusNanos(1)).active()).isTrue();
        assertThat(a.assign("run", "u", start.minusNanos(1)))
                .isEqualTo(new Assignment("run", "control", false, "before-start", control));
        assertThat(a.assign("run", "u", end))
                .isEqualTo(new Assignment("run", "control", false, "after-end", control));
        assertThat(a.assign("open", "u", Instant.EPOCH).active()).isTrue();
        assertThat(a.assign("draft", "u", NOW)).isEqualTo(new Assignment("draft", "control", false, "draft", control));
        assertThat(a.assign("paused", "u", NOW)).isEqualTo(new Assignment("paused", "control", false, "paused", control));
        assertThat(a.assign("stopped", "u", NOW).reason()).isEqualTo("stopped");
    }

    @Test
    void inactiveExperimentsServeTheConfiguredDefaultNotTheFirstVariant() {
        Variant a = variant("a", 1);
        Variant b = variant("b", 1);
        ExperimentAssigner assigner = assigner(new Experiment("e", ExperimentStatus.PAUSED, null, null, null, "b",
                java.util.List.of(a, b)));
        assertThat(assigner.assign("e", "anyone", NOW).variantConfig()).isSameAs(b);
    }

    @Test
    void configBuiltInCodeIsValidated() {
        // The rules themselves are ExperimentsConfigReaderTest's (events); here only that of() applies them.
        assertThatThrownBy(() -> assigner(running("e", null, variant("a", 1), variant("b", -3))))
                .isInstanceOf(ExperimentConfigException.class)
                .hasMessage("<config>: experiments[0].variants[1].weight: must be > 0, was -3");
    }

    /** The shipped example never expires: its experiment splits traffic today and in ten years alike. */
    @Test
    void theShippedExampleExperimentRunsWhenever() {
        ExperimentAssigner a = ExperimentAssigner.load(EXAMPLE);
        for (Instant when : List.of(Instant.now(), Instant.now().plus(Duration.ofDays(3650)))) {
            Set<String> variants = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                Assignment got = a.assign("home-feed", "user-" + i, when);
                assertThat(got.active()).as(got.reason() + " at " + when).isTrue();
                variants.add(got.variant());
            }
            assertThat(variants).containsExactlyInAnyOrder("control", "neucb");
        }
    }

    @Test
    void unknownExperimentNamesTheIdAndTheKnownOnes() {
        ExperimentAssigner a = ExperimentAssigner.load(EXAMPLE);
        assertThatThrownBy(() -> a.assign("nope", "u", NOW))
                .isInstanceOf(UnknownExperimentException.class)
                .hasMessage("unknown experiment 'nope'; known: home-feed, session-ftrl");
        assertThat(a.experiment("nope")).isEmpty();
    }

    @Test
    void listsExperimentsInFileOrder() {
        ExperimentAssigner a = ExperimentAssigner.load(EXAMPLE);
        assertThat(a.experiments()).extracting(Experiment::id).containsExactly("home-feed", "session-ftrl");
        assertThat(a.experiment("home-feed").orElseThrow().variant("neucb").orElseThrow().banditModel())
                .isEqualTo("neucb-home");
    }
}
