package dev.eddy.events.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Eddy's configuration: a properties file, then command-line overrides ({@code --set key=value}) on top.
 * Only declared keys are accepted, so that a typo fails at start with the key named instead of being ignored.
 */
public final class EddyConfig {

    private final Map<String, String> values;
    private final Map<String, ConfigKey<?>> known;

    private EddyConfig(Map<String, String> values, Map<String, ConfigKey<?>> known) {
        this.values = values;
        this.known = known;
    }

    /** An empty configuration over the given keys: every value is the key's default. */
    public static EddyConfig defaults(Collection<ConfigKey<?>> keys) {
        return of(Map.of(), keys);
    }

    public static EddyConfig of(Map<String, String> values, Collection<ConfigKey<?>> keys) {
        Map<String, ConfigKey<?>> known = new LinkedHashMap<>();
        for (ConfigKey<?> k : keys) known.put(k.name(), k);
        EddyConfig config = new EddyConfig(new TreeMap<>(), known);
        values.forEach(config::set);
        return config;
    }

    /** Reads {@code file} (Java properties syntax), then applies {@code overrides}. */
    public static EddyConfig load(Path file, Map<String, String> overrides, Collection<ConfigKey<?>> keys) {
        Map<String, String> merged = readFile(file);
        merged.putAll(overrides);
        return of(merged, keys);
    }

    private static Map<String, String> readFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file == null) return values;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    /**
     * Like {@link #load}, for a process that reads only some of the keys of a file shared by every Eddy process (a
     * serving replica reads {@code serving.*}, {@code kafka.*} and {@code topics.*}): the file's keys under
     * {@code othersPrefixes} belong to other processes and are skipped; every other key of the file, and every
     * override, must be one of {@code keys}, so a misspelt key (prefix included) still fails with its name.
     */
    public static EddyConfig loadScoped(Path file, Map<String, String> overrides, Collection<ConfigKey<?>> keys,
                                        Collection<String> othersPrefixes) {
        Map<String, String> own = new LinkedHashMap<>();
        readFile(file).forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot < 0 || !othersPrefixes.contains(k.substring(0, dot + 1))) own.put(k, v);
        });
        own.putAll(overrides);
        return of(own, keys);
    }

    /** Sets a value, rejecting unknown keys and values that do not parse. */
    public EddyConfig set(String key, String value) {
        ConfigKey<?> k = known.get(key);
        if (k == null) k = familyOf(key);
        if (k == null) {
            String hint = closest(key);
            throw new ConfigException("unknown config key '" + key + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
        parse(k, value);
        values.put(key, value);
        return this;
    }

    public <T> T get(ConfigKey<T> key) {
        if (!known.containsKey(key.name())) throw new ConfigException("config key '" + key.name() + "' is not declared here");
        if (key.isFamily()) throw new IllegalArgumentException(key.name() + " is a family of keys: read it with family()");
        String raw = values.getOrDefault(key.name(), key.defaultValue());
        if (raw == null) throw new ConfigException("missing required config key '" + key.name() + "': " + key.description());
        return parse(key, raw);
    }

    public boolean isSet(ConfigKey<?> key) {
        if (key.isFamily()) return !family(key).isEmpty();
        return values.containsKey(key.name());
    }

    /** The keys set under a family, by their names after its prefix (e.g. {@code security.protocol}), sorted. */
    public Map<String, String> family(ConfigKey<?> family) {
        if (!known.containsKey(family.name())) {
            throw new ConfigException("config key '" + family.name() + "' is not declared here");
        }
        String prefix = family.familyPrefix();
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }

    /**
     * Every declared key with its effective value (or null when required and unset), and every key set under a
     * family (the family's own name is left out): a map that {@link #of} turns back into the same configuration.
     */
    public Map<String, String> effective() {
        Map<String, String> out = new TreeMap<>();
        known.values().forEach(k -> {
            if (!k.isFamily()) out.put(k.name(), values.getOrDefault(k.name(), k.defaultValue()));
        });
        values.forEach((k, v) -> {
            if (familyOf(k) != null) out.put(k, v);
        });
        return out;
    }

    /** Only the values set explicitly (file, overrides), no defaults. */
    public Map<String, String> explicit() {
        return new TreeMap<>(values);
    }

    public Collection<ConfigKey<?>> keys() {
        return known.values();
    }

    /** The family {@code key} belongs to, or null: a key with a name of its own is never a family member. */
    private ConfigKey<?> familyOf(String key) {
        if (known.containsKey(key)) return null;
        for (ConfigKey<?> k : known.values()) {
            if (k.isFamily() && key.startsWith(k.familyPrefix()) && key.length() > k.familyPrefix().length()) return k;
        }
        return null;
    }

    private static <T> T parse(ConfigKey<T> key, String raw) {
        try {
            return key.parser().apply(raw);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ConfigException("config key '" + key.name() + "' = '" + raw + "' is invalid: expected "
                    + key.expected() + " (" + why + ")");
        }
    }

    private String closest(String key) {
        return known.keySet().stream()
                .min(Comparator.comparingInt(k -> distance(k, key)))
                .filter(k -> distance(k, key) <= Math.max(2, key.length() / 4))
                .orElse(null);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
