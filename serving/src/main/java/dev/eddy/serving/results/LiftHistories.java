package dev.eddy.serving.results;

import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.ExperimentResults.MetricResult;
import dev.eddy.serving.results.ExperimentResultsResponse.LiftHistory;
import dev.eddy.serving.results.ExperimentResultsResponse.LiftSeries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-outs in arrival order to one column per field: what the dashboard's charts take. */
final class LiftHistories {
    private LiftHistories() {}

    private record Key(String metric, String segment, String variant) {}

    private static final class Columns {
        final boolean guardrail;
        final Double[] lift;
        final Double[] lower;
        final Double[] upper;

        Columns(boolean guardrail, int points) {
            this.guardrail = guardrail;
            lift = new Double[points];
            lower = new Double[points];
            upper = new Double[points];
        }
    }

    static LiftHistory of(List<ExperimentResults> readOuts) {
        int n = readOuts.size();
        List<Instant> dataUntil = new ArrayList<>(n);
        List<Instant> emittedAt = new ArrayList<>(n);
        // Series in the order their rows first appear: the job writes metrics in the file's order.
        Map<Key, Columns> series = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ExperimentResults r = readOuts.get(i);
            dataUntil.add(r.dataUntil());
            emittedAt.add(r.emittedAt());
            for (MetricResult m : r.metrics()) {
                if (m.variant().equals(r.control())) continue;
                Columns c = series.computeIfAbsent(new Key(m.metric(), m.segment(), m.variant()),
                        k -> new Columns(m.guardrail(), n));
                c.lift[i] = m.relativeLift();
                if (m.alwaysValidInterval() != null) {
                    c.lower[i] = m.alwaysValidInterval().lower();
                    c.upper[i] = m.alwaysValidInterval().upper();
                }
            }
        }
        List<LiftSeries> out = new ArrayList<>(series.size());
        series.forEach((k, c) -> out.add(new LiftSeries(k.metric(), k.segment(), k.variant(), c.guardrail,
                Arrays.asList(c.lift), Arrays.asList(c.lower), Arrays.asList(c.upper))));
        return new LiftHistory(dataUntil, emittedAt, out);
    }
}
