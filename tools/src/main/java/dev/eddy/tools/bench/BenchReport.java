package dev.eddy.tools.bench;

import dev.eddy.events.json.EventJson;
import dev.eddy.tools.bench.JoinBenchmark.Result;
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
                        + "checkpoint every %s",
                res.options().partitions(), res.options().parallelism(), res.options().candidates(),
                res.jobConfig().getOrDefault(EddyKeys.JOIN_WINDOW.name(), "?"),
                res.jobConfig().getOrDefault(EddyKeys.CHECKPOINT_INTERVAL.name(), "?")));
        rows.add(row("produce", "%8.2f s  %,12.0f records/s", res.produceSeconds(),
                res.inputRecords() / res.produceSeconds()));
        rows.add(row("raw consume before", "%8.2f s  %,12.0f records/s  %,12.0f decisions/s", res.rawSecondsBefore(),
                res.inputRecords() / res.rawSecondsBefore(), res.rawDecisionsPerSecondBefore()));
        rows.add(row("raw consume after", "%8.2f s  %,12.0f records/s  %,12.0f decisions/s", res.rawSecondsAfter(),
                res.inputRecords() / res.rawSecondsAfter(), res.rawDecisionsPerSecondAfter()));
        rows.add(row("raw consume (mean)", "%8.2f s  %,12.0f records/s  %,12.0f decisions/s", res.rawSeconds(),
                res.rawRecordsPerSecond(), res.rawDecisionsPerSecond()));
        rows.add(row("join", "%8.2f s  %,12.0f examples/s  (submission to last committed example; first "
                + "example after %.2f s)", res.joinSeconds(), res.examplesPerSecond(), res.firstExampleSeconds()));
        rows.add(row("examples", "%,d of %,d expected, %,d duplicates, %,d with a reward, %,d dead letters%s",
                res.examples(), res.decisions(), res.duplicateExamples(), res.examplesWithReward(), res.deadLetters(),
                res.complete() ? "" : "  INCOMPLETE"));
        rows.add(row("ratio", "%.1f %%  = join examples/s ÷ raw decisions/s (mean of both raw reads); both read "
                + "the same input (all decisions and rewards), so = raw seconds ÷ join seconds", 100 * res.ratio()));
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", r[0], r[1]));
        }
        return sb.toString();
    }

    static String json(Result res) {
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
        m.put("rawSecondsBefore", res.rawSecondsBefore());
        m.put("rawSecondsAfter", res.rawSecondsAfter());
        m.put("rawSeconds", res.rawSeconds());
        m.put("rawRecordsPerSecond", res.rawRecordsPerSecond());
        m.put("rawDecisionsPerSecond", res.rawDecisionsPerSecond());
        m.put("rawDecisionsPerSecondBefore", res.rawDecisionsPerSecondBefore());
        m.put("rawDecisionsPerSecondAfter", res.rawDecisionsPerSecondAfter());
        m.put("joinSeconds", res.joinSeconds());
        m.put("firstExampleSeconds", res.firstExampleSeconds());
        m.put("examples", res.examples());
        m.put("duplicateExamples", res.duplicateExamples());
        m.put("examplesWithReward", res.examplesWithReward());
        m.put("deadLetters", res.deadLetters());
        m.put("examplesPerSecond", res.examplesPerSecond());
        m.put("ratio", res.ratio());
        m.put("ratioDefinition", "join examples/s / raw decisions/s (mean of the raw reads before and after the "
                + "join); both read all decisions and rewards, so ratio = rawSeconds / joinSeconds");
        m.put("complete", res.complete());
        m.put("jobConfig", res.jobConfig());
        return EventJson.writeString(m);
    }

    private static String[] row(String label, String format, Object... args) {
        return new String[]{label, String.format(Locale.ROOT, format, args)};
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
