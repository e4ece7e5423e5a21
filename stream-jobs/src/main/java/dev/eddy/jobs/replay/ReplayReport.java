package dev.eddy.jobs.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eddy.bandits.ope.Estimate;
import dev.eddy.events.json.EventJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Writes a replay's results as {@code report.html} (one self-contained file: styles inline, charts as embedded PNG)
 * and {@code results.json} (the same numbers, for machines).
 */
public final class ReplayReport {
    public static final String HTML = "report.html";
    public static final String JSON = "results.json";

    private ReplayReport() {}

    public static void write(Path dir, ReplayResults r) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(dir.resolve(JSON).toFile(), r);
        Files.writeString(dir.resolve(HTML), html(r), StandardCharsets.UTF_8);
    }

    /** The lines the command prints last: one per policy and estimator, over all positions. */
    public static List<String> summaryLines(ReplayResults r) {
        List<String> lines = new ArrayList<>();
        for (ReplayResults.PolicyResult p : r.policies()) {
            for (Estimate e : p.overall().estimates()) {
                lines.add(String.format(Locale.ROOT, "%s %s=%.5g [%.5g,%.5g] ess=%.0f maxw=%.3g", p.policy(),
                        e.estimator(), e.value(), e.lower(), e.upper(), e.effectiveSampleSize(),
                        e.maxImportanceWeight()) + EstimateWarnings.suffix(e));
            }
        }
        return lines;
    }

    static String html(ReplayResults r) throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Eddy replay report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append(".warn{color:#b00}img{display:block;margin:1em 0;max-width:100%}</style></head><body>\n");
        h.append("<h1>Off-policy evaluation</h1>\n<p>Input: ").append(esc(r.input())).append(". ")
                .append(r.events()).append(" logged decisions replayed per policy, ").append(r.problems())
                .append(" records skipped as unreadable; ").append(String.format(Locale.ROOT, "%.1f s, %.0f events/s",
                        r.seconds(), r.eventsPerSecond())).append(".</p>\n");

        h.append("<h2>Logging policy (on-policy value)</h2>\n<table id=\"logged\"><tr><th class=\"l\">scope</th>")
                .append("<th>decisions</th><th>mean reward</th></tr>\n");
        for (ReplayResults.ScopeValue v : r.loggedValue()) {
            h.append("<tr><td class=\"l\">").append(scope(v.position())).append("</td><td>").append(v.samples())
                    .append("</td><td>").append(num(v.value())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Estimates</h2>\n<p>Value: the candidate policy's estimated mean reward per decision, with its ")
                .append("95 % interval; ESS: effective sample size (Σw)²/Σw². An estimate not to be read at face value ")
                .append("is <span class=\"warn\">marked</span> and says why: a small ESS (fewer than 30 effective ")
                .append("decisions, or 1 % of them), a largest importance weight above 100, a value resting on fewer ")
                .append("than 10 rewarded decisions (its interval is then an exact binomial or empirical-Bernstein ")
                .append("bound, since a bootstrap of a handful of events can have zero width), or a model-based ")
                .append("(DM) interval, which holds the reward model fixed and so ignores the model's bias.</p>\n");
        estimateTable(h, r, -1, "estimates");
        if (r.policies().stream().anyMatch(p -> p.scopes().size() > 1)) {
            h.append("<details><summary>Per position</summary>\n");
            int positions = r.policies().stream().mapToInt(p -> p.scopes().size()).max().orElse(1) - 1;
            for (int pos = 0; pos < positions; pos++) {
                h.append("<h3>Position ").append(pos + 1).append("</h3>\n");
                estimateTable(h, r, pos, "estimates-position-" + (pos + 1));
            }
            h.append("</details>\n");
        }
        h.append("<p>Intervals: ").append(esc(intervalMethods(r))).append(".</p>\n");

        double logged = r.loggedValue().isEmpty() ? Double.NaN : r.loggedValue().get(0).value();
        h.append("<h2>Estimate versus events</h2>\n");
        for (ReplayResults.PolicyResult p : r.policies()) img(h, "trace", p.policy(), ReplayCharts.trace(p, logged));
        h.append("<h2>Importance weights</h2>\n");
        for (ReplayResults.PolicyResult p : r.policies()) img(h, "weights", p.policy(), ReplayCharts.weights(p));

        if (r.problems() > 0) {
            h.append("<h2>Skipped records</h2>\n<p>").append(r.problems()).append(" records could not be read")
                    .append(r.problems() > r.problemSamples().size() ? "; the first " + r.problemSamples().size() + ":" : ":")
                    .append("</p>\n<table id=\"problems\"><tr><th class=\"l\">source</th><th>line/offset</th>")
                    .append("<th class=\"l\">reason</th></tr>\n");
            for (ReplayResults.Problem p : r.problemSamples()) {
                h.append("<tr><td class=\"l\">").append(esc(p.source())).append("</td><td>").append(p.line())
                        .append("</td><td class=\"l\">").append(esc(p.reason())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void estimateTable(StringBuilder h, ReplayResults r, int position, String id) {
        h.append("<table id=\"").append(id).append("\"><tr><th class=\"l\">policy</th><th class=\"l\">estimator</th>")
                .append("<th>value</th><th>95 % interval</th><th>ESS</th><th>max weight</th><th>n</th>")
                .append("<th class=\"l\">warnings</th></tr>\n");
        for (ReplayResults.PolicyResult p : r.policies()) {
            for (ReplayResults.ScopeEstimates s : p.scopes()) {
                if (s.position() != position) continue;
                for (Estimate e : s.estimates()) {
                    List<EstimateWarnings.Warning> warnings = EstimateWarnings.of(e);
                    boolean weak = !warnings.isEmpty();
                    h.append("<tr class=\"estimate").append(weak ? " warn" : "").append("\"><td class=\"l\">")
                            .append(esc(p.policy())).append("</td><td class=\"l\">").append(esc(e.estimator()))
                            .append("</td><td>").append(num(e.value())).append("</td><td>[").append(num(e.lower()))
                            .append(", ").append(num(e.upper())).append("]</td><td>")
                            .append(String.format(Locale.ROOT, "%.0f", e.effectiveSampleSize())).append("</td><td>")
                            .append(num(e.maxImportanceWeight())).append("</td><td>").append(e.n())
                            .append("</td><td class=\"l\">").append(esc(String.join("; ",
                                    warnings.stream().map(EstimateWarnings.Warning::sentence).toList())))
                            .append("</td></tr>\n");
                }
            }
        }
        h.append("</table>\n");
    }

    private static String intervalMethods(ReplayResults r) {
        return r.policies().stream().flatMap(p -> p.scopes().stream()).flatMap(s -> s.estimates().stream())
                .map(Estimate::intervalMethod).distinct().collect(java.util.stream.Collectors.joining(", "));
    }

    private static void img(StringBuilder h, String kind, String policy, byte[] png) {
        h.append("<img class=\"chart ").append(kind).append("\" alt=\"").append(esc(kind + " of " + policy))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\">\n");
    }

    private static String scope(int position) {
        return position < 0 ? "all positions" : "position " + (position + 1);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5g", v) : "–";
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
