package dev.eddy.serving.log;

import java.time.Duration;

/**
 * Whether a response waits for Kafka's acknowledgement of the event it logs ({@code serving.log.durable}) and for
 * how long at most ({@code serving.log.durable-timeout}).
 */
public record DurableLogging(boolean enabled, Duration timeout) {
    /** The default: the asynchronous log, which never makes a request wait. */
    public static final DurableLogging OFF = new DurableLogging(false, Duration.ofSeconds(5));

    public DurableLogging {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("serving.log.durable-timeout must be > 0 and below 24 days, was " + timeout);
        }
    }

    public static DurableLogging on(Duration timeout) {
        return new DurableLogging(true, timeout);
    }
}
