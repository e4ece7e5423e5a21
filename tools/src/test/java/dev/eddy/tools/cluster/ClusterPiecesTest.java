package dev.eddy.tools.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local cluster's pieces that need no process: its layout file, Flink config, classpaths and checks. */
class ClusterPiecesTest {

    @Test
    void theLayoutSurvivesItsFile(@TempDir Path dir) throws Exception {
        ClusterLayout layout = ClusterLayout.allocate(dir);
        layout.save();
        ClusterLayout back = ClusterLayout.load(dir);
        assertThat(back.bootstrap()).isEqualTo(layout.bootstrap()).matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");
        assertThat(back.controllerVoters()).isEqualTo(layout.controllerVoters()).startsWith("1@127.0.0.1:");
        assertThat(back.restUrl()).isEqualTo(layout.restUrl());
        assertThat(back.servingUrl(2)).isEqualTo(layout.servingUrl(2));
        assertThat(back.kafkaId()).isEqualTo(layout.kafkaId()).hasSize(22);
    }

    @Test
    void flinkReadsTheConfigAndSizesTheTaskManager(@TempDir Path dir) throws Exception {
        ClusterLayout layout = ClusterLayout.allocate(dir);
        new FlinkProcesses(layout).writeConfig();
        Configuration conf = GlobalConfiguration.loadConfiguration(layout.flinkConf().toString());
        assertThat(conf.toMap()).containsEntry("rest.port", String.valueOf(layout.restPort()))
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("taskmanager.numberOfTaskSlots", String.valueOf(FlinkProcesses.SLOTS));
        assertThat(conf.toMap().get("classloader.parent-first-patterns.additional")).contains("ai.djl.").contains("org.rocksdb.");
        Processes.Spec tm = new FlinkProcesses(layout).taskManager(3);
        assertThat(tm.jvmArgs()).anyMatch(a -> a.startsWith("-Xmx")).anyMatch(a -> a.startsWith("-XX:MaxDirectMemorySize="));
        assertThat(tm.args()).contains("taskmanager.resource-id=taskmanager-3");
    }

    @Test
    void flinkProcessesGetNeitherEddyNorKafka() {
        assertThat(Classpaths.flink()).noneMatch(e -> Path.of(e).getFileName().toString().startsWith("eddy-")
                || Path.of(e).getFileName().toString().startsWith("kafka-clients")
                || Path.of(e).getFileName().toString().startsWith("flink-connector-kafka"));
        assertThat(Classpaths.flink()).anyMatch(e -> e.contains("flink-runtime"));
    }

    @Test
    void versionsMustRiseByOne() {
        assertThat(new ModelVersions(Map.of("a", List.of(1L, 2L, 3L))).holds()).isTrue();
        ModelVersions gap = new ModelVersions(Map.of("a", List.of(1L, 2L, 4L)));
        assertThat(gap.holds()).isFalse();
        assertThat(gap.lines()).singleElement().asString().contains("gap 2 -> 4");
        ModelVersions again = new ModelVersions(Map.of("a", List.of(1L, 2L, 2L)));
        assertThat(again.lines()).singleElement().asString().contains("version 2 after 2");
        assertThat(new ModelVersions(Map.of()).holds()).isFalse();
    }

    @Test
    void theExactlyOnceLineIsTheIssuesFormat() {
        assertThat(new ExactlyOnce(120, 120, 0, 0, 0).line()).isEqualTo("exactly-once: 120 decisions, 120 examples, 0 missing, 0 duplicate");
        assertThat(new ExactlyOnce(120, 119, 1, 0, 0).holds()).isFalse();
        assertThat(new ExactlyOnce(120, 120, 0, 2, 0).holds()).isFalse();
    }
}
