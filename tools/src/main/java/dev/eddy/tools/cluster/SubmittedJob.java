package dev.eddy.tools.cluster;

import dev.eddy.tools.cli.EddyCli;

/**
 * The entry point `eddy cluster` names when it runs the jobs jar through Flink's REST API: the same commands as
 * {@code EddyCli} ({@code join --cluster ...}), without its {@code System.exit}, because a jar run through the REST
 * API has its main() run inside the JobManager, whose JVM that call would end.
 */
public final class SubmittedJob {
    private SubmittedJob() {}

    public static void main(String[] args) {
        int rc = EddyCli.commandLine().execute(args);
        if (rc != 0) throw new IllegalStateException("eddy " + String.join(" ", args) + " ended with exit code " + rc);
    }
}
