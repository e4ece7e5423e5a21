package dev.eddy.jobs.replay;

/**
 * A logged event on its way into the replay, as a Flink POJO (no Kryo): either a good event as the JSON of a
 * {@link dev.eddy.events.event.JoinedExample}, or a record that could not be parsed, with its reason.
 * Public fields and a no-argument constructor are what Flink's POJO serializer needs.
 */
public class ReplayRecord {
    /** File name, or topic-partition. */
    public String source;
    /** 1-based line number in a file, or the Kafka offset. */
    public long line;
    /** Event time of the decision in epoch milliseconds (0 for a record that could not be parsed). */
    public long timestamp;
    /**
     * The event as a JoinedExample in UTF-8 JSON; null when {@link #problem} is set. Bytes, not a String: Flink
     * serializes a String char by char, and an Open Bandit decision with its 34 candidates is about 6 KB.
     */
    public byte[] example;
    /** Why the record could not be used; null for a good one. */
    public String problem;
    /** The record as read, for the report of a problem. */
    public String raw;

    public ReplayRecord() {}

    public static ReplayRecord good(String source, long line, long timestamp, byte[] example) {
        ReplayRecord r = new ReplayRecord();
        r.source = source;
        r.line = line;
        r.timestamp = timestamp;
        r.example = example;
        return r;
    }

    public static ReplayRecord bad(String source, long line, String problem, String raw) {
        ReplayRecord r = new ReplayRecord();
        r.source = source;
        r.line = line;
        r.problem = problem;
        r.raw = raw;
        return r;
    }

    public boolean isProblem() {
        return problem != null;
    }
}
