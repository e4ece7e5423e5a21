package dev.eddy.events.features;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.events.json.EventJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feature forms clients send (VW, Personalizer) and the one canonical form they become. */
class FeatureFormsTest {

    private static Map<String, Map<String, Double>> read(String json) throws Exception {
        return FeatureForms.normalise(EventJson.mapper().readTree(json));
    }

    @Test
    void flatFeaturesGoToTheDefaultNamespaceStringsAreCategoricalAndTrueIsOne() throws Exception {
        assertThat(read("{\"hour\": 13, \"device\": \"ios\", \"mobile\": true, \"tablet\": false, \"note\": \"\"}"))
                .isEqualTo(Map.of(" ", Map.of("hour", 13.0, "device=ios", 1.0, "mobile", 1.0)));
    }

    @Test
    void nestedObjectsAreNamespacesAtAnyDepth() throws Exception {
        assertThat(read("{\"user\": {\"age\": 31, \"country\": \"DE\", \"geo\": {\"city\": \"Berlin\"}}}"))
                .isEqualTo(Map.of("user", Map.of("age", 31.0, "country=DE", 1.0), "geo", Map.of("city=Berlin", 1.0)));
    }

    @Test
    void personalizersArrayOfObjectsMergesTheObjects() throws Exception {
        String personalizer = """
                [{"user": {"profileType": "AnonymousUser", "latlong": ["47.6,-122.1"]}},
                 {"environment": {"dayOfMonth": "28", "timeOfDay": "13:00"}},
                 {"device": {"mobile": true, "Windows": true}},
                 {"recentActivity": {"itemsInCart": 3}}]""";
        Map<String, Map<String, Double>> f = read(personalizer);
        assertThat(f).containsOnlyKeys("user", "latlong", "environment", "device", "recentActivity");
        assertThat(f.get("user")).isEqualTo(Map.of("profileType=AnonymousUser", 1.0));
        assertThat(f.get("latlong")).isEqualTo(Map.of("latlong=47.6,-122.1", 1.0));
        assertThat(f.get("environment")).isEqualTo(Map.of("dayOfMonth=28", 1.0, "timeOfDay=13:00", 1.0));
        assertThat(f.get("device")).isEqualTo(Map.of("mobile", 1.0, "Windows", 1.0));
        assertThat(f.get("recentActivity")).isEqualTo(Map.of("itemsInCart", 3.0));
    }

    @Test
    void numbersInAnArrayAreNamedByIndexAndRepeatedNamesAdd() throws Exception {
        assertThat(read("{\"emb\": [0.5, -1, 2]}")).isEqualTo(Map.of("emb", Map.of("0", 0.5, "1", -1.0, "2", 2.0)));
        assertThat(read("[{\"tag\": \"a\"}, {\"tag\": \"a\"}, {\"tag\": \"b\"}]"))
                .isEqualTo(Map.of(" ", Map.of("tag=a", 2.0, "tag=b", 1.0)));
    }

    @Test
    void refusalsNameThePathWhatWasExpectedAndWhatCame() {
        assertThatThrownBy(() -> read("{\"user\": {\"age\": null}}"))
                .isInstanceOfSatisfying(FeatureForms.InvalidFeaturesException.class, e -> {
                    assertThat(e.path()).containsExactly("user", "age");
                    assertThat(e.problem()).isEqualTo("expected a number, string, boolean, object or array, got null");
                });
        assertThatThrownBy(() -> read("{\"user\": {\"age\": 1e400}}")).hasMessage(
                "user.age: expected a finite number, got one beyond the range of a double");
        assertThatThrownBy(() -> read("[{\"a\": 1}, 7]")).hasMessage("[1]: expected an object of features, got a number");
        assertThatThrownBy(() -> read("\"ios\"")).hasMessage(
                "features: expected an object of features or an array of such objects, got a string");
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertThatThrownBy(() -> read(deep)).hasMessageContaining("nested deeper than " + FeatureForms.MAX_DEPTH);
    }

    /**
     * The canonical form reads back as itself, in the same order: the features, and so their hashes and every
     * existing model's scores, are what they were before other forms were accepted.
     */
    @Property(tries = 500, seed = "16")
    void theCanonicalFormIsReadUnchanged(@ForAll("canonical") Map<String, Map<String, Double>> features) throws Exception {
        JsonNode json = EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(features));
        Map<String, Map<String, Double>> back = FeatureForms.normalise(json);
        assertThat(back).isEqualTo(features);
        assertThat(new ArrayList<>(back.keySet())).isEqualTo(new ArrayList<>(features.keySet()));
        for (String ns : features.keySet()) {
            assertThat(new ArrayList<>(back.get(ns).keySet())).isEqualTo(new ArrayList<>(features.get(ns).keySet()));
        }
        FeatureHasher hasher = new FeatureHasher(HashingConfig.ofBits(18).withCrosses("*:*"));
        assertThat(hasher.hash(back)).isEqualTo(hasher.hash(features));
    }

    @Provide
    Arbitrary<Map<String, Map<String, Double>>> canonical() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('=', '_', ' ', 'é', '.')
                .ofMinLength(1).ofMaxLength(8);
        Arbitrary<Double> values = Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.integers().between(-5, 5).map(Integer::doubleValue));
        Arbitrary<Map<String, Double>> namespace = Arbitraries.maps(names, values).ofMaxSize(6).map(LinkedHashMap::new);
        return Arbitraries.maps(names, namespace).ofMaxSize(4).map(LinkedHashMap::new);
    }

    @Test
    void nothingIsNull() throws Exception {
        assertThat(FeatureForms.normalise(null)).isNull();
        assertThat(read("{}")).isEmpty();
        assertThat(read("[]")).isEmpty();
    }
}
