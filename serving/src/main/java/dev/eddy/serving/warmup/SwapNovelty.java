package dev.eddy.serving.warmup;

import dev.eddy.serving.model.EmbeddingIndex;
import dev.eddy.serving.model.ServingModels;

import java.util.Map;

/**
 * Whether a snapshot about to be served holds something requests have not run yet: an embedding model answering
 * from another retriever (a new graph or scan: its pages are cold, its searcher threads new), or a policy object
 * (bandit or session) that is not the one served. A delta that only changed users shares the served retriever and
 * needs no warm-up; the retrain job folds users in every second, and warming each of those would cost a core.
 */
final class SwapNovelty {
    private SwapNovelty() {}

    static boolean bringsNewCode(ServingModels current, ServingModels next) {
        for (Map.Entry<String, EmbeddingIndex> e : next.embeddings().entrySet()) {
            EmbeddingIndex served = current.embeddings().get(e.getKey());
            if (served == null || served.retriever() != e.getValue().retriever()) return true;
        }
        for (var e : next.bandits().entrySet()) {
            if (current.bandits().get(e.getKey()) != e.getValue()) return true;
        }
        for (var e : next.sessions().entrySet()) {
            if (current.sessions().get(e.getKey()) != e.getValue()) return true;
        }
        return false;
    }
}
