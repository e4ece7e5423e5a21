package dev.eddy.serving.error;

import java.time.Duration;

/**
 * A model the request needs is not loaded (not published yet, or serving is still reading the models topic) and no
 * fallback may stand in for it.
 */
public final class ModelNotReadyException extends RetryLaterException {

    /**
     * Versions arrive as the jobs publish them (the learner's within seconds of its first examples) and serving reads
     * the models topic within seconds of its start: a few seconds picks a new model up soon without making waiting
     * clients hammer the server.
     */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public ModelNotReadyException(String field, String message) {
        super(field, message, RETRY_AFTER);
    }
}
