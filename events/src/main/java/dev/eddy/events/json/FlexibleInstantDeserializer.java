package dev.eddy.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads event times as ISO-8601 instants ("2026-11-24T10:15:30.123Z"), offset date-times ("...+01:00")
 * or epoch milliseconds (a JSON integer). Anything else fails with a message that shows the bad value,
 * because an unparseable timestamp is the most common producer bug.
 */
final class FlexibleInstantDeserializer extends StdScalarDeserializer<Instant> {
    FlexibleInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(p.getLongValue());
        }
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText().trim();
            Instant fast = IsoInstants.parseUtc(text);
            if (fast != null) return fast;
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException e2) {
                    throw ctxt.weirdStringException(text, Instant.class,
                            "expected an ISO-8601 instant such as 2026-11-24T10:15:30Z or epoch milliseconds");
                }
            }
        }
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
    }
}
