package dev.eddy.serving.warmup;

import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.serving.model.EmbeddingIndex;
import dev.eddy.serving.model.ServingModels;
import dev.eddy.serving.retrieval.RetrievalSettings;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SwapNoveltyTest {

    private static EmbeddingModel model(long version, Map<String, float[]> users, Map<String, float[]> items) {
        return new EmbeddingModel("recs", version, 2, users, items);
    }

    private static ServingModels serving(EmbeddingIndex index) {
        return new ServingModels(Map.of("recs", index), Map.of(), Map.of());
    }

    @Test
    void aDeltaOfUsersOnlySharesTheRetrieverAndNeedsNoWarmUpNewItemsDo() {
        Map<String, float[]> items = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) items.put("i" + i, new float[]{i, 1});
        Map<String, float[]> users = Map.of("u1", new float[]{1, 0});
        EmbeddingIndex v1 = EmbeddingIndex.of(model(1, users, items), RetrievalSettings.DEFAULT, Runnable::run);
        ServingModels served = serving(v1);

        assertThat(SwapNovelty.bringsNewCode(ServingModels.EMPTY, served)).as("the first version").isTrue();
        assertThat(SwapNovelty.bringsNewCode(served, served)).isFalse();

        // The retrain job's fold-in of a user: same item arrays, so the same retriever.
        Map<String, float[]> moreUsers = new LinkedHashMap<>(users);
        moreUsers.put("u2", new float[]{0, 1});
        EmbeddingIndex v2 = EmbeddingIndex.of(model(2, moreUsers, items), RetrievalSettings.DEFAULT, Runnable::run, v1);
        assertThat(v2.retriever()).isSameAs(v1.retriever());
        assertThat(SwapNovelty.bringsNewCode(served, serving(v2))).isFalse();

        Map<String, float[]> newItems = new LinkedHashMap<>(items);
        newItems.put("i99", new float[]{3, 3});
        EmbeddingIndex v3 = EmbeddingIndex.of(model(3, moreUsers, newItems), RetrievalSettings.DEFAULT, Runnable::run, v2);
        assertThat(SwapNovelty.bringsNewCode(serving(v2), serving(v3))).as("a new catalogue").isTrue();
    }
}
