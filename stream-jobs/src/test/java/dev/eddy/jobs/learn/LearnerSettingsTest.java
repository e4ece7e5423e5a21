package dev.eddy.jobs.learn;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LearnerSettingsTest {

    private static LearnerSettings of(Map<String, String> values) {
        return LearnerSettings.from(EddyConfig.of(values, EddyKeys.all()));
    }

    @Test
    void routesListedModelsToTheirLearnerAndTheRestToTheDefault() {
        LearnerSettings s = of(Map.of("learner.models", "prod=neufastcb:lr=0.01,sigma=0; b=linucb:mode=shared,alpha=0.5",
                "learner.default", "squarecb-linear"));
        assertThat(s.specOf("prod")).contains(new LearnerSpec("neufastcb", Map.of("lr", "0.01", "sigma", "0")));
        assertThat(s.specOf("b")).contains(new LearnerSpec("linucb", Map.of("mode", "shared", "alpha", "0.5")));
        assertThat(s.specOf("other")).contains(new LearnerSpec("squarecb-linear", Map.of()));
        assertThat(of(Map.of("learner.default", "none")).specOf("other")).isEmpty();
    }

    /** `eddy config` shows the key's description: the example there must be one the job accepts. */
    @Test
    void theExampleInTheKeysDescriptionIsAccepted() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("e\\.g\\. '([^']+)'")
                .matcher(EddyKeys.LEARNER_MODELS.description());
        assertThat(m.find()).as(EddyKeys.LEARNER_MODELS.description()).isTrue();
        LearnerSettings s = of(Map.of("learner.models", m.group(1)));
        assertThat(s.specOf("variant-b")).isPresent();
    }

    @Test
    void badLearnerConfigurationFailsAtStartNamingTheKey() {
        assertThatThrownBy(() -> of(Map.of("learner.models", "prod=neufastc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'learner.models'").hasMessageContaining("neufastc");
        assertThatThrownBy(() -> of(Map.of("learner.models", "prod=neufastcb:lrr=0.1")))
                .hasMessageContaining("'learner.models'").hasMessageContaining("lrr");
        assertThatThrownBy(() -> of(Map.of("learner.models", "prod")))
                .hasMessageContaining("'learner.models'").hasMessageContaining("NAME=LEARNER");
        assertThatThrownBy(() -> of(Map.of("learner.models", "a=uniform;a=uniform"))).hasMessageContaining("listed twice");
        // Sharding: only learners with parameter averaging (NeuCB) take it; counts are checked.
        assertThat(of(Map.of("learner.models", "prod=neufastcb:shards=4,merge-every=10")).specOf("prod"))
                .contains(new LearnerSpec("neufastcb", Map.of("shards", "4", "merge-every", "10")));
        assertThatThrownBy(() -> of(Map.of("learner.models", "prod=neufastcb:shards=0")))
                .hasMessageContaining("'learner.models'").hasMessageContaining("shards must be in 1..64");
        assertThatThrownBy(() -> of(Map.of("learner.models", "prod=neusquarecb:shards=2,merge-every=0")))
                .hasMessageContaining("'learner.models'").hasMessageContaining("merge-every");
        assertThatThrownBy(() -> of(Map.of("learner.models", "prod=squarecb-linear:shards=2")))
                .hasMessageContaining("'learner.models'").hasMessageContaining("shards");
        assertThatThrownBy(() -> of(Map.of("learner.default", "linucb")))
                .hasMessageContaining("'learner.default'").hasMessageContaining("mode=shared");
        assertThatThrownBy(() -> of(Map.of("learner.publish-every-updates", "0", "learner.publish-interval", "0s")))
                .hasMessageContaining("'learner.publish-every-updates'").hasMessageContaining("never");
        assertThatThrownBy(() -> of(Map.of("learner.block-bytes", "1025"))).hasMessageContaining("'learner.block-bytes'");
        assertThatThrownBy(() -> of(Map.of("learner.block-bytes", "900000"))).hasMessageContaining("'learner.block-bytes'");
        assertThatThrownBy(() -> of(Map.of("learner.hashing-crosses", "user")))
                .hasMessageContaining("'learner.hashing-crosses'");
        assertThatThrownBy(() -> of(Map.of("learner.hashing-crosses", "*:*,user:item")))
                .hasMessageContaining("'learner.hashing-crosses'").hasMessageContaining("*:*");
    }

    @Test
    void allPairsCrossesEveryPairOfNamespaces() {
        assertThat(of(Map.of("learner.hashing-crosses", "*:*")).hashing().crosses())
                .containsExactly(dev.eddy.events.features.HashingConfig.Cross.ALL_PAIRS);
    }
}
