package dev.eddy.jobs.learn;

/**
 * The examples of one finished session of a session model, in step order, as their validated JSON. A Flink POJO
 * (public fields, no-arg constructor), so no Kryo.
 */
public class SessionExamples {
    public String model;
    public String sessionId;
    /** Event time of the session's window end (last decision + gap). */
    public long end;
    public byte[][] examples;
    /** Where the first example came from, for a dead letter about the whole session. */
    public String topic;
    public int partition;
    public long offset;

    public SessionExamples() {}
}
