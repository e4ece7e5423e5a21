package dev.eddy.tools.bench.load;

import java.util.List;

/** An endpoint the load generator can drive. {@code healthz} does nothing on the server: the baseline. */
public enum Target {
    RANK("rank", "POST", "/v1/rank"),
    HEALTHZ("healthz", "GET", "/healthz");

    private final String label;
    private final String method;
    private final String path;

    Target(String label, String method, String path) {
        this.label = label;
        this.method = method;
        this.path = path;
    }

    public String label() { return label; }
    public String method() { return method; }
    public String path() { return path; }

    /** {@code rank}, {@code healthz}, or {@code both} (rank first, then healthz). */
    public static List<Target> parse(String text) {
        return switch (text) {
            case "rank" -> List.of(RANK);
            case "healthz" -> List.of(HEALTHZ);
            case "both" -> List.of(RANK, HEALTHZ);
            default -> throw new IllegalArgumentException("--endpoint must be rank, healthz or both, was '" + text + "'");
        };
    }
}
