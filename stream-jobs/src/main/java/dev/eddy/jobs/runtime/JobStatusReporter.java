package dev.eddy.jobs.runtime;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flink metric reporter for jobs on a local MiniCluster, which runs in the command's own JVM: it keeps the few
 * metrics a command's status line shows (records read by the sources, records the sinks sent, operators' input
 * watermarks, the last completed checkpoint, model versions published), by job id, for {@link JobStatus#of} to read.
 * Registered by {@link FlinkRuntime} for local environments only; on a cluster, Flink's own web UI shows these.
 */
public final class JobStatusReporter implements MetricReporter {
    /** The reporter's name in the Flink configuration ({@code metrics.reporter.NAME.factory.class}). */
    public static final String NAME = "eddy-status";

    /** Metrics by job id, then by an identifier unique within the job. */
    static final Map<String, Map<String, Tracked>> JOBS = new ConcurrentHashMap<>();

    /** One tracked metric: its name, the operator it belongs to, and whether that operator is a source's. */
    record Tracked(String name, String operator, Metric metric) {}

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (!JobStatus.TRACKED.contains(name)) return;
        Map<String, String> vars = group.getAllVariables();
        String job = vars.get("<job_id>");
        if (job == null) return;
        String operator = vars.getOrDefault("<operator_id>", "") + "/" + vars.getOrDefault("<subtask_index>", "");
        JOBS.computeIfAbsent(job, j -> new ConcurrentHashMap<>())
                .put(group.getMetricIdentifier(name), new Tracked(name, operator, metric));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        String job = group.getAllVariables().get("<job_id>");
        if (job == null) return;
        Map<String, Tracked> metrics = JOBS.get(job);
        if (metrics == null) return;
        String id = group.getMetricIdentifier(name);
        if (metric instanceof Counter) return; // a finished task's count stays counted
        if (name.equals(JobStatus.CHECKPOINT_ID) || name.equals(JobStatus.CHECKPOINT_PATH)) {
            // The last checkpoint outlives the job: it is what a stopped run resumes from.
            Object last = ((Gauge<?>) metric).getValue();
            metrics.computeIfPresent(id, (k, t) -> new Tracked(t.name(), t.operator(), (Gauge<Object>) () -> last));
        } else {
            metrics.remove(id);
        }
    }

    /** Forgets a job's metrics once its command is done with them. */
    static void forget(String jobId) {
        JOBS.remove(jobId);
    }

    static long longValue(Metric m) {
        if (m instanceof Counter c) return c.getCount();
        if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) return n.longValue();
        return 0;
    }

    static String textValue(Metric m) {
        return m instanceof Gauge<?> g && g.getValue() != null ? String.valueOf(g.getValue()) : null;
    }

    /** Found by Flink through {@code META-INF/services}, and named in the configuration by its class. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new JobStatusReporter();
        }
    }
}
