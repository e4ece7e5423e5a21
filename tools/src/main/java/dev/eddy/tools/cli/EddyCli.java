package dev.eddy.tools.cli;

import dev.eddy.serving.ServeCommand;

import dev.eddy.serving.cli.CliErrors;
import dev.eddy.serving.cli.LogFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code eddy} command line: one entry point for local runs, tools and cluster submission. */
@Command(name = "eddy", mixinStandardHelpOptions = true, versionProvider = EddyCli.Version.class,
        description = "Online learning and real-time recommendation on Kafka and Flink.",
        subcommands = {DemoCommand.class, KafkaCommand.class, TopicsCommand.class, JoinCommand.class, LearnCommand.class, RetrainCommand.class,
                ExperimentsCommand.class,
                RollbackCommand.class, ProduceCommand.class, ConsumeCommand.class, ConfigCommand.class, BenchCommand.class, BanditEvalCommand.class, MdpEvalCommand.class,
                ReplayCommand.class, RecsysEvalCommand.class, ServeCommand.class, ServingKeyCommand.class, AbSimCommand.class, ClusterCommand.class, ClusterDemoCommand.class,
                CommandLine.HelpCommand.class})
public final class EddyCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Before any logger exists: log4j2.xml reads the file's path from a system property.
        LogFile.choose(LogFile.commandOf(args, "eddy"));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests: the one error path, --verbose and -V on every command. */
    public static CommandLine commandLine() {
        return CliErrors.install(new CommandLine(new EddyCli()), new Version().getVersion());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = EddyCli.class.getPackage().getImplementationVersion();
            return new String[] {"eddy " + (v == null ? "(development build)" : v)};
        }
    }
}
