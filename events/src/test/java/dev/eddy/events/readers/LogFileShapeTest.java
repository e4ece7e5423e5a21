package dev.eddy.events.readers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogFileShapeTest {

    @Test
    void vowpalWabbitsFormatsAreToldApart() {
        // VW's --json input: a label and namespaces at the top level.
        assertThat(LogFileShape.ofLine("{\"_label\":1,\"a\":{\"x\":1},\"b\":{\"y\":\"z\"}}").description())
                .contains("plain JSON example format").contains("not DSJson");
        // Continuous actions: an action from a range with a density, no discrete candidates.
        LogFileShape ca = LogFileShape.ofLine("{\"_label_ca\":{\"cost\":0.6,\"pdf_value\":6.2e-5,\"action\":185.1},"
                + "\"Version\":\"1\",\"c\":{\"f\":{\"x\":1}}}");
        assertThat(ca.description()).contains("continuous-action");
        assertThat(ca.format()).isNull();
        assertThat(LogFileShape.ofLine("{\"_label_cost\":-1,\"_label_probability\":0.5,\"a\":[1,2],\"p\":[0.5,0.5],"
                + "\"c\":{\"_multi\":[{},{}]}}").format()).isEqualTo("dsjson");
        assertThat(LogFileShape.ofLine("{\"_outcomes\":[],\"c\":{}}").description()).contains("slates");
        assertThat(LogFileShape.ofLine("1:-1:0.5 | a b c").description()).contains("text format");
        assertThat(LogFileShape.ofLine(",timestamp,item_id,position,click,propensity_score").format()).isEqualTo("obd");
        assertThat(LogFileShape.ofLine("{\"decision\":{},\"rewards\":[]}").format()).isEqualTo("eddy");
        assertThat(LogFileShape.ofLine("{\"x\":1,\"y\":2}").description()).contains("[x, y]");
    }

    @Test
    void theFirstNonBlankLineDecidesAndAnEmptyFileSaysSo(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "\n\n");
        assertThat(LogFileShape.of(empty).description()).isEqualTo("an empty file");
        Path plain = Files.writeString(dir.resolve("plain.json"), "\n{\"_label\":1,\"ns\":{\"f\":1}}\n");
        assertThat(LogFileShape.of(plain).description()).contains("plain JSON");
    }
}
