package dev.eddy.jobs.experiments;

/**
 * Where an experiment's read-outs stand, in the per-experiment stage's keyed state: the event time of the last
 * read-out, whether the final one was written, and what the last look left for the next ({@link LookMemory} as
 * JSON). A Flink POJO.
 */
public class ResultsProgress {
    /** dataUntil of the last read-out; Long.MIN_VALUE before the first. */
    public long lastLook = Long.MIN_VALUE;
    /** The latest read-out time data were put in, whether or not it was read out yet. */
    public long lastData = Long.MIN_VALUE;
    public boolean ended;
    public byte[] memory;

    public ResultsProgress() {}
}
