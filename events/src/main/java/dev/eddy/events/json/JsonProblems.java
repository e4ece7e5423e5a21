package dev.eddy.events.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Jackson's failures in JSON terms: the JSON path of the value, what was expected there and what came. Jackson's own
 * messages name Java types ({@code java.util.LinkedHashMap<java.lang.String,java.lang.Double>}), parser tokens
 * ({@code JsonToken.VALUE_NUMBER_INT}) and its settings; a producer or an API client knows none of those. Used for
 * the API's 400s and for the reasons of dead letters and rejected lines alike.
 */
public final class JsonProblems {

    /** How much of a value sent is repeated in a message. */
    private static final int ECHO = 40;

    private JsonProblems() {}

    /** What went wrong. */
    public enum Kind {
        /** Not JSON: the message says where (line, column, field) and, where it can, what the parser saw. */
        SYNTAX,
        /** Beyond the parser's limits (nesting depth, length of a number, string or name). */
        LIMITS,
        /** A field that the type does not have (only where unknown fields are refused). */
        UNKNOWN_FIELD,
        /** JSON, but the value at {@code path} is not what the field takes. */
        VALUE
    }

    /**
     * @param path    JSON path of the value ({@code candidates[3].features}), empty for the document as a whole; for a
     *                syntax error, the field the parser was in
     * @param message what was wrong, without the path: {@code expected a number, got the string "x"}; for a syntax
     *                error what the parser saw, or null when its words are not fit for a client
     * @param line    for a syntax error, where (1-based; 0 when unknown)
     * @param column  for a syntax error, where (1-based; 0 when unknown)
     */
    public record Problem(Kind kind, String path, String message, int line, int column) {
        Problem(Kind kind, String path, String message) {
            this(kind, path, message, 0, 0);
        }
    }

    /** A value that could not be read, described in JSON terms. */
    public static final class UnreadableException extends Exception {
        private final transient Problem problem;

