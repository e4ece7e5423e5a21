package dev.eddy.jobs.experiments;

/**
 * What the experiments job keeps per user (keyed state on RocksDB): the user's recent interactions, oldest first,
 * bounded by count ({@code experiments.history-size}) and age ({@code experiments.cuped-lookback}) for the CUPED
 * covariate of an exposure still to come, and one entry per experiment the user was exposed in. A Flink POJO.
 */
public class UserState {
    public long[] times = new long[0];
    public String[] types = new String[0];
    public double[] values = new double[0];
    public UserExperiment[] experiments = new UserExperiment[0];

    public UserState() {}

    /** The user's entry of an experiment, or null. */
    public UserExperiment experiment(String id) {
        for (UserExperiment e : experiments) {
            if (e.experimentId.equals(id)) return e;
        }
        return null;
    }

    /** The entry of an experiment, added when missing. */
    public UserExperiment experimentOrNew(String id) {
        UserExperiment e = experiment(id);
        if (e != null) return e;
        e = new UserExperiment();
        e.experimentId = id;
        UserExperiment[] more = java.util.Arrays.copyOf(experiments, experiments.length + 1);
        more[experiments.length] = e;
        experiments = more;
        return e;
    }

    public boolean isEmpty() {
        return times.length == 0 && experiments.length == 0;
    }
}
