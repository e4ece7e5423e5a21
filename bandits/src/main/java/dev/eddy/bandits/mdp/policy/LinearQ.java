package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;

/** What the linear-Q FTRL policies share beyond {@link Dense}. */
final class LinearQ {
    private LinearQ() {}

    /**
     * π(·|s_h) of {@code policy}, as it is now, at each state the episode visited: an {@link Episode} records only the
     * taken action's probability, and the covariance needs the whole distribution. Checks the episode's shape.
     */
    static double[][] policyAtVisitedStates(SessionPolicy policy, Episode e, int horizon, int d) {
        int len = e.length();
        if (len > horizon) throw new IllegalArgumentException("episode has " + len + " steps, H = " + horizon);
        double[][] pi = new double[len][];
        for (int h = 0; h < len; h++) {
            double[][] f = e.features()[h];
            Dense.checkFeatures(f, d);
            int a = e.actions()[h];
            if (a < 0 || a >= f.length) throw new IllegalArgumentException("step " + h + " took action " + a + " of " + f.length);
            pi[h] = new double[f.length];
            policy.distribution(h, f, pi[h]);
        }
        return pi;
    }
}
