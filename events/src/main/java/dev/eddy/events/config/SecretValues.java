package dev.eddy.events.config;

import java.util.List;
import java.util.Locale;

/**
 * Which config values are secrets, by their key's name, so that whatever prints configuration ({@code eddy config})
 * shows that such a value is set but never the value. A key that only names where a secret lives (a file, an
 * environment variable, a keystore's location) is not one.
 */
public final class SecretValues {
    /** Words in a key's name that mark its value as a secret. */
    static final List<String> MARKS = List.of("password", "secret", "jaas", "api-key", "token", "credential",
            "private-key", "key.password");
    /** Endings of keys whose value only says where a secret is. */
    static final List<String> POINTERS = List.of("-file", "-env", ".location", ".file", "-path");
    public static final String MASK = "********";

    private SecretValues() {}

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String p : POINTERS) if (k.endsWith(p)) return false;
        for (String m : MARKS) if (k.contains(m)) return true;
        return false;
    }

    /** The value to show for {@code key}: masked when it is a secret and set, else as it is. */
    public static String shown(String key, String value) {
        return value != null && !value.isEmpty() && isSecret(key) ? MASK : value;
    }
}
