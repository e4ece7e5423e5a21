package dev.eddy.events.readers;

import dev.eddy.events.event.DeadLetter;

import java.nio.charset.StandardCharsets;

/**
 * A record of an outside file that could not be turned into events. Readers collect these instead of
 * stopping, because one broken line in a long log must not cost the rest of it.
 *
 * @param source     the file (or stream) name
 * @param lineNumber 1-based line number in that file
 * @param reason     what is wrong, naming the field where possible
 * @param raw        the line as read
 */
public record BadRecord(String source, long lineNumber, String reason, String raw) {

    /** The same problem in the shape the pipeline's dead-letter topic takes. */
    public DeadLetter toDeadLetter(String stage) {
        byte[] bytes = raw == null ? null : raw.getBytes(StandardCharsets.UTF_8);
        return DeadLetter.of(reason, stage, source, null, lineNumber, bytes);
    }

    @Override
    public String toString() {
        return source + ":" + lineNumber + ": " + reason;
    }
}
