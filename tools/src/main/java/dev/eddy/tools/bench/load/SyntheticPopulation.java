package dev.eddy.tools.bench.load;

/**
 * The users and items that the serving benchmark's models and its load share: ids {@code <userPrefix><n>} and
 * {@code <itemPrefix><n>}, and a cluster per user and item by index. The load generator sends a user's cluster as
 * its context feature {@code segment=<c>}, the synthetic embeddings put users and items of one cluster near each
 * other and the synthetic bandit learns on the same segments, so model and traffic agree without sharing state.
 */
public record SyntheticPopulation(int users, int items, int clusters, String userPrefix, String itemPrefix) {
    public static final int DEFAULT_CLUSTERS = 16;

    public SyntheticPopulation {
        if (users < 1) throw new IllegalArgumentException("users must be >= 1, was " + users);
        if (items < 1) throw new IllegalArgumentException("items must be >= 1, was " + items);
        if (clusters < 1) throw new IllegalArgumentException("clusters must be >= 1, was " + clusters);
    }

    public static SyntheticPopulation of(int users, int items) {
        return new SyntheticPopulation(users, items, DEFAULT_CLUSTERS, "u", "i");
    }

    public SyntheticPopulation withItemPrefix(String prefix) {
        return new SyntheticPopulation(users, items, clusters, userPrefix, prefix);
    }

    public String userId(int user) {
        return userPrefix + user;
    }

    public String itemId(int item) {
        return itemPrefix + item;
    }

    public int userCluster(int user) {
        return user % clusters;
    }

    public int itemCluster(int item) {
        return item % clusters;
    }

    /** The context feature name of a user's segment, e.g. {@code segment=3}. */
    public String segmentFeature(int user) {
        return "segment=" + userCluster(user);
    }
}
