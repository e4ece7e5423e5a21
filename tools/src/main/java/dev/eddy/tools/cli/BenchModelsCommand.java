package dev.eddy.tools.cli;

import dev.eddy.serving.cli.BrokerCheck;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.tools.bench.load.ModelsSettings;
import dev.eddy.tools.bench.load.SyntheticModelPublisher;
import dev.eddy.tools.bench.load.SyntheticPopulation;
import dev.eddy.jobs.learn.LearnerSpec;
import picocli.CommandLine.Command;
import dev.eddy.events.kafka.KafkaClientProperties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code eddy bench models}: synthetic model versions for the serving benchmark. */
// No mixinStandardHelpOptions: its --version would clash with the model version option.
@Command(name = "models",
        description = "Publish synthetic model versions to the models topic, in the formats the jobs write: a full "
                + "embedding version (seeded, clustered user and item vectors; ids u0.. and i0..) and, with "
                + "--bandit-model, a contextual-bandit version trained briefly on synthetic rounds (context "
                + "{\"user\":{\"segment=<c>\":1}}, candidates {\"item\":{\"<id>\":1},\"mf\":{\"score\":s}}). "
                + "A later run with a higher --version publishes a full replacement. Creates the topic where missing.")
final class BenchModelsCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-b", "--bootstrap"}, required = true, description = "Kafka bootstrap servers, HOST:PORT")
    String bootstrap;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--topic", description = "models topic (default: ${DEFAULT-VALUE})")
    String topic = EddyTopics.DEFAULT.models();

    @Option(names = "--items", defaultValue = "100000", description = "catalogue items (default: ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--users", defaultValue = "100000", description = "users (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--dim", defaultValue = "64", description = "embedding dimension (default: ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--item-prefix", defaultValue = "i", description = "item ids are PREFIX0.. (default: ${DEFAULT-VALUE})")
    String itemPrefix;

    @Option(names = "--model", defaultValue = "recs", description = "embedding model name (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--model-version", defaultValue = "1", description = "model version of everything published (default: ${DEFAULT-VALUE})")
    long version;

    @Option(names = "--bandit-model", description = "also publish a contextual-bandit model under this name")
    String banditModel;

    @Option(names = "--bandit-learner", defaultValue = "neufastcb",
            description = "its learner and parameters, e.g. neufastcb:sigma=0 (default: ${DEFAULT-VALUE})")
    String banditLearner;

    @Option(names = "--bandit-bits", defaultValue = "12", description = "its joint feature dimension 2^bits, crosses user:item (default: ${DEFAULT-VALUE})")
    int banditBits;

    @Option(names = "--bandit-rounds", defaultValue = "5000", description = "synthetic rounds it learns (default: ${DEFAULT-VALUE})")
    int banditRounds;

    @Option(names = "--bandit-candidates", defaultValue = "10", description = "candidates per synthetic round (default: ${DEFAULT-VALUE})")
    int banditCandidates;

    @Option(names = "--block-bytes", defaultValue = "524288", description = "bytes per model block (default: ${DEFAULT-VALUE})")
    int blockBytes;

    @Option(names = "--seed", defaultValue = "1", description = "seed of vectors and rounds (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (blockBytes < 1024 || blockBytes > 700_000) {
            // Blocks travel as JSON (base64): much above 700 KB they pass the producer's 1 MiB request limit.
            throw new IllegalArgumentException("--block-bytes must be in 1024..700000, was " + blockBytes);
        }
        HashingConfig hashing = ModelsSettings.defaultHashing().withBits(banditBits);
        KafkaClientProperties kafka = kafkaConfig.at(bootstrap);
        ModelsSettings s = new ModelsSettings(kafka, topic,
                SyntheticPopulation.of(users, items).withItemPrefix(itemPrefix), dim, model, version, banditModel,
                LearnerSpec.parse(banditLearner), hashing, banditRounds, banditCandidates, seed, blockBytes);
        BrokerCheck.require(kafka);
        var p = SyntheticModelPublisher.publish(s, System.out);
        System.out.printf(Locale.ROOT, "published %d records (%.1f MB) to %s in %.1f s%n", p.records(),
                p.bytes() / 1e6, topic, p.seconds());
        return 0;
    }
}
