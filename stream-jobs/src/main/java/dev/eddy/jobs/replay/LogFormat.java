package dev.eddy.jobs.replay;

/** The formats `eddy replay` reads logged events in. */
public enum LogFormat {
    /** Eddy's joined examples, one JSON object per line (what the join job writes to {@code eddy.examples}). */
    EDDY,
    /** Vowpal Wabbit DSJson decision logs. */
    DSJSON,
    /** Open Bandit Dataset CSV logs with {@code item_context.csv} beside them. */
    OBD;

    /** The format named on the command line: eddy, dsjson or obd, in any case. */
    public static LogFormat parse(String name) {
        for (LogFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) return f;
        }
        throw new IllegalArgumentException("--format '" + name + "' is unknown; use eddy, dsjson or obd");
    }
}
