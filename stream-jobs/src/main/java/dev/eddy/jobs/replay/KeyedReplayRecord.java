package dev.eddy.jobs.replay;

/**
 * A record addressed to one replay lane: {@code lane = policy * shards + shard}, or {@link #PROBLEMS} for a record
 * that could not be parsed (reported once, not once per policy). A Flink POJO.
 */
public class KeyedReplayRecord {
    public static final int PROBLEMS = -1;

    public int lane;
    public ReplayRecord record;

    public KeyedReplayRecord() {}

    public KeyedReplayRecord(int lane, ReplayRecord record) {
        this.lane = lane;
        this.record = record;
    }
}
