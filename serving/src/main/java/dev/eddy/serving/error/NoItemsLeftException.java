package dev.eddy.serving.error;

import java.time.Duration;

/**
 * The embedding model has no item left that the user has not already seen. New items come with the model's next
 * versions (fold-in and retrain), so asking again can succeed, but not within seconds.
 */
public final class NoItemsLeftException extends RetryLaterException {

    /** New items reach serving with fold-in rounds (retrain.item-fold-in-interval, 5 minutes by default) or retrains. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    public NoItemsLeftException(String field, String message) {
        super(field, message, RETRY_AFTER);
    }
}
