package dev.eddy.jobs.learn;

import java.util.Map;

/** A learner as the publishing operator sees it: what it is, how to publish it, and its snapshot. */
interface ModelLearner {
    /** Registered name of the learner or session policy. */
    String learnerName();

    Map<String, String> params();

    /** Actions it was built for. */
    int actions();

    /** Everything the learner holds, for keyed state. */
    byte[] snapshot();

    /**
     * The bytes a version publishes: by default the state's snapshot; a sharded learner publishes its merged model
     * (a plain learner that serving restores), without its shards and buffered examples.
     */
    default byte[] publishedSnapshot() {
        return snapshot();
    }

    /** Updates counted but not yet in {@link #publishedSnapshot()} (a sharded learner's unfinished period). */
    default long pendingUpdates() {
        return 0;
    }

    /** The manifest's modelType. */
    String modelType();

    /** The manifest's params: everything needed to rebuild it, plus the snapshot's exact length. */
    Map<String, String> manifestParams(int snapshotBytes);
}
