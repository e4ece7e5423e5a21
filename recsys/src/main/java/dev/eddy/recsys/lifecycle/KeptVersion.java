package dev.eddy.recsys.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.eddy.events.json.EventJson;
import dev.eddy.recsys.train.Backbone;
import dev.eddy.recsys.train.WarmStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An accepted (published) trained version that the lifecycle keeps: the current one and the last
 * {@code retrain.keep-versions} before it, each with its held-out metrics, for rollback and warm starts. A rollback
 * keeps the version it made as well: a copy of the version it went back to, under its new number.
 *
 * <p>Versions kept by older releases did not record everything: {@code trainedVersion}, {@code dataFrom} and
 * {@code dataTo} are then 0 and {@code trainingConfig} null, and the methods below read them with that in mind.
 *
 * @param version         the published version number
 * @param createdAt       when it was accepted, epoch ms
 * @param recall          held-out Recall@20
 * @param ndcg            held-out NDCG@20
 * @param holdoutUsers    users in the held-out slice
 * @param interactions    interactions of the data it was trained on
 * @param parameters      layer-0 parameters: what the next retrain warm-starts from
 * @param representations scoring tables when they differ from the parameters (LightGCN); null for MF
 * @param trainedVersion  the retrain whose training made these tables (this version, or for a rollback the retrain
 *                        it went back to); 0 when not recorded
 * @param rolledBackFrom  for a rollback: the kept version whose tables it republished; 0 for a retrain
 * @param dataFrom        event-time range of the training data, epoch ms; 0 when not known
 * @param dataTo          see {@code dataFrom}
 * @param trainingConfig  the training configuration ({@code TrainingConfig.asMap}) as a JSON object of strings;
 *                        null when not known
 */
public record KeptVersion(long version, long createdAt, double recall, double ndcg, int holdoutUsers, long interactions,
                          IdTables parameters, IdTables representations, long trainedVersion, long rolledBackFrom,
                          long dataFrom, long dataTo, String trainingConfig) {
    private static final Logger LOG = LoggerFactory.getLogger(KeptVersion.class);
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};

    /** What serving scores with. */
    public IdTables scoring() {
        return representations == null ? parameters : representations;
    }

    /** The retrain these tables come from (older state did not record it: then this version is that retrain). */
    public long trainedFrom() {
        return trainedVersion == 0 ? version : trainedVersion;
    }

    /** The backbone's label as a manifest's model type: only LightGCN has representations apart. */
    public String modelType() {
        return (representations == null ? Backbone.MF : Backbone.LIGHTGCN).label();
    }

    /** Where the next retrain continues from. */
    public WarmStart warmStart() {
        return new WarmStart(parameters.userIndex(), parameters.itemIndex(), parameters.tables());
    }

    /** The training configuration these tables were trained with; empty when it was not recorded or is unreadable. */
    public Map<String, String> trainingParams() {
        if (trainingConfig == null) return Map.of();
        try {
            return EventJson.mapper().readValue(trainingConfig, STRING_MAP);
        } catch (JsonProcessingException e) {
            LOG.warn("training configuration of version {} is unreadable, left out: {}", version, e.getOriginalMessage());
            return Map.of();
        }
    }

    /** This version's tables and held-out metrics again, as version {@code newVersion}: what a rollback keeps. */
    public KeptVersion republishedAs(long newVersion, long now) {
        // Tables shared, not copied: they are never changed in place (a new version always brings new arrays).
        return new KeptVersion(newVersion, now, recall, ndcg, holdoutUsers, interactions, parameters, representations,
                trainedFrom(), version, dataFrom, dataTo, trainingConfig);
    }
}
