package dev.eddy.tools.bench;

import dev.eddy.events.json.EventJson;
import dev.eddy.tools.bench.JoinBenchmark.Result;
import dev.eddy.tools.bench.JoinBenchmark.Rounds;
import dev.eddy.jobs.config.EddyKeys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures as an aligned text table and as JSON. */
final class BenchReport {

    private BenchReport() {}

    static String text(Result res) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("decisions", "%,d (+ %,d rewards = %,d input records, %s as produced, lz4 on the wire)",
                res.decisions(), res.rewards(), res.inputRecords(), mib(res.inputBytes())));
        rows.add(row("setup", "%d partitions per topic, parallelism %d, %d candidates per decision, window %s, "
                        + "checkpoint every %s, %,d decisions waiting in state",
                res.options().partitions(), res.options().parallelism(), res.options().candidates(),
                res.jobConfig().getOrDefault(EddyKeys.JOIN_WINDOW.name(), "?"),
                res.jobConfig().getOrDefault(EddyKeys.CHECKPOINT_INTERVAL.name(), "?"), res.options().waiting()));
        rows.add(row("produce", "%8.2f s  %,12.0f records/s", res.produceSeconds(),
                res.inputRecords() / res.produceSeconds()));
        rows.add(row("join", "%8.2f s  %,12.0f examples/s  %,12.0f input records/s wall  (%s to last "
                + "committed example; first example after %.2f s)", res.joinSeconds(), res.examplesPerSecond(),
                res.joinRecordsPerSecond(), res.options().waiting() > 0 ? "start of the writing" : "submission",
                res.firstExampleSeconds()));
        rows.add(row("examples", "%,d of %,d expected, %,d duplicates, %,d with a reward, %,d dead letters%s",
                res.examples(), res.decisions(), res.duplicateExamples(), res.examplesWithReward(), res.deadLetters(),
                res.complete() ? "" : "  INCOMPLETE"));
        rows.add(res.options().waiting() > 0
                ? row("join CPU", "%8.2f s  process CPU for %,.0f input records (from the start of the writing to the "
                + "last example)", res.joinCpuNanos() / 1e9, res.joinMeasuredRecords())
                : row("join CPU", "%8.2f s  process CPU for %,.0f input records (steady part: from %.0f %% to %.0f %% of "
                + "the output)", res.joinCpuNanos() / 1e9, res.joinMeasuredRecords(), 100 * JoinRun.STEADY_FROM,
                100 * JoinRun.STEADY_TO));
        rows.add(row("passthrough", "%8.2f s  %,12.0f records/s wall, %,d of %,d records", res.passthroughSeconds(),
                res.passthroughRecords() / res.passthroughSeconds(), res.passthroughRecords(),
                res.inputRecords() + res.options().waiting()));
        rows.add(row("passthrough CPU", "%8.2f s  process CPU for %,d input records", res.passthroughCpuNanos() / 1e9,
                res.passthroughMeasuredRecords()));
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", r[0], r[1]));
        }
        return sb.toString();
    }

    /** One round: its figures as before; more: each round's, and the medians the summary prints. */
    static String json(Rounds all) {
        if (all.rounds().size() == 1) return EventJson.writeString(fields(all.first()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", all.rounds().stream().map(BenchReport::fields).toList());
        m.put("joinCpuMicrosPerRecord", all.joinCpuMicrosPerRecord());
        m.put("passthroughCpuMicrosPerRecord", all.passthroughCpuMicrosPerRecord());
        m.put("ratio", all.ratio());
        m.put("ratioDefinition", "the median of the rounds' ratios; the two CPU figures are the medians of the "
                + "rounds'");
        m.put("complete", all.complete());
        return EventJson.writeString(m);
    }

    private static Map<String, Object> fields(Result res) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decisions", res.decisions());
        m.put("rewards", res.rewards());
        m.put("rewardRate", res.options().rewardRate());
        m.put("partitions", res.options().partitions());
        m.put("parallelism", res.options().parallelism());
        m.put("candidates", res.options().candidates());
        m.put("inputRecords", res.inputRecords());
        m.put("inputBytes", res.inputBytes());
        m.put("produceSeconds", res.produceSeconds());
        m.put("joinSeconds", res.joinSeconds());
        m.put("firstExampleSeconds", res.firstExampleSeconds());
        m.put("examples", res.examples());
        m.put("duplicateExamples", res.duplicateExamples());
        m.put("examplesWithReward", res.examplesWithReward());
        m.put("deadLetters", res.deadLetters());
        m.put("examplesPerSecond", res.examplesPerSecond());
        m.put("joinRecordsPerSecond", res.joinRecordsPerSecond());
        m.put("joinCpuNanos", res.joinCpuNanos());
        m.put("joinMeasuredRecords", res.joinMeasuredRecords());
        m.put("joinCpuMicrosPerRecord", res.joinCpuMicrosPerRecord());
        m.put("passthroughSeconds", res.passthroughSeconds());
        m.put("passthroughRecords", res.passthroughRecords());
        m.put("passthroughCpuNanos", res.passthroughCpuNanos());
        m.put("passthroughMeasuredRecords", res.passthroughMeasuredRecords());
        m.put("passthroughCpuMicrosPerRecord", res.passthroughCpuMicrosPerRecord());
        m.put("ratio", res.ratio());
        m.put("ratioDefinition", "join CPU per input record / passthrough CPU per input record, this JVM's process "
                + "CPU time (the broker and producer run in another process)");
        m.put("complete", res.complete());
        m.put("jobConfig", res.jobConfig());
        return m;
    }

    private static String[] row(String label, String format, Object... args) {
        return new String[]{label, String.format(Locale.ROOT, format, args)};
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
