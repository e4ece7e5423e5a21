package dev.eddy.jobs.retrain;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ControlDeserializerTest {

    private static ControlInput read(String json, long offset) {
        List<ControlInput> out = new ArrayList<>();
        byte[] value = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        new ControlDeserializer().deserialize(new ConsumerRecord<>("eddy.control", 0, offset,
                "recs".getBytes(StandardCharsets.UTF_8), value), new ListCollector<>(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static DeadLetter dead(String json) throws Exception {
        ControlInput in = read(json, 42);
        assertThat(in.dead).as(json).isTrue();
        DeadLetter dl = EventJson.parseDeadLetter(in.deadLetter);
        assertThat(dl.stage()).isEqualTo("retrain/parse-control");
        assertThat(dl.sourceTopic()).isEqualTo("eddy.control");
        assertThat(dl.partition()).isZero();
        assertThat(dl.offset()).isEqualTo(42L);
        if (json != null) assertThat(new String(dl.raw(), StandardCharsets.UTF_8)).isEqualTo(json);
        return dl;
    }

    @Test
    void aValidRollbackKeepsItsFieldsAndWhereItCameFrom() {
        String json = "{\"command\":\"rollback\",\"model\":\"recs\",\"toVersion\":5,\"reason\":\"bad retrain\","
                + "\"requestedAt\":\"2026-11-25T04:00:00+01:00\",\"by\":\"ops\"}";
        ControlInput in = read(json, 3);
        assertThat(in.dead).isFalse();
        assertThat(in.command).isEqualTo("rollback");
        assertThat(in.model).isEqualTo("recs");
        assertThat(in.toVersion).isEqualTo(5);
        assertThat(in.reason).isEqualTo("bad retrain");
        assertThat(in.requestedAt).isEqualTo("2026-11-25T03:00:00Z");
        assertThat(in.where()).isEqualTo("eddy.control-0/3");
        assertThat(new String(in.raw, StandardCharsets.UTF_8)).isEqualTo(json);

        ControlInput bare = read("{\"command\":\"rollback\",\"model\":\"recs\",\"toVersion\":1}", 4);
        assertThat(bare.reason).isNull();
        assertThat(bare.requestedAt).isNull();
    }

    @Test
    void whatCannotBeACommandIsADeadLetterWithTheReason() throws Exception {
        assertThat(dead("{\"command\":\"rollback\",").reason()).startsWith("control command: malformed JSON");
        assertThat(dead("{\"command\":\"retrain-now\",\"model\":\"recs\"}").reason())
                .isEqualTo("control command: unknown command 'retrain-now' (known: rollback)");
        assertThat(dead("{\"model\":\"recs\",\"toVersion\":5}").reason()).isEqualTo("control command: missing command");
        assertThat(dead("{\"command\":\"rollback\",\"toVersion\":5}").reason()).isEqualTo("control command: missing model");
        assertThat(dead("{\"command\":\"rollback\",\"model\":\"recs\"}").reason())
                .isEqualTo("control command rollback for recs: missing toVersion");
        assertThat(dead("{\"command\":\"rollback\",\"model\":\"recs\",\"toVersion\":0}").reason())
                .isEqualTo("control command rollback for recs: toVersion must be >= 1, was 0");
        assertThat(dead("{\"command\":\"rollback\",\"model\":\"recs\",\"toVersion\":\"5\"}").reason())
                .startsWith("control command: field 'toVersion'");
        assertThat(dead("{\"command\":\"rollback\",\"model\":\"recs\",\"toVersion\":5,\"requestedAt\":\"soon\"}").reason())
                .startsWith("control command: field 'requestedAt'");
        assertThat(dead("[1,2]").reason()).startsWith("control command:");
        assertThat(dead(null).reason()).isEqualTo("control command: empty record");
    }
}
