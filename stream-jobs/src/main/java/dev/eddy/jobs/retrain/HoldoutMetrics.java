package dev.eddy.jobs.retrain;

/** Recall@20 and NDCG@20 on the held-out slice (0 when no user has a held-out item). */
record HoldoutMetrics(double recall, double ndcg) {}
