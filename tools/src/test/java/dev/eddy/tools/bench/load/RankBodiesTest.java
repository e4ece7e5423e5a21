package dev.eddy.tools.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RankBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bodiesAreValidSeededAndShapedAsTheApiSays() throws Exception {
        SyntheticPopulation p = SyntheticPopulation.of(50, 40).withItemPrefix("item");
        RankBodies a = new RankBodies(p, 7, 30, null, 3);
        RankBodies b = new RankBodies(p, 7, 30, null, 3);
        for (int n = 0; n < 100; n++) {
            byte[] body = a.next();
            assertThat(body).isEqualTo(b.next());
            JsonNode j = JSON.readTree(body);
            String user = j.get("userId").asText();
            int u = Integer.parseInt(user.substring(1));
            assertThat(u).isBetween(0, 49);
            assertThat(j.at("/context/user").fieldNames().next()).isEqualTo("segment=" + u % SyntheticPopulation.DEFAULT_CLUSTERS);
            assertThat(j.get("k").asInt()).isEqualTo(7);
            assertThat(j.has("experimentId")).isFalse();
            Set<String> ids = new HashSet<>();
            for (JsonNode c : j.get("candidates")) {
                String id = c.get("id").asText();
                assertThat(id).startsWith("item");
                assertThat(c.at("/features/item/" + id).asDouble()).isEqualTo(1.0);
                ids.add(id);
            }
            assertThat(ids).hasSize(30);
        }
        assertThat(new RankBodies(p, 7, 30, null, 4).next()).isNotEqualTo(new RankBodies(p, 7, 30, null, 3).next());
    }

    @Test
    void withoutCandidatesTheServerRetrievesThem() throws Exception {
        JsonNode j = JSON.readTree(new RankBodies(SyntheticPopulation.of(10, 10), 3, 0, "e", 1).next());
        assertThat(j.has("candidates")).isFalse();
        assertThat(j.get("experimentId").asText()).isEqualTo("e");
        assertThatThrownBy(() -> new RankBodies(SyntheticPopulation.of(10, 10), 3, 11, null, 1))
                .hasMessageContaining("candidates");
    }
}
