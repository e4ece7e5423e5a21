package dev.eddy.jobs.replay;

import dev.eddy.bandits.ope.LoggedSample;
import dev.eddy.events.json.InvalidEventException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayEvaluationTest {

    private static ReplayedSample sample(String policy, long t, double reward, int logged, double p, double[] target,
                                         int position) {
        ReplayedSample s = new ReplayedSample();
        s.policy = policy;
        s.source = "log";
        s.line = t;
        s.timestamp = t;
        s.reward = reward;
        s.loggedAction = logged;
        s.loggedPropensity = p;
        s.target = target;
        s.position = position;
        return s;
    }

    @Test
    void uniformLogsAreRecognised() {
        assertThat(ReplayEvaluation.isUniformLog(List.of(LoggedSample.of(1, 0, 0.5, new double[]{1, 0})))).isTrue();
        assertThat(ReplayEvaluation.isUniformLog(List.of(LoggedSample.of(1, 0, 0.6, new double[]{1, 0})))).isFalse();
    }

    @Test
    void estimatesPerPolicyAndPositionWithTheLogsOwnValue() {
        List<ReplayedSample> samples = new ArrayList<>();
        // A uniform two-action log over two positions; the target always picks action 1, which pays 1 at position 0.
        for (int i = 0; i < 400; i++) {
            int action = i % 2;
            int position = (i / 2) % 2;
            double reward = action == 1 && position == 0 ? 1 : 0;
            samples.add(sample("always-1", 1000 - i, reward, action, 0.5, new double[]{0, 1}, position));
        }
        ReplayResults r = new ReplayEvaluation(ReplayEvaluation.Options.defaults())
                .evaluate("test", Map.of("always-1", samples), List.of(), 1.0);
        assertThat(r.events()).isEqualTo(400);
        assertThat(r.loggedValue().get(0).value()).isEqualTo(0.25);
        assertThat(r.loggedValue()).hasSize(3);
        ReplayResults.PolicyResult p = r.policies().get(0);
        assertThat(p.scopes()).hasSize(3);
        // IPS: the target's value is 0.5 overall (1 at position 0, 0 at position 1).
        assertThat(p.overall().estimates().stream().filter(e -> e.estimator().equals("ips")).findFirst().orElseThrow()
                .value()).isEqualTo(0.5);
        assertThat(p.scopes().get(1).estimates().stream().filter(e -> e.estimator().equals("snips")).findFirst()
                .orElseThrow().value()).isEqualTo(1.0);
        assertThat(p.overall().estimates()).extracting(e -> e.estimator()).contains("replay");
        assertThat(java.util.Arrays.stream(p.weights().counts()).sum()).isEqualTo(400);
        assertThat(p.weights().max()).isEqualTo(2.0);
        assertThat(ReplayReport.summaryLines(r)).anyMatch(l -> l.startsWith("always-1 ips=0.50000 ["));
    }

    @Test
    void float32PropensitiesOfAUniformLogGetTheReplayEstimator() {
        // VW's no_shared_features.json: three actions, propensity 1/3 logged as the float32 0.333333343.
        List<ReplayedSample> samples = new ArrayList<>();
        for (int i = 0; i < 30; i++) samples.add(sample("u", i, i % 2, i % 3, 0.333333343, new double[]{1, 0, 0}, 0));
        ReplayResults r = new ReplayEvaluation(ReplayEvaluation.Options.defaults())
                .evaluate("vw", Map.of("u", samples), List.of(), 1.0);
        assertThat(r.policies().get(0).overall().estimates()).extracting(e -> e.estimator()).contains("replay");
    }

    @Test
    void rareRewardsGetAnHonestIntervalAndTheReportSaysWhatNotToTrust() {
        // A uniform two-action log without a single reward: every bootstrap resample is zero.
        List<ReplayedSample> samples = new ArrayList<>();
        for (int i = 0; i < 454; i++) samples.add(sample("p", i, 0, i % 2, 0.5, new double[]{1, 0}, 0));
        ReplayResults r = new ReplayEvaluation(ReplayEvaluation.Options.defaults())
                .evaluate("rare", Map.of("p", samples), List.of(), 1.0);
        var estimates = r.policies().get(0).overall().estimates();
        var replay = estimates.stream().filter(e -> e.estimator().equals("replay")).findFirst().orElseThrow();
        assertThat(replay.value()).isZero();
        // 0 rewards in the 227 kept decisions: the exact binomial bound.
        assertThat(replay.upper()).isCloseTo(0.0161, org.assertj.core.api.Assertions.within(5e-4));
        var dm = estimates.stream().filter(e -> e.estimator().equals("dm")).findFirst().orElseThrow();
        assertThat(dm.intervalMethod()).contains(ReplayEvaluation.IGNORES_MODEL_BIAS);
        List<String> lines = ReplayReport.summaryLines(r);
        assertThat(lines).anyMatch(l -> l.startsWith("p replay=0.0000 [") && l.contains("warn=few-events"));
        assertThat(lines).anyMatch(l -> l.startsWith("p dm=") && l.contains("model-bias"));
        assertThat(lines).noneMatch(l -> l.startsWith("p ips=") && l.contains("low-ess"));
    }

    @Test
    void aSmallEffectiveSampleSizeIsFlagged() {
        var weak = new dev.eddy.bandits.ope.Estimate("ips", 0.1, 0, 0.3, "bootstrap", 12, 40, 1000);
        assertThat(EstimateWarnings.of(weak)).extracting(EstimateWarnings.Warning::token).containsExactly("low-ess");
        var fine = new dev.eddy.bandits.ope.Estimate("ips", 0.1, 0.05, 0.15, "bootstrap", 800, 3, 1000);
        assertThat(EstimateWarnings.of(fine)).isEmpty();
    }

    @Test
    void theTracesAxisFitsTheEstimateNotTheFirstBoundsOfTheSequence() {
        // A confidence sequence starts at [0, 1]; the estimate lives around 0.05.
        List<Double> values = List.of(0.0, 0.2, 0.05, 0.051, 0.049, 0.05, 0.05, 0.05, 0.05, 0.05);
        List<Double> lower = List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.03, 0.035, 0.04, 0.042, 0.044);
        List<Double> upper = List.of(1.0, 1.0, 0.9, 0.5, 0.2, 0.08, 0.07, 0.06, 0.058, 0.056);
        double[] range = ReplayCharts.yRange(values, lower, upper, 0.04);
        assertThat(range[0]).isBetween(0.0, 0.04);
        assertThat(range[1]).isBetween(0.08, 0.25);
        // A sequence that stays far wider than the estimate (large weights) is clipped, not fitted.
        List<Double> small = List.of(0.0, 0.004, 0.003, 0.003, 0.003, 0.003, 0.003, 0.003, 0.003, 0.003);
        List<Double> wide = List.of(1.0, 1.0, 1.0, 1.0, 1.0, 0.6, 0.4, 0.3, 0.25, 0.21);
        double[] clipped = ReplayCharts.yRange(small, List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), wide,
                0.0069);
        assertThat(clipped[1]).isBetween(0.0069, 0.03);
        assertThat(clipped[0]).isLessThan(0.003);
    }

    @Test
    void aFileWithoutDecisionsIsExplained(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path plain = java.nio.file.Files.writeString(dir.resolve("plain.json"),
                "{\"_label\":1,\"a\":{\"x\":1}}\n{\"_label\":0,\"a\":{\"x\":2}}\n");
        ReplayedSample bad = new ReplayedSample();
        bad.source = "plain.json";
        bad.line = 1;
        bad.problem = "missing context object 'c'";
        String m = NoDecisions.explain(new ReplayInput.LogFiles(List.of(plain), LogFormat.DSJSON), List.of(bad));
        assertThat(m).contains("no decisions").contains("(plain.json line 1): missing context object 'c'")
                .contains("Vowpal Wabbit's plain JSON example format").contains("not DSJson");
        Path eddy = java.nio.file.Files.writeString(dir.resolve("eddy.json"), "{\"decision\":{}}\n");
        assertThat(NoDecisions.explain(new ReplayInput.LogFiles(List.of(eddy), LogFormat.DSJSON), List.of()))
                .contains("read it with --format eddy");
        assertThat(NoDecisions.none(Map.of("a", List.of()))).isTrue();
    }

    @Test
    void aLogSmallerThanTheFoldsStillGetsEveryEstimate() {
        List<ReplayedSample> three = List.of(sample("p", 1, 1, 0, 0.5, new double[]{1, 0}, 0),
                sample("p", 2, 0, 1, 0.5, new double[]{1, 0}, 0), sample("p", 3, 1, 0, 0.5, new double[]{1, 0}, 0));
        ReplayResults r = new ReplayEvaluation(ReplayEvaluation.Options.defaults())
                .evaluate("tiny", Map.of("p", three), List.of(), 1.0);
        assertThat(r.policies().get(0).overall().estimates()).extracting(e -> e.estimator())
                .containsAll(ReplayEvaluation.DEFAULT_ESTIMATORS);
    }

    @Test
    void eddyLinesThatAreNotJoinedExamplesAreRejected() throws Exception {
        LogLineParser parser = LogParsers.forFile(LogFormat.EDDY, Path.of("x.jsonl"));
        assertThatThrownBy(() -> parser.parse(3, "{\"decision\":{}}")).isInstanceOf(InvalidEventException.class);
        String good = dev.eddy.events.json.EventJson.writeString(new SyntheticLog(1, 3, 0.5).event(0));
        assertThat(parser.parse(1, good).decision().eventId()).isEqualTo("synthetic-0");
    }

    @Test
    void reportEscapesNamesThatComeFromTheCommandLine() {
        assertThat(ReplayReport.esc("logged:<a href=\"x\">&")).isEqualTo("logged:&lt;a href=&quot;x&quot;&gt;&amp;");
    }

    @Test
    void syntheticLogIsAPureFunctionOfSeedAndIndex() {
        SyntheticLog a = new SyntheticLog(9, 4, 0.25);
        SyntheticLog b = new SyntheticLog(9, 4, 0.25);
        assertThat(dev.eddy.events.json.EventJson.writeString(a.event(123)))
                .isEqualTo(dev.eddy.events.json.EventJson.writeString(b.event(123)));
        double[] p = a.loggingDistribution(5);
        assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }
}
