package dev.eddy.tools.cli;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.serving.cli.BrokerCheck;
import dev.eddy.serving.cli.StatusLine;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.config.EddyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** Prints the records of a topic as JSON lines (committed records only). */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print a topic's records as JSON lines, from the beginning, reading committed records only. "
                + "Stops after --max records or when nothing new came for --idle (unless --follow).")
final class ConsumeCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "TOPIC",
            description = "topic or short name: interactions, decisions, rewards, examples, models, experiments, dead-letters, control")
    String topic;

    @Option(names = "--max", defaultValue = "" + Long.MAX_VALUE, description = "stop after this many records")
    long max;

    @Option(names = "--idle", defaultValue = "5s", converter = DurationConverter.class,
            description = "stop when nothing new arrived for this long (default: ${DEFAULT-VALUE})")
    Duration idle;

    @Option(names = "--follow", description = "keep waiting for new records until Ctrl-C")
    boolean follow;

    @Option(names = "--with-meta", description = "prefix each line with partition, offset and key")
    boolean withMeta;

    @Override
    public Integer call() {
        EddyConfig c = options.load();
        String name = TopicNames.resolve(topic, KafkaKeys.topics(c));
        KafkaClientProperties kafka = KafkaClientProperties.from(c);
        BrokerCheck.require(kafka, name);
        long seen = 0;
        try (var consumer = CommittedReader.fromBeginning(kafka, List.of(name))) {
            long lastNew = System.nanoTime();
            while (seen < max && (follow || System.nanoTime() - lastNew < idle.toNanos())) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) lastNew = System.nanoTime();
                for (var r : batch) {
                    if (seen++ >= max) break;
                    String value = r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8);
                    System.out.println(withMeta ? r.partition() + "\t" + r.offset() + "\t" + r.key() + "\t" + value : value);
                }
            }
        }
        System.err.println(name + ": " + StatusLine.plural(Math.min(seen, max), "record"));
        return 0;
    }
}
