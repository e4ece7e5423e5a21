package dev.eddy.serving.http;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.eddy.events.json.EventJson;

import java.io.IOException;

/**
 * Request bodies to records, with every Jackson problem turned into a 400 naming the JSON path. Unlike the event
 * wire format, the API refuses unknown fields: a misspelt {@code "experimentID"} would otherwise be silently ignored.
 */
public final class RequestBodies {
    private static final ObjectMapper MAPPER = EventJson.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RequestBodies() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) throw new BadRequestException(400, null, "the request needs a JSON body");
        ObjectReader reader = MAPPER.readerFor(type);
        try {
            T value = reader.readValue(body);
            if (value == null) throw new BadRequestException(400, null, "the request body must be a JSON object, was null");
            return value;
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            throw new BadRequestException(400, path, path + ": unknown field; known fields are " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            String path = path(e);
            throw new BadRequestException(400, path.isEmpty() ? null : path,
                    (path.isEmpty() ? "body" : path) + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (StreamReadException e) {
            throw new BadRequestException(400, null, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException(400, null, "unreadable body: " + e.getMessage());
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
}
