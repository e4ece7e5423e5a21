package dev.eddy.jobs.cli;

import dev.eddy.jobs.serve.ServingSettings;
import dev.eddy.recsys.serving.ServingApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The serving process: HTTP ranking with the newest models, experiments, and decision logging. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve recommendations over HTTP (POST /v1/rank, /v1/reward, /v1/events; GET /v1/models, "
                + "/v1/experiments, /healthz, /readyz, /metrics, /openapi.yaml) with the newest models from eddy.models, "
                + "experiments from serving.experiments-file, and decisions, rewards and interactions logged to Kafka.",
                "Runs until Ctrl-C. Keys: serving.* (see `eddy config`)."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServingApp.Settings settings = ServingSettings.from(options.load());
        ServingApp app = ServingApp.start(settings);
        // Ctrl-C: the hook closes the server, then sends what is still queued for Kafka, before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "eddy-serve-shutdown"));
        spec.commandLine().getOut().println("Serving at " + app.baseUrl() + " (Kafka " + settings.bootstrap() + ")");
        spec.commandLine().getOut().flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
