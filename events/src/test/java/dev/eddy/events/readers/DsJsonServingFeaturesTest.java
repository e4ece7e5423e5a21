package dev.eddy.events.readers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.events.event.Decision;
import dev.eddy.events.features.FeatureForms;
import dev.eddy.events.features.FeatureHasher;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model learned from DSJson logs (replay, bandit-eval) is served on the context clients send: the DSJson reader and
 * serving's FeatureForms must turn the same JSON context into the same hashed features, booleans included
 * (VW's rule in both: {@code true} is the feature with value 1, {@code false} is no feature).
 */
class DsJsonServingFeaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT = "{\"hour\":13,\"device\":\"ios\",\"premium\":true,\"trial\":false,"
            + "\"user\":{\"age\":0.3,\"returning\":true,\"churned\":false,\"country\":\"NZ\"},"
            + "\"Tags\":[\"jazz\",\"blues\"],\"embedding\":[0.5,-0.25],"
            + "\"j\":[{\"sentiment\":0.9,\"adult\":false},{\"Vision\":{\"racy\":false,\"outdoor\":true}}]}";
    private static final String ACTION = "{\"item\":{\"id\":\"a1\",\"fresh\":true,\"stale\":false,\"price\":2.5}}";

    @Test
    void theReaderAndServingHashTheSameContextAlike() throws Exception {
        String line = "{\"_label_cost\":-1,\"_label_probability\":0.5,\"_labelIndex\":0,\"c\":"
                + CONTEXT.substring(0, CONTEXT.length() - 1) + ",\"_multi\":[" + ACTION + "]}}";
        List<LoggedEvent> events = new ArrayList<>();
        List<BadRecord> problems = new ArrayList<>();
        DsJsonReader.read("mem", new BufferedReader(new StringReader(line)), events::add, problems::add);
        assertThat(problems).isEmpty();
        Decision logged = events.get(0).decision();

        Map<String, Map<String, Double>> served = FeatureForms.normalise(JSON.readTree(CONTEXT));
        Map<String, Map<String, Double>> servedAction = FeatureForms.normalise(JSON.readTree(ACTION));
        assertThat(logged.context()).isEqualTo(served);
        assertThat(logged.candidates().get(0).features()).isEqualTo(servedAction);

        FeatureHasher hasher = new FeatureHasher(HashingConfig.ofBits(18).withCrosses("user:item", " :item"));
        assertSame(hasher.hashJoint(logged.context(), logged.candidates().get(0).features()),
                hasher.hashJoint(served, servedAction));
        // The rule itself: true is the feature, false nothing.
        assertThat(served.get(" ")).containsEntry("premium", 1.0).doesNotContainKeys("trial", "trial=false", "premium=true");
        assertThat(served.get("user")).containsEntry("returning", 1.0).doesNotContainKey("churned");
    }

    private static void assertSame(SparseVector logged, SparseVector served) {
        assertThat(logged.indices()).containsExactly(served.indices());
        assertThat(logged.values()).containsExactly(served.values());
    }

}
