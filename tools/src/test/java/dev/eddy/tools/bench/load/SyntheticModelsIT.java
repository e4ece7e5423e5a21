package dev.eddy.tools.bench.load;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.event.Candidate;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.events.model.EmbeddingModelAssembler;
import dev.eddy.events.model.ModelTopicReader;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.jobs.learn.LearnerSpec;
import dev.eddy.jobs.retrain.ModelTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eddy bench models} on a real broker: the versions it writes assemble with the readers serving uses
 * (ModelTopicReader + EmbeddingModelAssembler, BanditModelSpec.restore), equal what was generated, and a second run
 * with a higher version is a full replacement.
 */
class SyntheticModelsIT {
    private static final String TOPIC = "eddy.models";
    private static final SyntheticPopulation POPULATION = SyntheticPopulation.of(2000, 3000);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    private static ModelsSettings settings(long version, long seed) {
        // Small blocks so that a version spans many records and the order blocks-then-manifest matters.
        return new ModelsSettings(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPIC, POPULATION, 16, "recs", version, "cb",
                LearnerSpec.parse("neufastcb:sigma=0"), ModelsSettings.defaultHashing(), 3000, 10, seed, 16 * 1024);
    }

    @Test
    void publishedVersionsAssembleWithServingsReadersAndASecondRunReplacesTheFirst() throws Exception {
        var first = SyntheticModelPublisher.publish(settings(1, 1), System.out);
        var second = SyntheticModelPublisher.publish(settings(2, 2), System.out);
        assertThat(first.records()).isGreaterThan(20);
        assertThat(second.banditUpdates()).isEqualTo(3000);

        ModelTopicReader.Result read = ModelTopicReader.read(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPIC,
                v -> v.size() == 4, Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertThat(read.rejected()).isEmpty();
        assertThat(read.unreadable()).isZero();
        assertThat(read.versions()).extracting(v -> v.model() + "/" + v.version())
                .containsExactly("recs/1", "cb/1", "recs/2", "cb/2");

        // Embeddings: version 2 replaces version 1 whole, and equals the generated tables bit for bit.
        EmbeddingModelAssembler assembler = new EmbeddingModelAssembler();
        EmbeddingModel v1 = assembler.apply(read.versions().get(0));
        EmbeddingModel v2 = assembler.apply(read.versions().get(2));
        assertEqual(v1, SyntheticEmbeddings.tables(POPULATION, 16, 1));
        assertEqual(v2, SyntheticEmbeddings.tables(POPULATION, 16, 2));
        assertThat(v2.users().get("u5")).isNotEqualTo(v1.users().get("u5"));
        assertThat(read.versions().get(2).manifest().params()).containsEntry("baseVersion", "0");

        // Scores have the planted structure: a user's own cluster scores far above the others.
        double own = 0, other = 0;
        int nOwn = 0, nOther = 0;
        for (int u = 0; u < 200; u++) {
            for (int i = 0; i < 200; i++) {
                double s = v2.score(POPULATION.userId(u), POPULATION.itemId(i));
                if (POPULATION.userCluster(u) == POPULATION.itemCluster(i)) { own += s; nOwn++; } else { other += s; nOther++; }
            }
        }
        assertThat(own / nOwn).isGreaterThan(0.7);
        assertThat(Math.abs(other / nOther)).isLessThan(0.1);

        // The bandit: restored from the topic it is the learner that was trained, choice for choice.
        ModelVersion cb2 = read.latest().get("cb");
        assertThat(cb2.version()).isEqualTo(2);
        BanditModelSpec spec = BanditModelSpec.fromManifest(cb2.manifest());
        assertThat(spec.hashing()).isEqualTo(ModelsSettings.defaultHashing());
        assertThat(spec.learner()).isEqualTo("neufastcb");
        ContextualBandit restored = BanditModelSpec.restore(cb2);
        ModelsSettings s2 = settings(2, 2);
        SyntheticBandit.Trained trained = SyntheticBandit.train(new BanditModelSpec("neufastcb",
                s2.banditLearner().params(), s2.hashing(), 10, 2), POPULATION, SyntheticEmbeddings.tables(POPULATION, 16, 2),
                3000, 10, 2);
        assertThat(restored.snapshot()).isEqualTo(trained.bandit().snapshot());
        assertThat(cb2.manifest().metrics()).containsEntry("updates", 3000.0);

        // It learned to use the MF score: among a user's candidates it puts more mass on the high-score ones than
        // uniform does.
        JointEncoder encoder = spec.encoder();
        ModelTables t = SyntheticEmbeddings.tables(POPULATION, 16, 2);
        SplittableRandom random = new SplittableRandom(99);
        double chosen = 0, uniform = 0;
        for (int r = 0; r < 300; r++) {
            int user = random.nextInt(POPULATION.users());
            List<Candidate> cs = new ArrayList<>();
            double[] scores = new double[10];
            for (int j = 0; j < 10; j++) {
                int item = random.nextInt(POPULATION.items());
                scores[j] = SyntheticEmbeddings.score(t, user, item);
                cs.add(SyntheticBandit.candidate(POPULATION.itemId(item), scores[j]));
            }
            BanditRound round = encoder.encode(SyntheticBandit.context(POPULATION, user), cs);
            double[] p = restored.choose(round, random).distribution();
            for (int j = 0; j < 10; j++) chosen += p[j] * scores[j];
            uniform += Arrays.stream(scores).average().orElseThrow();
        }
        System.out.printf("expected MF score of the bandit's choice %.4f, uniform %.4f%n", chosen / 300, uniform / 300);
        assertThat(chosen).isGreaterThan(uniform + 0.02 * 300);
    }

    private static void assertEqual(EmbeddingModel m, ModelTables t) {
        assertThat(m.dim()).isEqualTo(t.dim);
        assertThat(m.users()).hasSize(t.userIds.length);
        assertThat(m.items()).hasSize(t.itemIds.length);
        for (int u = 0; u < t.userIds.length; u++) {
            assertThat(m.users().get(t.userIds[u])).isEqualTo(Arrays.copyOfRange(t.users, u * t.dim, (u + 1) * t.dim));
        }
        for (int i = 0; i < t.itemIds.length; i++) {
            assertThat(m.items().get(t.itemIds[i])).isEqualTo(Arrays.copyOfRange(t.items, i * t.dim, (i + 1) * t.dim));
        }
    }
}
