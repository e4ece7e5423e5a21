package dev.eddy.events.config;

import java.util.function.Function;

/**
 * One configuration key: its name, default (null means required), description and how to read its value.
 * Keys are declared once (see {@link EddyKeys}) so that unknown keys can be rejected and documented.
 *
 * <p>A key whose name ends in {@code .*} is a family: it stands for every key under that prefix (e.g.
 * {@code kafka.client.*} for any Kafka client property), each value read by its parser; read them with
 * {@link EddyConfig#family}.
 */
public record ConfigKey<T>(String name, String defaultValue, String description, Function<String, T> parser,
                           String expected) {

    private static final String FAMILY_SUFFIX = ".*";

    /** A family of string-valued keys under {@code prefix}, which ends with a dot; no default (unset means none). */
    public static ConfigKey<String> family(String prefix, String description) {
        if (!prefix.endsWith(".")) throw new IllegalArgumentException("a family prefix ends with a dot: " + prefix);
        return new ConfigKey<>(prefix + "*", "", description, s -> s, "any number of keys under " + prefix);
    }

    public boolean isFamily() {
        return name.endsWith(FAMILY_SUFFIX);
    }

    /** The prefix of a family's keys, dot included. */
    public String familyPrefix() {
        if (!isFamily()) throw new IllegalStateException(name + " is not a family of keys");
        return name.substring(0, name.length() - 1);
    }

    public static ConfigKey<String> string(String name, String def, String description) {
        return new ConfigKey<>(name, def, description, s -> s, "a string");
    }

    public static ConfigKey<Integer> integer(String name, int def, int min, int max, String description) {
        return new ConfigKey<>(name, String.valueOf(def), description, s -> {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) throw new IllegalArgumentException("must be in " + min + ".." + max);
            return v;
        }, "an integer in " + min + ".." + max);
    }

    public static ConfigKey<Double> number(String name, double def, String description) {
        return new ConfigKey<>(name, String.valueOf(def), description, s -> {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) throw new IllegalArgumentException("must be finite");
            return v;
        }, "a finite number");
    }

    public static ConfigKey<Boolean> bool(String name, boolean def, String description) {
        return new ConfigKey<>(name, String.valueOf(def), description, s -> switch (s.trim().toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        }, "true or false");
    }

    public static ConfigKey<java.time.Duration> duration(String name, String def, String description) {
        return new ConfigKey<>(name, def, description, Durations::parse, "a duration such as 500ms, 45s, 10m, 2h");
    }

    public static <E extends Enum<E>> ConfigKey<E> choice(String name, E def, Class<E> type, String description) {
        return new ConfigKey<>(name, def.name().toLowerCase(), description,
                s -> Enum.valueOf(type, s.trim().toUpperCase().replace('-', '_')),
                "one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase().replace('_', '-')).toList());
    }
}
