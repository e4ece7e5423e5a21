package dev.eddy.jobs.retrain;

/**
 * What the retrain job's control source emits for each record of the control topic: a valid command, or a dead
 * letter. A command keeps where it came from and its bytes, so that one the trainer cannot carry out (a rollback to
 * a version it does not keep) becomes a dead letter as complete as a parse failure. A Flink POJO, so no Kryo.
 */
public class ControlInput {
    public boolean dead;
    /** The dead letter's JSON; null for a command. */
    public byte[] deadLetter;

    public String command;
    public String model;
    public long toVersion;
    /** Why, as the sender wrote it; null when absent. */
    public String reason;
    /** When it was asked for, ISO-8601; null when absent. */
    public String requestedAt;

    public String topic;
    public int partition;
    public long offset;
    public byte[] raw;

    public ControlInput() {}

    public static ControlInput dead(byte[] deadLetterJson) {
        ControlInput in = new ControlInput();
        in.dead = true;
        in.deadLetter = deadLetterJson;
        return in;
    }

    /** Where it came from, for logs: {@code topic-partition/offset}. */
    public String where() {
        return topic + "-" + partition + "/" + offset;
    }
}
