package dev.eddy.jobs.replay;

import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.bandits.slate.SlatePolicies;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.events.model.EmbeddingModelAssembler;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.EmbeddingScorer;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.model.ModelTopicReader;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds the model versions that {@code serving:} specs name on the models topic and attaches them to the specs, on
 * the client before the job starts. The topic is read up to the end it has when the read begins, and its versions
 * are assembled as serving's model follower assembles them (parts checked by {@code ModelAssembler}, embedding
 * deltas applied by {@link EmbeddingModelAssembler}); a spec takes its model's newest complete version, or the
 * {@code version=N} it names.
 */
public final class ReplayModels {
    private ReplayModels() {}

    /** Whether any spec ranks with a model version, so that the topic must be read. */
    public static boolean needed(List<ReplayPolicySpec> specs) {
        return specs.stream().anyMatch(ReplayPolicySpec::needsModel);
    }

    /**
     * The specs with their model versions attached, read from {@code topic} on {@code bootstrap}.
     *
     * @throws IllegalArgumentException if a model or version is not there, or not of the kind its policy needs
     * @throws IllegalStateException    if the topic cannot be read to its end within {@code timeout}
     */
    public static List<ReplayPolicySpec> resolve(List<ReplayPolicySpec> specs, KafkaClientProperties kafka, String topic,
                                                 Duration timeout) {
        if (!needed(specs)) return specs;
        return resolve(specs, ModelTopicReader.readToEnd(kafka, topic, timeout).versions(), topic);
    }

    /** The specs with their model versions attached, from {@code versions} (complete, in topic order) of {@code where}. */
    public static List<ReplayPolicySpec> resolve(List<ReplayPolicySpec> specs, List<ModelVersion> versions, String where) {
        List<ReplayPolicySpec> out = new ArrayList<>(specs.size());
        for (ReplayPolicySpec s : specs) {
            out.add(s.needsModel() ? s.withModel(model(s.text(), s.serving(), versions, where)) : s);
        }
        return out;
    }

    private static ReplayModel model(String text, ServingPolicySpec s, List<ModelVersion> versions, String where) {
        return s.ranksByScores() ? embedding(text, s, versions, where) : learned(text, s, versions, where);
    }

    private static ReplayModel embedding(String text, ServingPolicySpec s, List<ModelVersion> versions, String where) {
        EmbeddingModelAssembler assembler = new EmbeddingModelAssembler();
        EmbeddingModel wanted = null;
        for (ModelVersion v : versions) {
            if (!v.model().equals(s.model())) continue;
            if (!EmbeddingRows.isEmbeddingRows(v)) throw wrongKind(text, v, "an embedding model");
            try {
                EmbeddingModel m = assembler.apply(v);
                if (s.version() != null && m.version() == s.version()) wanted = m;
            } catch (RuntimeException e) {
                // A delta without its base: serving's follower refuses it too and keeps the version before.
            }
        }
        if (s.version() == null) wanted = assembler.latest(s.model()).orElse(null);
        if (wanted == null) throw missing(text, s, "embedding model", versions, where);
        return new ReplayModel.Embedding(EmbeddingScorer.of(wanted));
    }

    private static ReplayModel learned(String text, ServingPolicySpec s, List<ModelVersion> versions, String where) {
        boolean bandit = SlatePolicies.isBandit(s.policy());
        String type = bandit ? BanditModelSpec.MODEL_TYPE : SessionModelSpec.MODEL_TYPE;
        ModelVersion wanted = null;
        for (ModelVersion v : versions) {
            if (!v.model().equals(s.model())) continue;
            if (!type.equals(v.manifest().modelType())) throw wrongKind(text, v, "a " + type + " model");
            boolean newer = wanted == null || v.version() > wanted.version();
            if (s.version() == null ? newer : v.version() == s.version()) wanted = v;
        }
        if (wanted == null) throw missing(text, s, type + " model", versions, where);
        try {
            // Restored once here, so that a version serving would refuse fails the command, not a task.
            if (bandit) BanditModelSpec.restore(wanted);
            else SessionModelSpec.restore(wanted);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "': " + wanted.model() + "/" + wanted.version()
                    + " does not restore: " + e.getMessage(), e);
        }
        return new ReplayModel.Learned(wanted.model(), wanted.version(), EventJson.write(wanted.manifest()),
                OpaqueBlocks.payload(wanted));
    }

    private static IllegalArgumentException wrongKind(String text, ModelVersion v, String needed) {
        return new IllegalArgumentException("'" + text + "': " + v.model() + "/" + v.version() + " is a "
                + v.manifest().modelType() + " model; the policy needs " + needed);
    }

    private static IllegalArgumentException missing(String text, ServingPolicySpec s, String kind,
                                                    List<ModelVersion> versions, String where) {
        TreeSet<String> models = new TreeSet<>();
        for (ModelVersion v : versions) models.add(v.model());
        String what = s.version() == null ? "no version of " + kind + " '" + s.model() + "'"
                : kind + " '" + s.model() + "' has no version " + s.version();
        return new IllegalArgumentException("'" + text + "': " + what + " on " + where + " (models there: " + models + ")");
    }
}
