package dev.eddy.recsys.lifecycle;

/** Recall@20 and NDCG@20 on the held-out slice (0 when no user has a held-out item). */
public record HoldoutMetrics(double recall, double ndcg) {}
