package dev.eddy.serving.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eddy.events.event.ExperimentResults;

import java.time.Instant;
import java.util.List;

/**
 * The body of GET /v1/experiments/{experimentId}/results: the newest read-out of the experiments job as it wrote it,
 * and the history of every lift for charts, one column per field (what a chart library takes).
 *
 * @param experimentId the experiment
 * @param latest       the newest read-out; null (written as JSON null) while the job has not reported on it yet
 * @param readOuts     read-outs received since serving started; more than the history's points once it is thinned
 * @param history      the lifts over time, empty without read-outs
 */
public record ExperimentResultsResponse(String experimentId, @JsonInclude(JsonInclude.Include.ALWAYS) ExperimentResults latest,
                                        long readOuts, LiftHistory history) {

    /**
     * Read-outs at most {@code serving.results-history}, evenly spread over the experiment's span when there were
     * more, the newest last. Every list has one entry per read-out.
     *
     * @param dataUntil the read-outs' event-time watermark, the charts' time axis
     * @param emittedAt when the job wrote each
     * @param series    one per (metric, segment, variant) other than the control
     */
    public record LiftHistory(List<Instant> dataUntil, List<Instant> emittedAt, List<LiftSeries> series) {
        public static final LiftHistory EMPTY = new LiftHistory(List.of(), List.of(), List.of());
    }

    /**
     * One variant's relative lift against the control over time, with its always-valid 95 % interval (the confidence
     * sequence). An entry is null where that read-out had no such row, or the value is unknown (a bound still infinite).
     */
    public record LiftSeries(String metric, String segment, String variant, boolean guardrail, List<Double> relativeLift,
                             List<Double> alwaysValidLower, List<Double> alwaysValidUpper) {}
}
