package dev.eddy.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.serving.http.ServingServer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the requests a hostile or careless client sends to one route: valid bodies of the endpoint's shape,
 * the same with a field of the wrong JSON type, missing or extra fields, odd Unicode, huge and non-finite numbers,
 * features in every form (and in none), malformed and truncated JSON, duplicate keys, deep nesting, invalid UTF-8,
 * multi-megabyte bodies, wrong content types, wrong methods and odd paths and query strings. Everything comes from
 * the {@link Random} it is given, so a seed reproduces a request.
 */
final class HostileRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz", "application/json; charset=utf-16", "application/xml", "*/*",
            "application/json; charset=\u00ff", ";;;", "application/octet-stream", "text/html; charset=iso-8859-1");
    private static final String[] ODD = {"", " ", "é", "\u0000", "\uFEFF", "\u202Eevil", "😀", "\uD800", "\uDFFF",
            "\u0085", "a\nb", "\"", "\\", "=", "/", "..", "%00", "<script>", "null", "true", "0", "-1", "NaN",
            "\u00e9".repeat(300), "x".repeat(257), "\u200B", "\uFFFF", "ア", "\t"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "99999999999999999999999999999", "1e308", "1e309", "-1e309",
            "1e-400", "4.9e-324", "0.1", "1.5", "1E2", "1e2147483648", "123456789012345678901234567890.5", "NaN",
            "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "1e", "-"};

    /** One request to send. {@code expectField}: when set, a 400 must name exactly this field. */
    record Request(String route, String method, String path, String contentType, byte[] body, String expectField,
                   String what) {
        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + path + " [" + contentType + "] (" + what + ", " + (body == null ? 0 : body.length)
                    + " bytes) " + text;
        }
    }

    private final Random r;

    HostileRequests(Random r) {
        this.r = r;
    }

    /** One request for {@code route}, of any kind. */
    Request forRoute(ServingServer.Route route) {
        String method = route.method();
        boolean wrongMethod = r.nextInt(12) == 0;
        if (wrongMethod) method = pick(METHODS);
        String path = concrete(route.path());
        if (r.nextInt(8) == 0) path += "?" + query();
        String key = route.method() + " " + route.path();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return new Request(key, method, path, null, null, null, wrongMethod ? "wrong method" : "plain");
        }
        String contentType = r.nextInt(10) == 0 ? pick(CONTENT_TYPES) : "application/json";
        int kind = r.nextInt(100);
        if (kind < 30) return body(key, method, path, contentType, valid(route.path()), null, "valid");
        if (kind < 55) {
            ObjectNode body = valid(route.path());
            String field = wrongType(route.path(), body);
            return body(key, method, path, contentType, body, field, "wrong type of " + field);
        }
        if (kind < 70) {
            ObjectNode body = valid(route.path());
            String what = reshape(body);
            return body(key, method, path, contentType, body, null, what);
        }
        if (kind < 90) return new Request(key, method, path, contentType, brokenText(valid(route.path())), null, "malformed");
        if (kind < 95) return new Request(key, method, path, contentType, randomBytes(), null, "random bytes");
        if (kind < 99 || r.nextInt(5) > 0) return new Request(key, method, path, contentType, deep(), null, "deep nesting");
        // One in 500: the multi-megabyte bodies are most of the fuzz's bytes.
        return new Request(key, method, path, contentType, huge(valid(route.path())), null, "multi-megabyte");
    }

    /** A request to a path no route has. */
    Request unknownPath() {
        String path = "/" + pick(List.of("v1", "v2", "dashboard", "x", "..", "%2e%2e", "v1/rank/extra", "v1/models/0"))
                + "/" + URLEncoder.encode(odd(), StandardCharsets.UTF_8);
        return new Request("unknown path", pick(METHODS), path, null, null, null, "unknown path");
    }

    private Request body(String key, String method, String path, String contentType, JsonNode body, String field,
                         String what) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Request(key, method, path, contentType, bytes, field, what);
    }

    private String concrete(String pattern) {
        String id = switch (r.nextInt(4)) {
            case 0 -> "home";
            case 1 -> "paused-one";
            case 2 -> "nope";
            default -> odd();
        };
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        if (encoded.isEmpty()) encoded = "%20";
        return pattern.replaceAll("\\{[^}]+}", java.util.regex.Matcher.quoteReplacement(encoded));
    }

    private String query() {
        StringBuilder q = new StringBuilder();
        for (int i = r.nextInt(4); i >= 0; i--) {
            if (!q.isEmpty()) q.append('&');
            q.append(URLEncoder.encode(odd(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(odd(), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    // ------------------------------------------------------------------------------------------ bodies by endpoint

    /** A body the endpoint accepts (its shape by path; an endpoint this class does not know gets an empty object). */
    ObjectNode valid(String path) {
        ObjectNode b = N.objectNode();
        switch (path) {
            case "/v1/rank" -> {
                b.put("userId", "u" + r.nextInt(40));
                int candidates = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(6);
                b.put("k", 1 + r.nextInt(candidates == 0 ? 5 : candidates));
                if (r.nextBoolean()) b.set("context", features(0));
                if (candidates > 0) {
                    ArrayNode cs = b.putArray("candidates");
                    for (int i = 0; i < candidates; i++) {
                        ObjectNode c = cs.addObject();
                        c.put("id", "i" + i);
                        if (r.nextBoolean()) c.set("features", features(0));
                    }
                }
                if (r.nextInt(3) == 0) b.put("experimentId", r.nextBoolean() ? "home" : "paused-one");
                if (r.nextInt(4) == 0) b.put("sessionId", "s" + r.nextInt(9));
                if (r.nextInt(4) == 0) b.put("step", r.nextInt(5));
            }
            case "/v1/reward" -> {
                b.put("eventId", "e-" + r.nextInt(1000));
                b.put("value", r.nextInt(3) - 1 + r.nextDouble());
                if (r.nextBoolean()) b.put("slot", r.nextInt(4));
                if (r.nextBoolean()) b.put("type", "click");
                if (r.nextBoolean()) b.put("rewardId", "r" + r.nextInt(99));
                if (r.nextBoolean()) b.put("timestamp", r.nextBoolean() ? "2026-12-06T10:15:30Z" : "1795551465002");
                if (b.path("timestamp").asText().equals("1795551465002")) b.put("timestamp", 1795551465002L);
            }
            case "/v1/events" -> {
                b.put("userId", "u" + r.nextInt(40));
                b.put("itemId", "i" + r.nextInt(200));
                if (r.nextBoolean()) b.put("type", r.nextBoolean() ? "view" : "purchase");
                if (r.nextBoolean()) b.put("value", r.nextDouble() * 5);
                if (r.nextBoolean()) b.put("eventId", "ev-" + r.nextInt(1000));
                if (r.nextBoolean()) b.put("timestamp", "2026-12-06T10:15:30+01:00");
            }
            default -> { }
        }
        return b;
    }

    /** Features in any of the accepted forms (canonical, flat, categorical, nested, Personalizer's arrays). */
    JsonNode features(int depth) {
        if (depth == 0 && r.nextInt(4) == 0) {
            ArrayNode personalizer = N.arrayNode();
            for (int i = r.nextInt(4); i >= 0; i--) personalizer.add(featureObject(1));
            return personalizer;
        }
        return featureObject(depth + 1);
    }

    private ObjectNode featureObject(int depth) {
        ObjectNode o = N.objectNode();
        for (int i = r.nextInt(5); i >= 0; i--) {
            String name = r.nextInt(4) == 0 ? wellFormed(odd()) : pick(List.of("user", "item", "hour", "device", "geo", "age", "tags", "emb"));
            o.set(name, featureValue(depth));
        }
        return o;
    }

    private JsonNode featureValue(int depth) {
        int kind = r.nextInt(depth >= 3 ? 4 : 7);
        return switch (kind) {
            case 0 -> N.numberNode(r.nextGaussian() * 100);
            case 1 -> N.textNode(r.nextInt(3) == 0 ? wellFormed(odd()) : pick(List.of("ios", "android", "DE", "", "13:00")));
            case 2 -> N.booleanNode(r.nextBoolean());
            case 3 -> N.numberNode(r.nextInt(24));
            case 4 -> featureObject(depth + 1);
            case 5 -> {
                ArrayNode a = N.arrayNode();
                for (int i = r.nextInt(4); i >= 0; i--) a.add(r.nextBoolean() ? N.numberNode(r.nextDouble()) : N.textNode("t" + i));
                yield a;
            }
            default -> {
                ArrayNode a = N.arrayNode();
                for (int i = r.nextInt(3); i >= 0; i--) a.add(featureObject(depth + 1));
                yield a;
            }
        };
    }

    /**
     * Puts a value of a JSON type the field never takes into one field of the endpoint and returns the field's path.
     * A number where a string belongs is left out: Jackson reads it as its text (docs/events.md).
     */
    private String wrongType(String path, ObjectNode body) {
        Map<String, String> fields = new LinkedHashMap<>();
        switch (path) {
            case "/v1/rank" -> {
                fields.put("userId", "string");
                fields.put("sessionId", "string");
                fields.put("experimentId", "string");
                fields.put("k", "int");
                fields.put("step", "int");
                fields.put("candidates", "array");
                fields.put("context", "features");
                if (body.has("candidates")) {
                    fields.put("candidates[0].id", "string");
                    fields.put("candidates[0].features", "features");
                }
            }
            case "/v1/reward" -> {
                fields.put("eventId", "string");
                fields.put("value", "number");
                fields.put("slot", "int");
                fields.put("type", "string");
                fields.put("rewardId", "string");
                fields.put("timestamp", "time");
            }
            case "/v1/events" -> {
                fields.put("userId", "string");
                fields.put("itemId", "string");
                fields.put("eventId", "string");
                fields.put("type", "string");
                fields.put("value", "number");
                fields.put("timestamp", "time");
            }
            default -> {
                String name = odd();
                body.set(name, N.objectNode());
                return null;
            }
        }
        List<String> names = new ArrayList<>(fields.keySet());
        String field = pick(names);
        JsonNode bad = switch (fields.get(field)) {
            case "string" -> pick(List.of(N.objectNode(), N.arrayNode(), N.objectNode().put("a", 1)));
            case "int" -> pick(List.of(N.textNode("3"), N.booleanNode(true), N.objectNode(), N.arrayNode(),
                    N.numberNode(1.5), N.numberNode(new java.math.BigInteger("99999999999999999999"))));
            case "number" -> pick(List.of(N.textNode("0.5"), N.booleanNode(false), N.objectNode(), N.arrayNode().add(1)));
            case "array" -> pick(List.of(N.textNode("a"), N.numberNode(1), N.objectNode()));
            case "time" -> pick(List.of(N.textNode("yesterday"), N.booleanNode(true), N.objectNode(), N.numberNode(1.5e12),
                    N.textNode("2026-13-45T99:99:99Z")));
            case "features" -> pick(List.of(N.textNode("ios"), N.numberNode(13), N.booleanNode(true),
                    N.objectNode().putNull("hour"), N.objectNode().set("user", N.objectNode().putNull("age")),
                    N.arrayNode().add(7)));
            default -> throw new IllegalStateException(field);
        };
        set(body, field, bad);
        return field;
    }

    /** Missing, extra, null and oddly named fields; odd Unicode and extreme numbers in values. */
    private String reshape(ObjectNode body) {
        switch (r.nextInt(6)) {
            case 0 -> {
                if (body.isEmpty()) return "empty";
                String name = pick(iterate(body.fieldNames()));
                body.remove(name);
                return "missing " + name;
            }
            case 1 -> {
                body.put(odd(), odd());
                return "extra field";
            }
            case 2 -> {
                if (body.isEmpty()) return "empty";
                String name = pick(iterate(body.fieldNames()));
                body.putNull(name);
                return "null " + name;
            }
            case 3 -> {
                if (body.isEmpty()) return "empty";
                String name = pick(iterate(body.fieldNames()));
                body.put(name, odd());
                return "odd string in " + name;
            }
            case 4 -> {
                if (body.isEmpty()) return "empty";
                String name = pick(iterate(body.fieldNames()));
                body.set(name, N.numberNode(new java.math.BigDecimal(pick(List.of("1e309", "-1e400", "1e-400",
                        "99999999999999999999999999999", "4.9e-324", "-0")))));
                return "extreme number in " + name;
            }
            default -> {
                body.set("context", features(0));
                body.set("features", features(0));
                return "features where they do not belong";
            }
        }
    }

    // ------------------------------------------------------------------------------------------ broken text

    /** The body as text, then broken: truncated, a token swapped, duplicate keys, comments, NaN, bytes flipped. */
    private byte[] brokenText(ObjectNode body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        switch (r.nextInt(9)) {
            case 0 -> text = text.substring(0, r.nextInt(Math.max(1, text.length())));
            case 1 -> text = text.replaceFirst(":", ":" + pick(Arrays.asList(NUMBERS)) + ",\"__x\":");
            case 2 -> {
                // Duplicate keys: the same name twice with different kinds of value.
                int brace = text.indexOf('{');
                String first = body.isEmpty() ? "\"userId\"" : "\"" + body.fieldNames().next() + "\"";
                text = text.substring(0, brace + 1) + first + ":" + pick(List.of("1", "\"x\"", "{}", "[]", "null"))
                        + "," + text.substring(brace + 1);
            }
            case 3 -> text = "/* c */" + text + (r.nextBoolean() ? " {}" : " // tail");
            case 4 -> text = text.replace("\"", r.nextBoolean() ? "'" : "");
            case 5 -> text = "\uFEFF" + text;
            case 6 -> text = text + pick(List.of("]", "}", ",", "\u0000", "x", "null"));
            case 7 -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                for (int i = 1 + r.nextInt(4); i > 0 && bytes.length > 0; i--) bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
                return bytes;
            }
            default -> text = pick(List.of("", "null", "[]", "\"str\"", "1", "true", "{", "}", "{}", "[{}]", "{\"\":{}}"));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBytes() {
        byte[] b = new byte[r.nextInt(512)];
        r.nextBytes(b);
        return b;
    }

    /** Nesting of a depth from tens to tens of thousands, as arrays, objects, or inside the features. */
    private byte[] deep() {
        int depth = pick(List.of(20, 200, 1100, 5000, 50_000));
        String open;
        String close;
        switch (r.nextInt(3)) {
            case 0 -> {
                open = "[";
                close = "]";
            }
            case 1 -> {
                open = "{\"a\":";
                close = "}";
            }
            default -> {
                String prefix = "{\"userId\":\"u1\",\"k\":1,\"context\":";
                return (prefix + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
            }
        }
        return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    /** A body of 2 to 4 MB: a huge string, a huge context, or a huge array of candidates. */
    private byte[] huge(ObjectNode body) {
        int size = (2 + r.nextInt(3)) << 20;
        switch (r.nextInt(3)) {
            case 0 -> body.put("userId", "x".repeat(size));
            case 1 -> {
                ObjectNode ns = N.objectNode();
                for (int i = 0; i < size / 16; i++) ns.put("f" + i, i);
                body.set("context", N.objectNode().set("ns", ns));
            }
            default -> {
                ArrayNode cs = body.putArray("candidates");
                for (int i = 0; i < size / 12; i++) cs.addObject().put("id", "i" + i);
            }
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private String odd() {
        if (r.nextBoolean()) return ODD[r.nextInt(ODD.length)];
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i >= 0; i--) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> 'a' + r.nextInt(26);
                case 1 -> r.nextInt(0x80);
                case 2 -> r.nextInt(0x10000);
                default -> 0x10000 + r.nextInt(0x100000);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    /** A lone surrogate is not Unicode text (its UTF-8 is invalid): valid bodies keep to real characters. */
    private static String wellFormed(String s) {
        return s.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF) ? "x" : s;
    }

    private <T> T pick(List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static <T> List<T> iterate(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** Sets {@code path} (a name, or {@code candidates[0].x}) in {@code body}. */
    private static void set(ObjectNode body, String path, JsonNode value) {
        if (path.startsWith("candidates[0].")) {
            ((ObjectNode) body.get("candidates").get(0)).set(path.substring("candidates[0].".length()), value);
        } else {
            body.set(path, value);
        }
    }
}
