package dev.eddy.jobs.retrain;

/**
 * A user's bounded history after a change, on its way to the trainer (a Flink POJO): the trainer's window keeps
 * the latest one of each user, so the per-user bounds hold there as well.
 */
public class HistoryUpdate {
    public String userId;
    /** Items, oldest first (the newest is the one held out for evaluation). */
    public String[] items;
    /** Event time of the user's newest interaction, epoch ms. */
    public long newest;
    /** Event time of the oldest interaction still in the history, epoch ms. */
    public long oldest;

    public HistoryUpdate() {}

    public HistoryUpdate(String userId, String[] items, long oldest, long newest) {
        this.userId = userId;
        this.items = items;
        this.oldest = oldest;
        this.newest = newest;
    }
}
