package dev.eddy.bandits.eval;

import java.util.List;

/** A policy name that nobody registered; the message lists the known ones. */
public final class UnknownPolicyException extends IllegalArgumentException {
    private final List<String> known;

    public UnknownPolicyException(String kind, String name, List<String> known) {
        super("unknown " + kind + " '" + name + "'; known " + (kind.endsWith("y") ? kind.substring(0, kind.length() - 1) + "ies" : kind + "s")
                + ": " + (known.isEmpty() ? "(none registered)" : String.join(", ", known)));
        this.known = List.copyOf(known);
    }

    public List<String> known() {
        return known;
    }
}
