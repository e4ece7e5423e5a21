package dev.eddy.recsys.train;

import dev.eddy.recsys.data.IdIndex;

import java.util.List;

/**
 * A trained recommender: the tables to score with, the tables to continue training from, and how it came about.
 *
 * @param users           user ids of the rows
 * @param items           item ids of the rows
 * @param parameters      the trained embedding tables (layer 0), what a warm start continues from
 * @param representations what scoring uses: the parameters for MF, the propagated layer mean for LightGCN
 * @param config          the configuration it was trained with
 * @param history         per-epoch figures, in order
 * @param bestEpoch       the epoch whose tables these are (validation-selected, else the last)
 * @param bestValidRecall validation Recall@20 at {@code bestEpoch}, NaN without validation
 */
public record TrainedModel(IdIndex users, IdIndex items, EmbeddingTables parameters, EmbeddingTables representations,
                           TrainingConfig config, List<EpochStats> history, int bestEpoch, double bestValidRecall) {
    public TrainedModel {
        history = List.copyOf(history);
    }
}
