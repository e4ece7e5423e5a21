package dev.eddy.bandits.ope;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OnlineEstimateTraceTest {

    @Test
    void everyPointIsTheEstimateOnThatPrefix() {
        List<LoggedSample> log = SimulatedLog.log(1000, 4, SimulatedLog.TARGET);
        for (OffPolicyEstimator e : List.of(new Ips(), new SelfNormalizedIps(),
                DoublyRobust.selfNormalized((s, a) -> 0.3))) {
            List<OnlineEstimateTrace.Point> trace = OnlineEstimateTrace.of(e.terms(log), 7, 0.95);
            assertThat(trace).hasSize(7);
            assertThat(trace.get(trace.size() - 1).events()).isEqualTo(1000);
            for (OnlineEstimateTrace.Point p : trace) {
                double prefix = e.terms(log.subList(0, (int) p.events())).value();
                assertThat(p.value()).as(e.name() + " at " + p.events()).isCloseTo(prefix, within(1e-12));
            }
        }
    }

    @Test
    void sequenceBoundsNarrowAndSurroundTheEstimate() {
        List<LoggedSample> log = SimulatedLog.log(5000, 8, SimulatedLog.TARGET);
        List<OnlineEstimateTrace.Point> trace = OnlineEstimateTrace.of(new Ips().terms(log), 10, 0.95);
        for (int i = 1; i < trace.size(); i++) {
            OnlineEstimateTrace.Point p = trace.get(i), q = trace.get(i - 1);
            assertThat(p.upper() - p.lower()).isLessThanOrEqualTo(q.upper() - q.lower());
        }
        OnlineEstimateTrace.Point last = trace.get(trace.size() - 1);
        assertThat(last.lower()).isLessThan(last.value());
        assertThat(last.upper()).isGreaterThan(last.value());
        assertThat(last.upper() - last.lower()).isLessThan(0.2);
        // Model-based estimators have no known range: no bounds rather than wrong ones.
        assertThat(OnlineEstimateTrace.of(new DirectMethod((s, a) -> 0.3).terms(log), 3, 0.95).get(0).lower())
                .isNaN();
    }

    @Test
    void confidenceSequenceOnBernoulliDraws() {
        ConfidenceSequence cs = new ConfidenceSequence(0.95);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        for (int i = 0; i < 20000; i++) cs.add(rng.nextDouble() < 0.3 ? 1 : 0);
        assertThat(cs.lower()).isLessThan(0.3);
        assertThat(cs.upper()).isGreaterThan(0.3);
        assertThat(cs.upper() - cs.lower()).isLessThan(0.04);
    }
}
