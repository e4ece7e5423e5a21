package dev.eddy.serving.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.eddy.events.json.EventJson;
import dev.eddy.serving.error.InvalidRequestException;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Request bodies to records, with every Jackson problem turned into an {@link InvalidRequestException} naming the
 * JSON path. Unlike the event wire format, the API refuses unknown fields: a misspelt {@code "experimentID"} would
 * otherwise be silently ignored. Jackson's own messages name Java types ({@code java.lang.Integer}) and its
 * settings; the client is told what the field should be in JSON terms instead.
 */
public final class RequestBodies {
    private static final ObjectMapper MAPPER = EventJson.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RequestBodies() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) throw new InvalidRequestException(null, "the request needs a JSON body");
        ObjectReader reader = MAPPER.readerFor(type);
        try {
            T value = reader.readValue(body);
            if (value == null) throw new InvalidRequestException(null, "the request body must be a JSON object, was null");
            return value;
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            throw new InvalidRequestException(path, "unknown field; known fields are " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            String path = path(e);
            if (path.isEmpty()) throw new InvalidRequestException(null, "the request body must be a JSON object");
            throw new InvalidRequestException(path, "expected " + expected(e));
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException(null, "the request body is beyond the JSON parser's limits "
                    + "(nesting depth, length of a number, string or name)");
        } catch (StreamReadException e) {
            String at = "malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            // A syntax error's message is about characters and tokens, unless it names a parser setting (in backticks).
            String why = e instanceof JsonParseException ? e.getOriginalMessage() : null;
            throw new InvalidRequestException(null, why == null || why.contains("`") ? at : at + ": " + why);
        } catch (IOException e) {
            throw new InvalidRequestException(null, "unreadable body");
        }
    }

    /** The JSON path of a mapping problem, e.g. {@code candidates[3].features}. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** What the value at the problem's path should have been, in JSON terms. */
    static String expected(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        for (Throwable c = e.getCause(); type == null && c != null; c = c.getCause()) {
            if (c instanceof InputCoercionException i) type = i.getTargetType();
        }
        return jsonKind(type);
    }

    private static String jsonKind(Class<?> type) {
        if (type == null) return "a valid value";
        if (type == Integer.class || type == int.class) return "an integer in " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE;
        if (type == Long.class || type == long.class) return "an integer";
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (type == String.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == Instant.class) return "an ISO-8601 instant such as 2026-11-24T10:15:30Z, or epoch milliseconds";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        return "a valid value";
    }
}
