package dev.eddy.jobs.retrain;

/** One user's part of the training window (a Flink POJO in the trainer's RocksDB MapState). */
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
}
