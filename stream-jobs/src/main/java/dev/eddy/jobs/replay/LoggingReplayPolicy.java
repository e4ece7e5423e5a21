package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.Slate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The policy that wrote the log, as far as the log tells: its whole distribution when the decision carries one;
 * otherwise the logged probability on the logged action and the rest spread evenly over the other candidates.
 * Importance-weighted estimates of it only use the logged action's probability, so IPS of this policy is the
 * log's (weighted) mean reward exactly; the even spread only enters the model term of DM/DR.
 */
final class LoggingReplayPolicy extends NamedReplayPolicy {

    LoggingReplayPolicy(String name) {
        super(name, false);
    }

    @Override
    public Slate decide(ReplayEvent event, SplittableRandom rng) {
        return Distributions.draw(distribution(event), rng);
    }

    static double[] distribution(ReplayEvent event) {
        int n = event.actions();
        List<Double> logged = event.decision().distribution();
        if (logged != null && logged.size() == n && event.position() == 0) {
            double[] p = new double[n];
            double sum = 0;
            for (int a = 0; a < n; a++) sum += p[a] = logged.get(a);
            // Logs round their probabilities; the estimators want them to sum to 1.
            for (int a = 0; a < n; a++) p[a] /= sum;
            return p;
        }
        double[] p = new double[n];
        double rest = n == 1 ? 0 : (1 - event.propensity()) / (n - 1);
        java.util.Arrays.fill(p, rest);
        p[event.loggedAction()] = n == 1 ? 1 : event.propensity();
        return p;
    }
}
