package dev.eddy.events.event;

import java.time.Instant;
import java.util.List;

/**
 * A command to a running job, on the control topic ({@code eddy.control}) keyed by the model name. Commands are
 * rare and asked for by people (or their tooling), not by the traffic: one small topic with one partition keeps them
 * in the order they were sent. Today there is one command, {@code rollback}: the retrain job republishes a kept
 * earlier version of its model as a new version.
 *
 * @param command     what to do: {@code rollback}
 * @param model       the model it is for; a job that does not own this model ignores the command
 * @param toVersion   rollback: the kept version whose tables become current again (>= 1)
 * @param reason      why, optional; recorded in the version the command makes
 * @param requestedAt when it was asked for, optional; recorded like the reason
 */
public record ControlCommand(String command, String model, Long toVersion, String reason, Instant requestedAt) {

    public static final String ROLLBACK = "rollback";

    /** The commands jobs understand. */
    public static final List<String> COMMANDS = List.of(ROLLBACK);

    public static ControlCommand rollback(String model, long toVersion, String reason, Instant requestedAt) {
        return new ControlCommand(ROLLBACK, model, toVersion, reason, requestedAt);
    }
}
