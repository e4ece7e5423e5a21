package dev.eddy.serving.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an API key may do. Each /v1 endpoint and /metrics needs exactly one scope; health and readiness need none.
 */
public enum Scope {
    /** POST /v1/rank. */
    RANK,
    /** POST /v1/reward and /v1/events. */
    FEEDBACK,
    /** GET /v1/models, /v1/models/history, /v1/experiments and /v1/experiments/{id}/results (the dashboard's data). */
    READ,
    /** GET /metrics and POST /v1/admin/reload. */
    ADMIN;

    public static final Set<Scope> ALL = EnumSet.allOf(Scope.class);

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code rank,feedback} (any order, no duplicates needed) or {@code all}.
     *
     * @throws IllegalArgumentException naming the unknown scope and the known ones
     */
    public static Set<Scope> parseList(String text) {
        if (text.equals("all")) return ALL;
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            Scope s = null;
            for (Scope c : values()) if (c.label().equals(p)) s = c;
            if (s == null) {
                throw new IllegalArgumentException("unknown scope '" + p + "' (known: rank, feedback, read, admin, or all)");
            }
            out.add(s);
        }
        return out;
    }

    /** The list as {@link #parseList} reads it: {@code all}, or labels in declaration order. */
    public static String format(Set<Scope> scopes) {
        if (scopes.containsAll(ALL)) return "all";
        return String.join(",", scopes.stream().sorted().map(Scope::label).toList());
    }
}
