package dev.eddy.bandits.ope;

import dev.eddy.events.event.Decision;
import dev.eddy.events.readers.DsJsonReader;
import dev.eddy.events.readers.LoggedEvent;
import dev.eddy.events.readers.ReadResult;
import dev.eddy.events.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** VW's real decision-service log (../shared/data; skipped where absent): the logging policy evaluated on itself. */
class DecisionServiceOpeTest {

    @Test
    void ipsOfTheLoggingPolicyIsItsObservedMean() throws Exception {
        ReadResult<LoggedEvent> read = DsJsonReader.read(SharedData.path("vw-dsjson/decisionservice.json"));
        assertThat(read.problems()).isEmpty();
        List<LoggedSample> samples = new ArrayList<>();
        double sum = 0;
        for (LoggedEvent e : read.events()) {
            Decision d = e.decision();
            double reward = e.rewards().stream().mapToDouble(r -> r.value()).sum();
            double[] logger = d.distribution().stream().mapToDouble(Double::doubleValue).toArray();
            samples.add(LoggedSample.of(reward, d.chosen().get(0), d.chosenProbability(), logger));
            sum += reward;
        }
        double observed = sum / samples.size();
        Estimate ips = new Ips().estimate(samples);
        Estimate snips = new SelfNormalizedIps().estimate(samples);
        System.out.println("decisionservice.json: n " + samples.size() + ", observed mean " + observed + ", " + ips
                + ", " + snips);
        // _label_probability (0.8166667) and p[0] (0.816666663) differ in the 8th digit, so w = 1 − 4e-8.
        assertThat(ips.value()).isCloseTo(observed, within(1e-6));
        assertThat(snips.value()).isCloseTo(observed, within(1e-12));
        assertThat(ips.maxImportanceWeight()).isCloseTo(1, within(1e-6));
        assertThat(observed).isCloseTo(2.0 / 3, within(1e-12));
    }
}
