package dev.eddy.jobs.experiments;

import java.util.Arrays;

/**
 * One user in one experiment: everything the user's metric values are made of. The variant, first exposure and
 * segments are those of the user's earliest exposure (by event time; ties to the smaller name), so that they do not
 * depend on the order records arrive in. A Flink POJO inside {@link UserState}.
 */
public class UserExperiment {
    public String experimentId;
    /** The variant of the earliest exposure. */
    public String variant;
    /** Event time of the earliest exposure; Long.MAX_VALUE until there is one. */
    public long firstExposure = Long.MAX_VALUE;
    /** Decisions logged for the user (the user counts from the first). */
    public long exposures;
    /** Examples (joined decisions) and the sum of their rewards. */
    public long examples;
    public double rewardSum;
    /** Decisions that carried serving's latency, and its sum in ms. */
    public long latencyCount;
    public double latencySum;
    /** Per interaction type the metrics name: interactions from the first exposure on (before the end), and Σ value. */
    public String[] interactionTypes = new String[0];
    public long[] interactionCounts = new long[0];
    public double[] interactionValues = new double[0];
    /** CUPED covariate: the user's interactions in the lookback before the first exposure. */
    public double covariate;
    /** Per segment spec ({@code user:country}): its value ({@code country=DE}) at the earliest decision that had one. */
    public String[] segmentSpecs = new String[0];
    public String[] segmentValues = new String[0];
    public long[] segmentTimes = new long[0];

    public UserExperiment() {}

    public boolean exposed() {
        return exposures > 0;
    }

    public long interactionCount(String type) {
        int i = indexOf(interactionTypes, type);
        return i < 0 ? 0 : interactionCounts[i];
    }

    public double interactionValue(String type) {
        int i = indexOf(interactionTypes, type);
        return i < 0 ? 0 : interactionValues[i];
    }

    void countInteraction(String type, double value) {
        int i = indexOf(interactionTypes, type);
        if (i < 0) {
            i = interactionTypes.length;
            interactionTypes = Arrays.copyOf(interactionTypes, i + 1);
            interactionCounts = Arrays.copyOf(interactionCounts, i + 1);
            interactionValues = Arrays.copyOf(interactionValues, i + 1);
            interactionTypes[i] = type;
        }
        interactionCounts[i]++;
        interactionValues[i] += value;
    }

    /** The segment value of a spec, or null. */
    public String segment(String spec) {
        int i = indexOf(segmentSpecs, spec);
        return i < 0 ? null : segmentValues[i];
    }

    /** Keeps the value of the earliest decision (ties: the smaller value). */
    void offerSegment(String spec, String value, long time) {
        int i = indexOf(segmentSpecs, spec);
        if (i < 0) {
            i = segmentSpecs.length;
            segmentSpecs = Arrays.copyOf(segmentSpecs, i + 1);
            segmentValues = Arrays.copyOf(segmentValues, i + 1);
            segmentTimes = Arrays.copyOf(segmentTimes, i + 1);
            segmentSpecs[i] = spec;
        } else if (time > segmentTimes[i] || (time == segmentTimes[i] && value.compareTo(segmentValues[i]) >= 0)) {
            return;
        }
        segmentValues[i] = value;
        segmentTimes[i] = time;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) return i;
        }
        return -1;
    }
}
