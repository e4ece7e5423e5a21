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
