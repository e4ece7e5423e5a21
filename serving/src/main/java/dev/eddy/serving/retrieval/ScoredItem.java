package dev.eddy.serving.retrieval;

/** An item and its score (the inner product of the query with the item's embedding). */
public record ScoredItem(String id, float score) {}
