package dev.eddy.jobs.retrain;

import dev.eddy.recsys.lifecycle.WindowEntry;

/**
 * One user's part of the training window (a Flink POJO in the trainer's RocksDB MapState; its class name and
 * fields are in checkpoints): the state form of a {@link WindowEntry}.
 */
public class WindowUser {
    public String[] items;
    public long oldest;
    public long newest;
    /** Arrival order of the user's last update: the window evicts the least recently updated users first. */
    public long seq;

    public WindowUser() {}

    public WindowUser(String[] items, long oldest, long newest, long seq) {
        this.items = items;
        this.oldest = oldest;
        this.newest = newest;
        this.seq = seq;
    }

    static WindowUser of(WindowEntry e) {
        return new WindowUser(e.items(), e.oldest(), e.newest(), e.seq());
    }

    WindowEntry entry() {
        return new WindowEntry(items, oldest, newest, seq);
    }
}
