package dev.eddy.tools.demo;

import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.ExperimentResults.MetricResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's read of the experiments job's results: each variant against the control on one metric, by its
 * always-valid interval and p-value (the figures that stay valid however often the demo prints them), the
 * sample-ratio check and the guardrails.
 */
final class ExperimentLines {
    private ExperimentLines() {}

    /** e.g. {@code neucb vs uniform: +72 % [+40 %, +105 %] always-valid, p = 0.0003}, one per treatment variant. */
    static List<String> lifts(ExperimentResults r, String metric) {
        List<String> out = new ArrayList<>();
        for (MetricResult m : r.metrics()) {
            if (!m.metric().equals(metric) || !m.segment().equals("all") || m.variant().equals(r.control())) continue;
            out.add(String.format(Locale.ROOT, "%s vs %s: %s [%s, %s] always-valid, %s (%,d vs %,d users)",
                    m.variant(), r.control(), percent(m.relativeLift()), percent(lower(m)), percent(upper(m)),
                    p(m.alwaysValidPValue()), m.users(), controlUsers(r, metric)));
        }
        return out;
    }

    /** e.g. {@code sample ratio: ok (chi-squared p = 0.59, sequential p = 1.00)}. */
    static String sampleRatio(ExperimentResults r) {
        ExperimentResults.SampleRatio s = r.sampleRatio();
        return String.format(Locale.ROOT, "sample ratio: %s (chi-squared %s, sequential %s; mismatch below 0.001)",
                s.mismatch() ? "MISMATCH" : "ok", p(s.chiSquareP()), p(s.sequentialP()));
    }

    /** One line per guardrail metric and variant: ok, or flagged with the job's reason. */
    static List<String> guardrails(ExperimentResults r) {
        List<String> out = new ArrayList<>();
        for (MetricResult m : r.metrics()) {
            if (!m.guardrail() || !m.segment().equals("all") || m.variant().equals(r.control())) continue;
            out.add("guardrail " + m.metric() + " " + m.variant() + ": " + (m.flagged() ? "FLAGGED (" + m.flagReason() + ")"
                    : String.format(Locale.ROOT, "ok (%s [%s, %s] always-valid)", percent(m.relativeLift()),
                    percent(lower(m)), percent(upper(m)))));
        }
        return out;
    }

    private static long controlUsers(ExperimentResults r, String metric) {
        return r.metrics().stream().filter(m -> m.metric().equals(metric) && m.segment().equals("all")
                && m.variant().equals(r.control())).mapToLong(MetricResult::users).findFirst().orElse(0);
    }

    /** A bound the record leaves out (null) is unbounded while data are scarce. */
    private static Double lower(MetricResult m) {
        Double v = m.alwaysValidInterval() == null ? null : m.alwaysValidInterval().lower();
        return v == null ? Double.NEGATIVE_INFINITY : v;
    }

    private static Double upper(MetricResult m) {
        Double v = m.alwaysValidInterval() == null ? null : m.alwaysValidInterval().upper();
        return v == null ? Double.POSITIVE_INFINITY : v;
    }

    static String percent(Double fraction) {
        if (fraction == null || fraction.isNaN()) return "?";
        if (fraction.isInfinite()) return fraction > 0 ? "+inf" : "-inf";
        return String.format(Locale.ROOT, "%+.0f %%", 100 * fraction);
    }

    /** {@code p = 0.0003}, or {@code p < 0.0001}. */
    static String p(Double p) {
        String v = pValue(p);
        return v.startsWith("<") ? "p " + v : "p = " + v;
    }

    static String pValue(Double p) {
        if (p == null || p.isNaN()) return "?";
        if (p < 0.0001) return "< 0.0001";
        return p < 0.01 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.2f", p);
    }
}
