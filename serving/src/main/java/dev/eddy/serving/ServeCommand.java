package dev.eddy.serving;

import dev.eddy.events.config.ConfigKey;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.serving.cli.BrokerCheck;
import dev.eddy.serving.cli.CliErrors;
import dev.eddy.serving.cli.LogFile;
import dev.eddy.serving.cli.StatusLine;
import dev.eddy.serving.config.ServingKeys;
import dev.eddy.serving.config.ServingSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The serving process: HTTP ranking with the newest models, experiments, and decision logging. It is the main class
 * of the serving module, so that a serving process runs from that module's classpath alone (no Flink, DJL or
 * RocksDB); {@code eddy serve} reaches the same command.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve recommendations over HTTP (POST /v1/rank, /v1/reward, /v1/events; GET /v1/models, "
                + "/v1/experiments, /healthz, /readyz, /metrics, /openapi.yaml) with the newest models from eddy.models, "
                + "experiments from serving.experiments-file, and decisions, rewards and interactions logged to Kafka.",
                "Runs until Ctrl-C. Keys: serving.*, kafka.*, topics.* (see `eddy config`); the jobs' keys in a shared "
                        + "--config file belong to the jobs and are skipped."})
public final class ServeCommand implements Callable<Integer> {
    /**
     * The key prefixes of the jobs' keys (stream-jobs' EddyKeys), which a config file shared with the jobs may hold and
     * serving skips; serving cannot see those keys themselves (it must not depend on the jobs' module).
     */
    public static final List<String> JOB_PREFIXES = List.of("job.", "checkpoint.", "state.", "join.", "learner.", "retrain.",
            "experiments.");

    @Option(names = "--config", paramLabel = "FILE", description = "properties file with Eddy config keys (see `eddy config`)")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one config key (serving.*, kafka.*, topics.*); repeatable")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (same as --set kafka.bootstrap-servers=...)")
    String bootstrap;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Before any logger exists: log4j2.xml reads the file's path from a system property.
        LogFile.choose("serve");
        System.exit(commandLine().execute(args));
    }

    /** The command as `eddy serve` runs it from serving's own classpath (also used by tests): the eddy CLI's error path. */
    public static CommandLine commandLine() {
        String v = ServeCommand.class.getPackage().getImplementationVersion();
        return CliErrors.install(new CommandLine(new ServeCommand()).setCommandName("eddy serve"),
                new String[] {"eddy " + (v == null ? "(development build)" : v)});
    }

    /** The serving keys: the shared Kafka and topic keys, and serving's own. */
    public static List<ConfigKey<?>> keys() {
        return Stream.concat(KafkaKeys.ALL.stream(), ServingKeys.ALL.stream()).toList();
    }

    EddyConfig config() {
        Map<String, String> set = new LinkedHashMap<>(overrides);
        if (bootstrap != null) set.put(KafkaKeys.BOOTSTRAP.name(), bootstrap);
        return EddyConfig.loadScoped(file, set, keys(), JOB_PREFIXES);
    }

    @Override
    public Integer call() throws Exception {
        ServingApp.Settings settings = ServingSettings.from(config());
        BrokerCheck.require(settings.kafka(), settings.topics().models(), settings.topics().interactions(),
                settings.topics().experiments());
        ServingApp app = ServingApp.start(settings);
        // Ctrl-C: the hook closes the server, then sends what is still queued for Kafka, before the JVM exits.
        Thread hook = new Thread(app::close, "eddy-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Serving at " + app.baseUrl() + " (Kafka " + settings.kafka().bootstrapServers()
                + (settings.durableLogging().enabled() ? "; durable logging: responses wait for Kafka's acknowledgement" : "")
                + ")"
                + LogFile.path().map(p -> "; logs: " + p).orElse(""));
        out.flush();
        try {
            while (true) {
                Thread.sleep(StatusLine.EVERY.toMillis());
                out.println(status(app));
                out.flush();
            }
        } catch (InterruptedException stop) {
            // Run on a thread of a larger program (a test): interrupting it stops serving.
            Runtime.getRuntime().removeShutdownHook(hook);
            app.close();
            return 0;
        }
    }

    /** What serving did so far: records logged to Kafka, and the model versions it ranks with. */
    static String status(ServingApp app) {
        var counts = app.logCounts();
        var versions = app.models().current().versions();
        return StatusLine.of("serve").count("logged", counts.accepted()).count("sent", counts.sent())
                .count("queued", counts.queued())
                .field("models", versions.isEmpty() ? "none yet" : versions.entrySet().stream()
                        .map(e -> e.getKey() + "/" + e.getValue()).sorted().collect(Collectors.joining(" ")))
                .toString();
    }
}
