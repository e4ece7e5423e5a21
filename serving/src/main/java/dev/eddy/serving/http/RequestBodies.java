package dev.eddy.serving.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.JsonProblems;
import dev.eddy.serving.error.InvalidRequestException;

import java.io.IOException;

/**
 * Request bodies to records, with every Jackson problem turned into an {@link InvalidRequestException} naming the
 * JSON path. Unlike the event wire format, the API refuses unknown fields: a misspelt {@code "experimentID"} would
 * otherwise be silently ignored. Jackson's own messages name Java types ({@code java.lang.Integer}) and its
 * settings; the client is told what the field should be and what came, in JSON terms ({@link JsonProblems}).
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
            T value = JsonProblems.read(reader, body);
            if (value == null) throw new InvalidRequestException(null, "the request body must be a JSON object, was null");
            return value;
        } catch (JsonProblems.UnreadableException e) {
            JsonProblems.Problem p = e.problem();
            if (p.kind() == JsonProblems.Kind.VALUE && p.path().isEmpty()) {
                throw new InvalidRequestException(null, "the request body must be a JSON object");
            }
            if (p.kind() == JsonProblems.Kind.SYNTAX) {
                // No field: the body as a whole is not JSON; the field the parser was in helps to find the spot.
                throw new InvalidRequestException(null, "malformed JSON at line " + p.line() + ", column " + p.column()
                        + (p.path().isEmpty() ? "" : ", in " + p.path()) + (p.message() == null ? "" : ": " + p.message()));
            }
            if (p.kind() == JsonProblems.Kind.LIMITS) throw new InvalidRequestException(null, "the request body is " + p.message());
            throw new InvalidRequestException(p.path().isEmpty() ? null : p.path(), p.message());
        } catch (IOException e) {
            throw new InvalidRequestException(null, "unreadable body");
        }
    }

    /** The JSON path of a mapping problem, e.g. {@code candidates[3].features}. */
    static String path(JsonMappingException e) {
        return JsonProblems.path(e);
    }
}
