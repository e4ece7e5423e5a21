package dev.eddy.jobs.retrain;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.recsys.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrainSettingsTest {

    static RetrainSettings settings(int historyMaxItems) {
        return RetrainSettings.from(config(Map.of("retrain.history-max-items", Integer.toString(historyMaxItems))));
    }

    private static EddyConfig config(Map<String, String> values) {
        Map<String, String> v = new HashMap<>(Map.of("kafka.bootstrap-servers", "127.0.0.1:1"));
        v.putAll(values);
        return EddyConfig.of(v, EddyKeys.all());
    }

    @Test
    void defaultsArePldMfWithAGate() {
        RetrainSettings s = RetrainSettings.from(config(Map.of()));
        assertThat(s.trainingConfig().method().label()).isEqualTo("pld");
        assertThat(s.trainingConfig().dim()).isEqualTo(64);
        assertThat(s.gateTolerance()).isEqualTo(0.01);
        // The trainer's own defaults: a retrain stops on its validation slice, the epochs only bound it.
        TrainingConfig defaults = TrainingConfig.builder().build();
        assertThat(s.trainingConfig().epochs()).isEqualTo(defaults.epochs());
        assertThat(s.trainingConfig().patience()).isEqualTo(defaults.patience()).isPositive();
        assertThat(s.trainingConfig().evalEvery()).isEqualTo(defaults.evalEvery());
        assertThat(s.trainingConfig().learningRate()).isEqualTo(defaults.learningRate());
        assertThat(s.trainingConfig().batchSize()).isEqualTo(defaults.batchSize());
        RetrainSettings never = RetrainSettings.from(config(Map.of("retrain.patience", "0", "retrain.eval-every", "2")));
        assertThat(never.trainingConfig().patience()).isZero();
        assertThat(never.trainingConfig().evalEvery()).isEqualTo(2);
    }

    @Test
    void badValuesFailNamingTheKey() {
        assertThatThrownBy(() -> RetrainSettings.from(config(Map.of("retrain.interval", "0s", "retrain.every-interactions", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retrain.interval")
                .hasMessageContaining("retrain.every-interactions");
        assertThatThrownBy(() -> RetrainSettings.from(config(Map.of("retrain.method", "sgd"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'retrain.method' = 'sgd'");
        assertThatThrownBy(() -> RetrainSettings.from(config(Map.of("retrain.backbone", "gcn"))))
                .hasMessageContaining("'retrain.backbone'");
        assertThatThrownBy(() -> RetrainSettings.from(config(Map.of("retrain.history-max-age", "0s"))))
                .hasMessageContaining("'retrain.history-max-age'");
        assertThatThrownBy(() -> RetrainSettings.from(config(Map.of("retrain.dim", "4000", "retrain.block-bytes", "4096"))))
                .hasMessageContaining("'retrain.dim'");
        assertThatThrownBy(() -> RetrainSettings.from(config(Map.of("retrain.device", "tpu"))))
                .hasMessageContaining("retrain.*");
        assertThatThrownBy(() -> config(Map.of("retrain.epochs", "0"))).hasMessageContaining("retrain.epochs");
        assertThatThrownBy(() -> config(Map.of("retrain.patience", "-1"))).hasMessageContaining("retrain.patience");
        assertThatThrownBy(() -> config(Map.of("retrain.eval-every", "0"))).hasMessageContaining("retrain.eval-every");
    }
}
