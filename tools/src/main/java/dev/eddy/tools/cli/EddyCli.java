package dev.eddy.tools.cli;

import dev.eddy.serving.ServeCommand;

import dev.eddy.events.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code eddy} command line: one entry point for local runs, tools and cluster submission. */
@Command(name = "eddy", mixinStandardHelpOptions = true, versionProvider = EddyCli.Version.class,
        description = "Online learning and real-time recommendation on Kafka and Flink.",
        subcommands = {DemoCommand.class, KafkaCommand.class, TopicsCommand.class, JoinCommand.class, LearnCommand.class, RetrainCommand.class,
                ExperimentsCommand.class,
                RollbackCommand.class, ProduceCommand.class, ConsumeCommand.class, ConfigCommand.class, BenchCommand.class, BanditEvalCommand.class, MdpEvalCommand.class,
                ReplayCommand.class, RecsysEvalCommand.class, ServeCommand.class, AbSimCommand.class,
                CommandLine.HelpCommand.class})
public final class EddyCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EddyCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Configuration and usage problems are the user's to fix: one clear line, no stack trace.
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println("eddy " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
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
