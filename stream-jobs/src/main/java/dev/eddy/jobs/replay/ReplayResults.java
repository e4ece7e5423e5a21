package dev.eddy.jobs.replay;

import dev.eddy.bandits.ope.Estimate;
import dev.eddy.bandits.ope.OnlineEstimateTrace;

import java.util.List;

/**
 * Everything a replay found, in the shape of its report and its JSON.
 *
 * @param input           what was replayed
 * @param events          logged decisions replayed (per policy)
 * @param problems        how many input records could not be used
 * @param problemSamples  the first of them, with source, line and reason
 * @param loggedValue     the logging policy's on-policy value: the log's mean reward, overall and per position
 * @param policies        per candidate policy: its estimates, trace and importance weights
 * @param seconds         wall time of the replay job
 */
public record ReplayResults(String input, long events, long problems, List<Problem> problemSamples,
                            List<ScopeValue> loggedValue, List<PolicyResult> policies, double seconds) {

    /** A record that could not be replayed. */
    public record Problem(String source, long line, String reason) {}

    /** A value over all positions ({@code position = -1}) or at one position (from 0). */
    public record ScopeValue(int position, long samples, double value) {}

    /** One policy's estimates in one scope. */
    public record ScopeEstimates(int position, long samples, List<Estimate> estimates) {}

    /**
     * @param trace   the estimate of {@link #traceEstimator} versus the number of events, with a confidence sequence
     * @param weights histogram of the importance weights π(a|x)/μ(a|x) of the logged actions
     */
    public record PolicyResult(String policy, List<ScopeEstimates> scopes, String traceEstimator,
                               List<OnlineEstimateTrace.Point> trace, WeightHistogram weights) {

        public ScopeEstimates overall() {
            return scopes.get(0);
        }
    }

    /** Counts of importance weights in bins [edges[i], edges[i+1]); the last bin is closed. */
    public record WeightHistogram(double[] edges, long[] counts, double max, double mean) {}

    public double eventsPerSecond() {
        return seconds > 0 ? events * policies.size() / seconds : Double.NaN;
    }
}
