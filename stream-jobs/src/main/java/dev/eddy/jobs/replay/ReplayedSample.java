package dev.eddy.jobs.replay;

/**
 * What one candidate policy made of one logged decision: the logged action, its logged propensity and reward,
 * and the candidate's whole distribution over the decision's actions (computed before it learned from the
 * event). Off-policy estimators need nothing else. A Flink POJO; {@link #problem} is set instead for an input
 * record that could not be parsed.
 */
public class ReplayedSample {
    public String policy;
    public String source;
    public long line;
    public long timestamp;
    public double reward;
    /** Whether the log had a reward for the decision (false: the default reward was used). */
    public boolean rewardObserved;
    public int loggedAction;
    public double loggedPropensity;
    /** Weight of the logged record (1/(1 - pdrop) for sub-sampled logs), 1 otherwise. */
    public double weight;
    /** The candidate policy's distribution over the decision's actions. */
    public double[] target;
    /** The action the candidate policy drew (what it would have shown). */
    public int targetAction;
    /** Slot/position of the logged action, from 0 (0 for single-slot decisions). */
    public int position;
    /** The candidate ids of the decision, in action order: a context-free reward model keys on them. */
    public String[] actions;
    public String problem;
    public String raw;
    /**
     * Set instead of a sample at the end of a learning lane when snapshots are kept: the file the learner's
     * {@link PolicySnapshot} was written to (the state itself never travels as a record: it can be far larger than
     * one may be).
     */
    public String snapshot;

    public ReplayedSample() {}

    public boolean isProblem() {
        return problem != null;
    }
}
