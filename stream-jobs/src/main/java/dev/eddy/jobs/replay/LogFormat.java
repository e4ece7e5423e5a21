package dev.eddy.jobs.replay;

/** The formats `eddy replay` reads logged events in. */
public enum LogFormat {
    /** Eddy's joined examples, one JSON object per line (what the join job writes to {@code eddy.examples}). */
    EDDY,
    /** Vowpal Wabbit DSJson decision logs. */
    DSJSON,
    /** Open Bandit Dataset CSV logs with {@code item_context.csv} beside them. */
    OBD
}
