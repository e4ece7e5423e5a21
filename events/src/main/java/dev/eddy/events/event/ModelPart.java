package dev.eddy.events.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record of the {@code eddy.models} topic: the manifest of a model version or one of its parameter blocks.
 * A version is complete when its manifest and all {@code blockCount} blocks have arrived.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ModelManifest.class, name = "manifest"),
        @JsonSubTypes.Type(value = ModelBlock.class, name = "block")
})
public sealed interface ModelPart permits ModelManifest, ModelBlock {
    String model();

    long version();

    /** The Kafka key: model, version and part, so that compaction keeps each part of each version. */
    String key();
}
