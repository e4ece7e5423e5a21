package dev.eddy.jobs.learn;

import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;
import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a learner operator's keyed state and published versions in the checkpoint compatibility tests. */
final class LearnerCheckpoints {
    private LearnerCheckpoints() {}

    /** The descriptor of the learner operators' keyed state, as they declare it. */
    private static final ValueStateDescriptor<LearnerState> LEARNER =
            new ValueStateDescriptor<>("learner", TypeInformation.of(LearnerState.class));

    /** Model names that have keyed state, sorted. */
    static List<String> models(KeyedOneInputStreamOperatorTestHarness<String, ?, KeyedBytes> h) {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(LEARNER.getName(), VoidNamespace.INSTANCE)) {
            return keys.sorted().toList();
        }
    }

    /** The keyed state of {@code model}: what the last checkpoint (or prepareSnapshotPreBarrier) wrote. */
    static LearnerState state(KeyedOneInputStreamOperatorTestHarness<String, ?, KeyedBytes> h, String model)
            throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        Object key = backend.getCurrentKey();
        backend.setCurrentKey(model);
        try {
            return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LEARNER).value();
        } finally {
            if (key != null) backend.setCurrentKey((String) key);
        }
    }

    static void assertSameState(LearnerState actual, LearnerState expected, String model) {
        assertThat(actual).as(model).isNotNull();
        assertThat(actual.learner).as(model).isEqualTo(expected.learner);
        assertThat(actual.params).as(model).isEqualTo(expected.params);
        assertThat(actual.actions).as(model).isEqualTo(expected.actions);
        assertThat(actual.version).as(model).isEqualTo(expected.version);
        assertThat(actual.updates).as(model).isEqualTo(expected.updates);
        assertThat(actual.publishedUpdates).as(model).isEqualTo(expected.publishedUpdates);
        assertThat(actual.snapshot).as(model + " learner snapshot bytes").isEqualTo(expected.snapshot);
    }

    /** Same models, version numbers, manifests (but the creation time) and model bytes, in the same order. */
    static void assertSameVersions(List<ModelVersion> actual, List<ModelVersion> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            ModelManifest a = actual.get(i).manifest();
            ModelManifest e = expected.get(i).manifest();
            String what = e.model() + " version " + e.version();
            assertThat(a.model()).as(what).isEqualTo(e.model());
            assertThat(a.version()).as(what).isEqualTo(e.version());
            assertThat(a.modelType()).as(what).isEqualTo(e.modelType());
            assertThat(a.metrics()).as(what).isEqualTo(e.metrics());
            assertThat(a.params()).as(what).isEqualTo(e.params());
            assertThat(a.sha256()).as(what).isEqualTo(e.sha256());
            assertThat(OpaqueBlocks.payload(actual.get(i))).as(what).isEqualTo(OpaqueBlocks.payload(expected.get(i)));
        }
    }

    /** Complete versions in the output, in publication order. */
    static List<ModelVersion> versions(KeyedOneInputStreamOperatorTestHarness<String, ?, KeyedBytes> h) throws Exception {
        ModelAssembler a = new ModelAssembler();
        List<ModelVersion> out = new ArrayList<>();
        for (KeyedBytes kb : h.extractOutputValues()) a.accept(EventJson.parseModelPart(kb.value)).ifPresent(out::add);
        assertThat(a.rejected()).isEmpty();
        return out;
    }
}
