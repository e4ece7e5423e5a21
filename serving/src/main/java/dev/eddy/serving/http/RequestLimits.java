package dev.eddy.serving.http;

/**
 * Bounds on what one request may ask for, so that no request can make the server do unbounded work.
 *
 * @param maxK          largest k of /v1/rank
 * @param maxCandidates most candidates a request may send
 * @param maxFeatures   most feature values in a request's context plus all its candidates
 * @param maxIdLength   longest user/item/session/event id
 */
public record RequestLimits(int maxK, int maxCandidates, int maxFeatures, int maxIdLength) {
    public static final RequestLimits DEFAULT = new RequestLimits(100, 1000, 100_000, 256);

    public RequestLimits {
        if (maxK < 1 || maxCandidates < 1 || maxFeatures < 1 || maxIdLength < 1) {
            throw new IllegalArgumentException("request limits must be >= 1");
        }
    }
}
