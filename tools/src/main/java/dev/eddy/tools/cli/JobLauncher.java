package dev.eddy.tools.cli;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.runtime.FlinkRuntime;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What `eddy join`, `eddy learn`, `eddy retrain` and `eddy experiments` share: check the job's settings before anything starts, create
 * its topics, build it on a local MiniCluster or in the environment of `flink run`, and run it until it ends.
 *
 * @param name         the Flink job name
 * @param checkSettings parses the job's settings from the config, failing fast on a bad key
 * @param ensureTopics  creates the topics the job reads and writes where missing
 * @param build         adds the job, on its Kafka inputs and outputs, to the environment
 */
record JobLauncher(String name, Consumer<EddyConfig> checkSettings, Consumer<EddyConfig> ensureTopics,
                   BiConsumer<StreamExecutionEnvironment, EddyConfig> build) {

    int run(EddyConfig c, boolean cluster) throws Exception {
        checkSettings.accept(c);
        ensureTopics.accept(c);
        StreamExecutionEnvironment env = FlinkRuntime.environment(c,
                cluster ? FlinkRuntime.Target.CONTEXT : FlinkRuntime.Target.LOCAL);
        build.accept(env, c);
        System.out.println("running " + name + (cluster ? " on the cluster" : " on a local MiniCluster")
                + " (Ctrl-C stops a local run)");
        env.execute(name);
        return 0;
    }
}
