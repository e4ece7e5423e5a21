package dev.eddy.events.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A record that could not be used, with why and where it came from, so that nothing is lost silently.
 *
 * @param reason      human-readable reason (the parse or validation error, "late reward", ...)
 * @param stage       which job step rejected it (e.g. "join/parse-decision")
 * @param sourceTopic topic it was read from (or a file name)
 * @param partition   partition (or null for files)
 * @param offset      offset in the partition (or line number for files)
 * @param failedAt    wall-clock time of the rejection
 * @param raw         the raw bytes as received (base64 in JSON)
 * @param preview     the first characters of the raw bytes as UTF-8, for people
 */
public record DeadLetter(String reason, String stage, String sourceTopic, Integer partition, Long offset,
                         Instant failedAt, byte[] raw, String preview) {

    public static final int PREVIEW_CHARS = 256;

    public static DeadLetter of(String reason, String stage, String sourceTopic, Integer partition, Long offset,
                                byte[] raw) {
        String text = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        String preview = text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) + "…" : text;
        return new DeadLetter(reason, stage, sourceTopic, partition, offset, Instant.now(), raw, preview);
    }
}
