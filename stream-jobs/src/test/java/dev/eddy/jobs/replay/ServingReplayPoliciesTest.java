package dev.eddy.jobs.replay;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code serving:} specs: parsing, the model versions they rank with, and what they make of a logged decision. */
class ServingReplayPoliciesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final HashingConfig HASHING = HashingConfig.ofBits(10).withCrosses("user:item");

    /** Two users and four items in 2 dimensions: u0 looks along x, u1 along y; item i's row is (i, 3 - i) / 3. */
    private static ModelVersion embeddings(long version, long base, float shift) {
        List<String> items = List.of("a", "b", "c", "d");
        float[] rows = new float[8];
        for (int i = 0; i < 4; i++) {
            rows[2 * i] = i / 3f + shift;
            rows[2 * i + 1] = (3 - i) / 3f;
        }
        var users = new EmbeddingRows.Changes(List.of("u0", "u1"), new float[]{1, 0, 0, 1}, List.of());
        var e = EmbeddingRows.encode("recs", version, base, 2, users, new EmbeddingRows.Changes(items, rows, List.of()),
                2, 4, 1024);
        return version(new ModelManifest("recs", version, T, "mf", Map.of(), e.params(), e.blocks().size(),
                ModelAssembler.sha256(e.blocks())), e.blocks());
    }

    private static ModelVersion bandit(String model, long version) {
        BanditModelSpec spec = new BanditModelSpec("neufastcb", Map.of(), HASHING, 4, 5);
        ContextualBandit learner = spec.create();
        byte[] snapshot = learner.snapshot();
        List<ModelBlock> blocks = OpaqueBlocks.blocks(model, version, snapshot, 1024);
        return version(new ModelManifest(model, version, T, BanditModelSpec.MODEL_TYPE, Map.of(),
                spec.manifestParams(snapshot.length), blocks.size(), ModelAssembler.sha256(blocks)), blocks);
    }

    private static ModelVersion version(ModelManifest m, List<ModelBlock> blocks) {
        return new ModelVersion(m, blocks);
    }

    private static ReplayEvent event(String user, int shown) {
        List<Candidate> candidates = List.of(Candidate.of("a"), Candidate.of("b"), Candidate.of("x"), Candidate.of("d"));
        List<Integer> chosen = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            chosen.add(i);
            p.add(1.0);
        }
        Decision d = Decision.builder().eventId("e").timestamp(T).userId(user).policy("mf-topk")
                .candidates(candidates).chosen(chosen).probabilities(p).build();
        return ReplayEvent.of(new JoinedExample(d, List.of(), 0, false, T));
    }

    private static ReplayPolicySpec resolved(String text, List<ModelVersion> versions) {
        return ReplayModels.resolve(List.of(ReplayPolicySpec.parse(text)), versions, "eddy.models").get(0);
    }

    @Test
    void servingSpecsNameAPolicyServingRunsAndItsModel() {
        ReplayPolicySpec mf = ReplayPolicySpec.parse("serving:mf-topk:model=recs");
        assertThat(mf.kind()).isEqualTo(ReplayPolicySpec.Kind.SERVING);
        assertThat(mf.serving()).isEqualTo(new ServingPolicySpec("mf-topk", "recs", null, Map.of()));
        assertThat(mf.learns()).isFalse();
        assertThat(mf.needsModel()).isTrue();
        ReplayPolicySpec eg = ReplayPolicySpec.parse("serving:epsilon-greedy:model=recs,epsilon=0.2,version=3");
        assertThat(eg.serving()).isEqualTo(new ServingPolicySpec("epsilon-greedy", "recs", 3L, Map.of("epsilon", "0.2")));
        assertThat(ReplayPolicySpec.parse("serving:uniform").needsModel()).isFalse();
        assertThat(ReplayPolicySpec.parse("serving:bandit:model=b").serving().ranksByScores()).isFalse();
    }

    @Test
    void badServingSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> ReplayPolicySpec.parse("serving:greedy")).hasMessageContaining("serving runs [mf-topk");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("serving:mf-topk")).hasMessageContaining("names no model");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("serving:uniform:model=recs")).hasMessageContaining("without a model");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("serving:neucb:model=b,epsilon=0.1")).hasMessageContaining("only epsilon-greedy");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("serving:epsilon-greedy:model=r,epsilon=2")).hasMessageContaining("params.epsilon");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("serving:mf-topk:model=r,version=0")).hasMessageContaining("version must be");
        assertThatThrownBy(() -> ReplayPolicySpec.parse("serving:mf-topk:model=r,k=3")).hasMessageContaining("unknown key 'k'");
    }

    @Test
    void theNewestVersionOrTheNamedOneIsAttachedWithDeltasApplied() {
        List<ModelVersion> topic = List.of(embeddings(1, 0, 0), bandit("neucb", 1), embeddings(2, 1, 0.5f), bandit("neucb", 4));
        assertThat(resolved("serving:mf-topk:model=recs", topic).model().version()).isEqualTo(2);
        assertThat(resolved("serving:mf-topk:model=recs,version=1", topic).model().version()).isEqualTo(1);
        assertThat(resolved("serving:neucb:model=neucb", topic).model().version()).isEqualTo(4);
        assertThat(resolved("serving:neucb:model=neucb,version=1", topic).model()).isInstanceOf(ReplayModel.Learned.class);
        assertThat(resolved("serving:uniform", topic).model()).isNull();

        assertThatThrownBy(() -> resolved("serving:mf-topk:model=neucb", topic)).hasMessageContaining("neucb/1 is a contextual-bandit model");
        assertThatThrownBy(() -> resolved("serving:neucb:model=recs", topic)).hasMessageContaining("recs/1 is a mf model");
        assertThatThrownBy(() -> resolved("serving:neucb:model=other", topic))
                .hasMessageContaining("no version of contextual-bandit model 'other' on eddy.models (models there: [neucb, recs])");
        assertThatThrownBy(() -> resolved("serving:mf-topk:model=recs,version=7", topic)).hasMessageContaining("has no version 7");
    }

    @Test
    void mfTopKReplaysTheBestItemsForTheDecisionsUserWithAllMassOnSlotOne() {
        ReplayPolicySpec spec = resolved("serving:mf-topk:model=recs", List.of(embeddings(1, 0, 0)));
        ReplayPolicy policy = ReplayPolicies.create(spec, settings(spec));
        // u0 scores a < b < d (x is unknown: last); u1 the other way round.
        Slate u0 = policy.decide(event("u0", 2), new SplittableRandom(1));
        assertThat(u0.actions()).containsExactly(3, 1);
        assertThat(u0.firstSlotDistribution(4)).containsExactly(0, 0, 0, 1);
        assertThat(policy.decide(event("u1", 3), new SplittableRandom(1)).actions()).containsExactly(0, 1, 3);
        assertThat(policy.learns()).isFalse();
    }

    @Test
    void aSpecWithItsModelSurvivesJavaSerialisationAsFlinkShipsIt() throws Exception {
        ReplayPolicySpec spec = resolved("serving:epsilon-greedy:model=recs,epsilon=0.3", List.of(embeddings(1, 0, 0)));
        ReplayPolicySpec bandit = resolved("serving:neucb:model=neucb", List.of(bandit("neucb", 2)));
        ReplaySettings settings = new ReplaySettings(List.of(spec, bandit), 10, List.of(), 1, 2, LogFormat.EDDY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        ReplaySettings back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ReplaySettings) in.readObject();
        }
        for (int p = 0; p < 2; p++) {
            Slate before = ReplayPolicies.create(settings.policies().get(p), settings).decide(event("u1", 3), new SplittableRandom(8));
            Slate after = ReplayPolicies.create(back.policies().get(p), back).decide(event("u1", 3), new SplittableRandom(8));
            assertThat(after.actions()).containsExactly(before.actions());
            assertThat(after.propensities()).containsExactly(before.propensities());
        }
        assertThat(ReplayPolicies.serving(back.policies().get(1)).policy().modelVersion()).isEqualTo(2L);
    }

    @Test
    void anUnresolvedSpecIsRefusedOnTheTask() {
        ReplayPolicySpec spec = ReplayPolicySpec.parse("serving:mf-topk:model=recs");
        assertThatThrownBy(() -> ReplayPolicies.serving(spec)).hasMessageContaining("was not read");
    }

    private static ReplaySettings settings(ReplayPolicySpec spec) {
        return new ReplaySettings(List.of(spec), 10, List.of(), 1, 1, LogFormat.EDDY);
    }
}
