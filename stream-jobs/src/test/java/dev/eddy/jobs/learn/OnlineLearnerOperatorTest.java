package dev.eddy.jobs.learn;

import dev.eddy.jobs.runtime.PublishedVersions;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.parallel.ShardedBandit;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;
import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The learner operator in Flink's test harness on RocksDB: deterministic, no broker, no cluster. */
class OnlineLearnerOperatorTest {

    private static LearnerSettings settings(Map<String, LearnerSpec> models, LearnerSpec fallback, int every,
                                            Duration interval) {
        return new LearnerSettings(models, fallback, 8, List.of("user:item"), 7, every, interval, 4096,
                LearnerSettings.Sessions.none(), false);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LearnerRecord, KeyedBytes> harness(LearnerSettings s)
            throws Exception {
        return harness(s, PublishedVersions.none());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LearnerRecord, KeyedBytes> harness(LearnerSettings s,
            PublishedVersions published) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new OnlineLearnerOperator(s, published),
                (LearnerRecord r) -> r.input.model, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** Every test here hashes as {@link #settings} does, so one source deserializer makes the inputs of all. */
    private static final LearnerInputDeserializer SOURCE =
            new LearnerInputDeserializer(settings(Map.of(), null, 10, Duration.ZERO));

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, LearnerRecord, KeyedBytes> h,
                             List<JoinedExample> examples) throws Exception {
        long offset = 0;
        for (JoinedExample e : examples) {
            h.processElement(new StreamRecord<>(SOURCE.read(EventJson.write(e), "examples", 0, offset++)));
        }
    }

    /** Complete versions in the output, in publication order. */
    private static List<ModelVersion> versions(KeyedOneInputStreamOperatorTestHarness<String, LearnerRecord, KeyedBytes> h)
            throws Exception {
        ModelAssembler a = new ModelAssembler();
        List<ModelVersion> out = new ArrayList<>();
        for (KeyedBytes kb : h.extractOutputValues()) a.accept(EventJson.parseModelPart(kb.value)).ifPresent(out::add);
        assertThat(a.rejected()).isEmpty();
        return out;
    }

    @Test
    void parametersAfterNExamplesEqualThePureJavaLearnerSkippingSkipLearnAndUsingTheDefaultReward() throws Exception {
        LearnerSpec neu = LearnerSpec.parse("neufastcb:width=16");
        LearnerSettings s = settings(Map.of("prod", neu), null, 60, Duration.ZERO);
        List<JoinedExample> all = LearnExamples.examples("prod", null, 200, 1);
        // Exactly 60 learnable examples, so that the 60th update publishes.
        List<JoinedExample> input = new ArrayList<>();
        for (JoinedExample e : all) {
            if (LearnExamples.learnable(input) == 60) break;
            input.add(e);
        }
        assertThat(input).anyMatch(e -> e.decision().skipLearn()).anyMatch(e -> !e.rewardObserved());
        try (var h = harness(s)) {
            h.open();
            feed(h, input);
            List<ModelVersion> v = versions(h);
            assertThat(v).singleElement().satisfies(version -> {
                assertThat(version.model()).isEqualTo("prod");
                assertThat(version.version()).isEqualTo(1);
                assertThat(version.blocks()).as("a 4096-byte block size chunks the snapshot").hasSizeGreaterThan(1);
                assertThat(version.manifest().metrics()).containsEntry("updates", 60.0);
                // Serving's drift guard reads how far in decision time the version has learned.
                double newestLearned = input.stream().filter(e -> !e.decision().skipLearn())
                        .mapToLong(e -> e.decision().timestamp().toEpochMilli()).max().orElseThrow();
                assertThat(version.manifest().metrics()).containsEntry(ModelManifest.DECIDED_THROUGH, newestLearned);
            });
            ContextualBandit expected = LearnExamples.reference("neufastcb", neu.params(), s.hashing(), 7, input);
            assertThat(OpaqueBlocks.payload(v.get(0))).isEqualTo(expected.snapshot());
            assertThat(BanditModelSpec.restore(v.get(0)).snapshot()).isEqualTo(expected.snapshot());

            // Learning as if unrewarded examples had reward 0 (or skipLearn ones were learned) gives other parameters.
            List<JoinedExample> zeroed = input.stream().map(e -> e.rewardObserved() ? e
                    : new JoinedExample(e.decision(), e.rewards(), 0.0, false, e.windowEnd())).toList();
            assertThat(LearnExamples.reference("neufastcb", neu.params(), s.hashing(), 7, zeroed).snapshot())
                    .isNotEqualTo(expected.snapshot());
            // And so does learning them without their importance weights (every 11th example weighs 2).
            assertThat(input).anyMatch(e -> e.decision().weight() == 2.0);
            ContextualBandit unweighted = dev.eddy.bandits.eval.Policies.standard().create("neufastcb",
                    s.hashing().dimension(), 3, 7, neu.params());
            var enc = new dev.eddy.bandits.encode.JointEncoder(s.hashing());
            for (JoinedExample e : input) {
                if (!e.decision().skipLearn()) unweighted.learn(enc.encode(e.decision()), e.decision().chosen().get(0),
                        e.decision().chosenProbability(), e.reward());
            }
            assertThat(unweighted.snapshot()).isNotEqualTo(expected.snapshot());
        }
    }

    @Test
    void restoreFromASnapshotContinuesFromExactlyTheCheckpointedParameters() throws Exception {
        LearnerSpec lin = LearnerSpec.parse("squarecb-linear");
        LearnerSpec neu = LearnerSpec.parse("neufastcb:width=16");
        LearnerSettings s = settings(Map.of("prod", neu), lin, 25, Duration.ZERO);
        List<JoinedExample> prod = LearnExamples.examples("prod", null, 120, 2);
        List<JoinedExample> exp = LearnExamples.examples("prod", "b", 120, 3); // variant b: the default learner
        List<JoinedExample> input = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            input.add(prod.get(i));
            input.add(exp.get(i));
        }
        OperatorSubtaskState checkpoint;
        List<ModelVersion> before;
        try (var h = harness(s)) {
            h.open();
            feed(h, input.subList(0, 130));
            before = versions(h);
            // The runtime calls prepareSnapshotPreBarrier before every checkpoint; the harness leaves it to the test.
            h.prepareSnapshotPreBarrier(1);
            checkpoint = h.snapshot(1, 1);
            // What the failed attempt did after the checkpoint is lost with it.
            feed(h, input.subList(130, 150));
        }
        try (var h = harness(s)) {
            h.initializeState(checkpoint);
            h.open();
            feed(h, input.subList(130, input.size()));
            List<ModelVersion> after = versions(h);
            for (String model : List.of("prod", "b")) {
                List<JoinedExample> mine = model.equals("prod") ? prod : exp;
                LearnerSpec spec = model.equals("prod") ? neu : lin;
                ModelVersion last = after.stream().filter(v -> v.model().equals(model)).reduce((a, b) -> b).orElseThrow();
                long updates = (long) (double) last.manifest().metrics().get("updates");
                assertThat(updates).isEqualTo(LearnExamples.learnable(mine) / 25 * 25);
                // The reference trained on exactly the first `updates` learnable examples of this model.
                List<JoinedExample> prefix = new ArrayList<>();
                for (JoinedExample e : mine) {
                    if (LearnExamples.learnable(prefix) == updates) break;
                    prefix.add(e);
                }
                assertThat(OpaqueBlocks.payload(last)).as(model)
                        .isEqualTo(LearnExamples.reference(spec.learner(), spec.params(), s.hashing(), 7, prefix).snapshot());
                long lastBefore = before.stream().filter(v -> v.model().equals(model)).mapToLong(ModelVersion::version).max().orElse(0);
                assertThat(after.stream().filter(v -> v.model().equals(model)).map(ModelVersion::version))
                        .as("versions of %s continue after %d", model, lastBefore)
                        .isSortedAccordingTo(Long::compare).first().isEqualTo(lastBefore + 1);
            }
        }
    }

    @Test
    void aShardedModelRestoredMidPeriodEqualsThePureJavaShardedLearnerAndPublishesItsMergedModel() throws Exception {
        LearnerSpec sharded = LearnerSpec.parse("neufastcb:width=16,shards=3,merge-every=4");
        // 12 examples per period: publishing every 12 updates publishes right after a merge.
        LearnerSettings s = settings(Map.of("prod", sharded), null, 12, Duration.ZERO);
        List<JoinedExample> input = LearnExamples.examples("prod", null, 150, 5);
        OperatorSubtaskState checkpoint;
        int cut = 70; // not at a period boundary: the checkpoint holds buffered, unlearned examples
        try (var h = harness(s)) {
            h.open();
            feed(h, input.subList(0, cut));
            h.prepareSnapshotPreBarrier(1);
            checkpoint = h.snapshot(1, 1);
            feed(h, input.subList(cut, 90)); // lost with the failed attempt
        }
        try (var h = harness(s)) {
            h.initializeState(checkpoint);
            h.open();
            feed(h, input.subList(cut, input.size()));
            ModelVersion last = versions(h).stream().reduce((a, b) -> b).orElseThrow();
            long updates = (long) (double) last.manifest().metrics().get("updates");
            assertThat(updates).isEqualTo(LearnExamples.learnable(input) / 12 * 12);
            // Published right after a merge, with nothing pending: it may say how far it learned.
            assertThat(last.manifest().metrics()).containsKey(ModelManifest.DECIDED_THROUGH);
            List<JoinedExample> prefix = new ArrayList<>();
            for (JoinedExample e : input) {
                if (LearnExamples.learnable(prefix) == updates) break;
                prefix.add(e);
            }
            var reference = (ShardedBandit) LearnExamples.reference("neufastcb", sharded.params(), s.hashing(), 7, prefix);
            assertThat(reference.pending()).isZero();
            // Published: the merged model, as a plain learner without the sharding parameters.
            assertThat(OpaqueBlocks.payload(last)).isEqualTo(reference.merged().snapshot());
            assertThat(last.manifest().params()).doesNotContainKeys("param.shards", "shards", "param.merge-every");
            assertThat(BanditModelSpec.restore(last)).isInstanceOf(dev.eddy.bandits.neural.NeuCB.class);
            assertThat(BanditModelSpec.restore(last).snapshot()).isEqualTo(reference.merged().snapshot());
            // Unsharded learning of the same prefix is another model: the shards did change the result.
            assertThat(LearnExamples.reference("neufastcb", Map.of("width", "16"), s.hashing(), 7, prefix).snapshot())
                    .isNotEqualTo(reference.merged().snapshot());
        }
    }

    @Test
    void publishesByTimeAndLeavesUnlistedModelsAloneWithoutADefault() throws Exception {
        LearnerSettings s = settings(Map.of("prod", LearnerSpec.parse("epsilon-greedy")), null, 0, Duration.ofSeconds(1));
        try (var h = harness(s)) {
            h.open();
            h.setProcessingTime(0);
            feed(h, LearnExamples.examples("prod", null, 10, 4));
            feed(h, LearnExamples.examples("other", null, 10, 5));
            assertThat(versions(h)).isEmpty();
            h.setProcessingTime(1000);
            List<ModelVersion> v = versions(h);
            assertThat(v).singleElement().satisfies(x -> {
                assertThat(x.model()).isEqualTo("prod");
                assertThat(x.manifest().createdAt().toEpochMilli()).isEqualTo(1000);
            });
            h.setProcessingTime(5000);
            assertThat(versions(h)).as("nothing new to publish").hasSize(1);
        }
    }

    @Test
    void publishesBeforeACheckpointBarrierWhatTheTimerHasNotYetPublished() throws Exception {
        LearnerSettings timer = publishEverySecond();
        LearnerSettings s = publishOnCheckpointToo(timer);
        List<JoinedExample> input = LearnExamples.examples("prod", null, 10, 4);
        double byTimer;
        try (var h = harness(timer)) {
            h.open();
            h.setProcessingTime(0);
            feed(h, input);
            h.prepareSnapshotPreBarrier(1);
            assertThat(versions(h)).as("without it, only the timer publishes").isEmpty();
            h.setProcessingTime(1000);
            byTimer = versions(h).get(0).manifest().metrics().get("updates");
        }
        try (var h = harness(s)) {
            h.open();
            h.setProcessingTime(0);
            feed(h, input);
            h.setProcessingTime(200);
            // The barrier comes before the timer: the version this checkpoint commits holds every update so far.
            h.prepareSnapshotPreBarrier(1);
            assertThat(versions(h)).singleElement().satisfies(x -> {
                assertThat(x.manifest().version()).isEqualTo(1);
                assertThat(x.manifest().createdAt().toEpochMilli()).isEqualTo(200);
                assertThat(x.manifest().metrics()).containsEntry("updates", byTimer);
            });
            h.setProcessingTime(1000);
            h.prepareSnapshotPreBarrier(2);
            assertThat(versions(h)).as("nothing new for the timer or the next barrier").hasSize(1);
        }
    }

    private static LearnerSettings publishEverySecond() {
        return settings(Map.of("prod", LearnerSpec.parse("epsilon-greedy")), null, 0, Duration.ofSeconds(1));
    }

    private static LearnerSettings publishOnCheckpointToo(LearnerSettings timer) {
        return new LearnerSettings(timer.models(), null, 8, List.of("user:item"), 7, 0, Duration.ofSeconds(1), 4096,
                LearnerSettings.Sessions.none(), true);
    }

    @Test
    void publishesNothingAtTheFinalCheckpointOfAnEndedBoundedInput() throws Exception {
        LearnerSettings s = publishOnCheckpointToo(publishEverySecond());
        try (var h = harness(s)) {
            h.open();
            h.setProcessingTime(0);
            feed(h, LearnExamples.examples("prod", null, 10, 4));
            // After endInput the sinks downstream refuse records ("Received element after endOfInput").
            h.endInput();
            h.prepareSnapshotPreBarrier(1);
            assertThat(versions(h)).isEmpty();
        }
    }

    @Test
    void aModelWithoutStateContinuesAboveItsPublishedVersionsAndARestoredOneKeepsItsCounter() throws Exception {
        LearnerSettings s = settings(Map.of("prod", LearnerSpec.parse("squarecb-linear")), null, 10, Duration.ZERO);
        List<JoinedExample> input = LearnExamples.examples("prod", null, 80, 6);
        AtomicInteger reads = new AtomicInteger();
        // An earlier run (without a checkpoint) published prod up to 41; another model's versions do not matter.
        PublishedVersions earlier = () -> {
            reads.incrementAndGet();
            return Map.of("prod", 41L, "other", 900L);
        };
        OperatorSubtaskState checkpoint;
        long lastBefore;
        try (var h = harness(s, earlier)) {
            h.open();
            feed(h, input.subList(0, 40));
            List<Long> numbers = versions(h).stream().map(ModelVersion::version).toList();
            assertThat(numbers).isNotEmpty();
            for (int i = 0; i < numbers.size(); i++) assertThat(numbers.get(i)).isEqualTo(42L + i);
            assertThat(reads).as("read once, not per model or example").hasValue(1);
            lastBefore = numbers.get(numbers.size() - 1);
            h.prepareSnapshotPreBarrier(1);
            checkpoint = h.snapshot(1, 1);
        }
        // Restored: the counter from state wins, even where the topic says more (say a fresh run published meanwhile).
        try (var h = harness(s, () -> Map.of("prod", 500L))) {
            h.initializeState(checkpoint);
            h.open();
            feed(h, input.subList(40, input.size()));
            assertThat(versions(h)).extracting(ModelVersion::version).first().isEqualTo(lastBefore + 1);
        }
    }

    @Test
    void anExampleThatReachesTheLearnerWithoutItsRoundIsADeadLetterWithItsBytesAndTeachesNothing() throws Exception {
        LearnerSettings s = settings(Map.of("prod", LearnerSpec.parse("squarecb-linear")), null, 1, Duration.ZERO);
        JoinedExample e = LearnExamples.examples("prod", null, 2, 12).get(1);
        LearnerRecord unencoded = SOURCE.read(EventJson.write(e), "eddy.examples", 3, 77);
        unencoded.round = null;
        try (var h = harness(s)) {
            h.open();
            h.processElement(new StreamRecord<>(unencoded));
            assertThat(versions(h)).isEmpty();
            var dead = new ArrayList<>(h.getSideOutput(OnlineLearnerOperator.DEAD_LETTERS));
            assertThat(dead).hasSize(1);
            DeadLetter dl = EventJson.parseDeadLetter(dead.get(0).getValue().value);
            assertThat(dl.reason()).contains("model prod").contains("without its encoded round");
            assertThat(dl.sourceTopic()).isEqualTo("eddy.examples");
            assertThat(dl.partition()).isEqualTo(3);
            assertThat(dl.offset()).isEqualTo(77L);
            assertThat(EventJson.parseExample(dl.raw())).isEqualTo(e);
        }
    }
}