        UnreadableException(Problem problem, Throwable cause) {
            super(problem.message(), cause, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * Reads one JSON value of the reader's type from {@code json}, nothing after it. A failure is described while the
     * parser still stands on the offending value (a closed parser forgets it), so the message can say what came.
     */
    public static <T> T read(ObjectReader reader, byte[] json) throws UnreadableException, IOException {
        try (JsonParser p = reader.createParser(json)) {
            try {
                T value = reader.readValue(p);
                if (p.nextToken() != null) {
                    JsonLocation at = p.currentTokenLocation();
                    throw new UnreadableException(new Problem(Kind.SYNTAX, "",
                            "Trailing token after the JSON value (one record is one JSON value)",
                            at.getLineNr(), at.getColumnNr()), null);
                }
                return value;
            } catch (JsonProcessingException e) {
                throw new UnreadableException(of(e), e);
            }
        }
    }

    public static Problem of(JsonProcessingException e) {
        if (e instanceof InvalidTypeIdException t) {
            String property = typeProperty(t);
            String where = path(t);
            where = where.isEmpty() ? property : where + "." + property;
            return new Problem(Kind.VALUE, where, t.getTypeId() == null ? "is missing (it names the kind of record)"
                    : "expected a known kind, got the string \"" + echo(t.getTypeId()) + "\"");
        }
        if (e instanceof JsonMappingException m && !m.getClass().getName().startsWith("com.fasterxml.")) {
            // Thrown by one of our deserializers: its message is already in JSON terms.
            return new Problem(Kind.VALUE, path(m), m.getOriginalMessage());
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new Problem(Kind.UNKNOWN_FIELD, path(u), "unknown field; known fields are " + u.getKnownPropertyIds());
        }
        if (e instanceof MismatchedInputException m && m.getOriginalMessage() != null
                && m.getOriginalMessage().startsWith("Trailing token")) {
            JsonLocation at = e.getLocation();
            return new Problem(Kind.SYNTAX, "", "Trailing token after the JSON value (one record is one JSON value)",
                    at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
        }
        if (e instanceof JsonMappingException m) return new Problem(Kind.VALUE, path(m), expectedAndGot(m));
        if (e instanceof StreamConstraintsException) {
            return new Problem(Kind.LIMITS, "", "beyond the JSON parser's limits (nesting depth, length of a number, "
                    + "string or name)");
        }
        return syntax(e);
    }

    private static String typeProperty(InvalidTypeIdException e) {
        // Jackson names the property only in its message: "missing type id property 'kind'".
        String m = e.getOriginalMessage();
        int q = m == null ? -1 : m.indexOf("property '");
        if (q >= 0) {
            int end = m.indexOf('\'', q + 10);
            if (end > q) return m.substring(q + 10, end);
        }
        return "kind";
    }

    /**
     * One line for a record that could not be read, as dead letters, rejected lines and the CLI show it:
     * {@code field 'chosen[0]': expected ..., got ...} or {@code malformed JSON: ... at line 1 column 13}.
     */
    public static String describe(Problem p) {
        return switch (p.kind()) {
            case SYNTAX -> "malformed JSON: " + (p.message() == null ? "not JSON" : p.message())
                    + " at line " + p.line() + " column " + p.column()
                    + (p.path().isEmpty() ? "" : " in field '" + p.path() + "'");
            case LIMITS -> "malformed JSON: " + p.message();
            case UNKNOWN_FIELD, VALUE -> p.path().isEmpty() ? "the record must be a JSON object: " + p.message()
                    : "field '" + p.path() + "': " + p.message();
        };
    }

    /** {@link #describe(Problem)} of a Jackson failure. */
    public static String describe(JsonProcessingException e) {
        return describe(of(e));
    }

    /** The JSON path of a mapping problem, e.g. {@code candidates[3].features}. */
    public static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                // A field may be named "" (ServingFuzzIT sent {"": {}}): the path still names it.
                out.append(r.getFieldName().isEmpty() ? "\"\"" : r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String expectedAndGot(JsonMappingException e) {
        if (e instanceof ValueInstantiationException v) {
            // A record's constructor refused the value: its message is ours, in the event model's terms.
            Throwable c = v.getCause();
            return c instanceof IllegalArgumentException && c.getMessage() != null ? c.getMessage() : "not a valid value";
        }
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        JsonParser parser = e.getProcessor() instanceof JsonParser p ? p : null;
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof InputCoercionException i) {
                if (type == null) type = i.getTargetType();
                if (i.getProcessor() != null) parser = i.getProcessor();
            }
        }
        String got = e instanceof InvalidFormatException f && f.getValue() instanceof String text
                ? "the string \"" + echo(text) + "\"" : got(parser);
        return "expected " + jsonKind(type) + (got == null ? "" : ", got " + got);
    }

    /** What the value at the failure was, read off the parser (which still stands on it). */
    private static String got(JsonParser p) {
        if (p == null) return null;
        JsonToken t = p.currentToken();
        if (t == null) return null;
        try {
            return switch (t) {
                case VALUE_STRING -> "the string \"" + echo(p.getText()) + "\"";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + echo(p.getText());
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> "null";
                case START_OBJECT, FIELD_NAME -> "an object";
                case START_ARRAY -> "an array";
                case END_OBJECT -> "nothing (the field is missing)";
                default -> null;
            };
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static String echo(String text) {
        if (text == null) return "";
        return text.length() <= ECHO ? text : text.substring(0, ECHO) + "…";
    }

    /** What a value of {@code type} is in JSON. */
    public static String jsonKind(Class<?> type) {
        if (type == null) return "a valid value";
        if (type == Integer.class || type == int.class) return "an integer in " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE;
        if (type == Long.class || type == long.class) return "an integer";
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (type == String.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == Instant.class) return "an ISO-8601 instant such as 2026-11-24T10:15:30Z, or epoch milliseconds";
        if (type == byte[].class) return "a base64 string";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        return "a valid value";
    }

    /**
     * A syntax error: where it is (line, column and the field the parser was in) and, when the parser's words are
     * about characters, what it saw; its words about its own settings or classes are left out.
     */
    private static Problem syntax(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String field = "";
        if (e instanceof StreamReadException s && s.getProcessor() != null) {
            JsonParser p = s.getProcessor();
            try {
                field = path(p.getParsingContext());
            } catch (RuntimeException unknown) {
                field = "";
            }
        }
        String why = e instanceof JsonParseException ? plain(e.getOriginalMessage()) : null;
        return new Problem(Kind.SYNTAX, field, why, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
    }

    private static String plain(String message) {
        if (message == null) return null;
        String m = message;
        for (String tail : new String[] {"\n", " (start marker at", " (for Object starting at", " (for Array starting at",
                " (for root starting at", " at [Source"}) {
            int cut = m.indexOf(tail);
            if (cut >= 0) m = m.substring(0, cut);
        }
        if (m.contains("`") || m.contains("JsonToken") || m.contains("Source:") || m.contains("java.")
                || m.contains("Exception") || m.contains("com.fasterxml")) {
            return null;
        }
        return m.isBlank() ? null : m;
    }

    /** The path of the value the parser is inside, e.g. {@code candidates[2].id}. */
    private static String path(JsonStreamContext ctx) {
        StringBuilder out = new StringBuilder();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                String name = c.getCurrentName();
                if (name == null) continue;
                out.insert(0, out.isEmpty() || out.charAt(0) == '[' ? name : name + ".");
            } else if (c.inArray()) {
                out.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        return out.toString();
    }
}
