package dev.eddy.jobs.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a local job has done so far, from its metrics ({@link JobStatusReporter}): records its Kafka sources read,
 * records its sinks sent, the lowest input watermark of its operators, its last completed checkpoint, and the model
 * versions it published.
 *
 * @param recordsIn          records read by the sources
 * @param recordsOut         records sent by the sinks (examples, model parts, dead letters, ...)
 * @param watermark          the lowest operator input watermark, or null while no operator has one
 * @param checkpointId       the last completed checkpoint's id, 0 when none completed yet
 * @param checkpointPath     where that checkpoint is (a retained one restores the job), or null
 * @param versionsPublished  model versions the job published (learn, retrain), 0 for jobs that publish none
 */
public record JobStatus(long recordsIn, long recordsOut, Instant watermark, long checkpointId, String checkpointPath,
                        long versionsPublished) {
    static final String RECORDS_IN = "numRecordsIn";
    static final String RECORDS_SENT = "numRecordsSend";
    static final String SOURCE_MARK = "sourceIdleTime";
    static final String INPUT_WATERMARK = "currentInputWatermark";
    static final String CHECKPOINT_ID = "lastCompletedCheckpointId";
    static final String CHECKPOINT_PATH = "lastCheckpointExternalPath";
    static final String VERSIONS = "versionsPublished";
    static final Set<String> TRACKED = Set.of(RECORDS_IN, RECORDS_SENT, SOURCE_MARK, INPUT_WATERMARK, CHECKPOINT_ID,
            CHECKPOINT_PATH, VERSIONS);

    public static final JobStatus NONE = new JobStatus(0, 0, null, 0, null, 0);

    /** The job's status now, from the metrics its local MiniCluster reported. */
    public static JobStatus of(String jobId) {
        Map<String, JobStatusReporter.Tracked> metrics = JobStatusReporter.JOBS.get(jobId);
        if (metrics == null) return NONE;
        Set<String> sources = new HashSet<>();
        for (var t : metrics.values()) if (t.name().equals(SOURCE_MARK)) sources.add(t.operator());
        long in = 0;
        long out = 0;
        long versions = 0;
        long checkpoint = 0;
        String path = null;
        long lowest = Long.MAX_VALUE;
        for (var t : metrics.values()) {
            switch (t.name()) {
                case RECORDS_IN -> { if (sources.contains(t.operator())) in += JobStatusReporter.longValue(t.metric()); }
                case RECORDS_SENT -> out += JobStatusReporter.longValue(t.metric());
                case VERSIONS -> versions += JobStatusReporter.longValue(t.metric());
                case CHECKPOINT_ID -> checkpoint = Math.max(checkpoint, JobStatusReporter.longValue(t.metric()));
                case CHECKPOINT_PATH -> {
                    String p = JobStatusReporter.textValue(t.metric());
                    if (p != null && !p.isBlank() && !p.equals("n/a")) path = p;
                }
                case INPUT_WATERMARK -> {
                    long w = JobStatusReporter.longValue(t.metric());
                    // No watermark yet (MIN_VALUE), or the end of input (MAX_VALUE): neither is a lag.
                    if (w > Long.MIN_VALUE && w < Long.MAX_VALUE) lowest = Math.min(lowest, w);
                }
                default -> { }
            }
        }
        return new JobStatus(in, out, lowest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(lowest),
                checkpoint, path, versions);
    }

    /** How far event time is behind the wall clock, or null without a watermark. */
    public Duration watermarkLag(Instant now) {
        return watermark == null ? null : Duration.between(watermark, now);
    }

    /** Forgets the job's metrics (when its command ends). */
    public static void forget(String jobId) {
        JobStatusReporter.forget(jobId);
    }
}
