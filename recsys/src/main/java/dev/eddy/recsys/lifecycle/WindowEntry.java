package dev.eddy.recsys.lifecycle;

/**
 * One user's part of the training window: the user's bounded history as the last update brought it.
 *
 * @param items  the user's items, oldest first (the newest is the one held out for the gate)
 * @param oldest event time of the oldest interaction in the history, epoch ms
 * @param newest event time of the newest interaction, epoch ms
 * @param seq    arrival order of the user's last update: the window evicts the least recently updated users first
 */
public record WindowEntry(String[] items, long oldest, long newest, long seq) {}
