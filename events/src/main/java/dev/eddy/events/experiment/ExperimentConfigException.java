package dev.eddy.events.experiment;

/**
 * An experiments file (or config built in code) that cannot be used. The message reads
 * {@code source: key.path[i]: problem}, e.g. {@code experiments.yaml: experiments[1].variants[0].weight: must be > 0, was -3}.
 */
public final class ExperimentConfigException extends RuntimeException {

    private final String source;
    private final String keyPath;
    private final String problem;

    public ExperimentConfigException(String source, String keyPath, String problem) {
        this(source, keyPath, problem, null);
    }

    public ExperimentConfigException(String source, String keyPath, String problem, Throwable cause) {
        super(source + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ") + problem, cause);
        this.source = source;
        this.keyPath = keyPath;
        this.problem = problem;
    }

    /** The file name, or {@code <config>} for a config built in code. */
    public String source() {
        return source;
    }

    /** Where in the file, e.g. {@code experiments[1].variants[0].weight}; empty for the whole file. */
    public String keyPath() {
        return keyPath;
    }

    public String problem() {
        return problem;
    }
}
