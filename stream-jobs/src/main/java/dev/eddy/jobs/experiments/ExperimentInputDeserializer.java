package dev.eddy.jobs.experiments;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.experiment.Segment;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * Parses and validates records of the decisions, examples and interactions topics inside the Kafka source (so that
 * event time is known per partition), and keeps what the experiments job counts. A record that cannot be parsed, or a
 * decision of a measured experiment that the job cannot count (no user, a variant the file does not have), becomes a
 * dead letter with its reason, topic, partition, offset and raw bytes; it never stops the job.
 */
public class ExperimentInputDeserializer implements KafkaRecordDeserializationSchema<ExperimentInput> {

    private final String decisionsTopic;
    private final String examplesTopic;
    private final ExperimentsSettings settings;

    public ExperimentInputDeserializer(String decisionsTopic, String examplesTopic, ExperimentsSettings settings) {
        this.decisionsTopic = decisionsTopic;
        this.examplesTopic = examplesTopic;
        this.settings = settings;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ExperimentInput> out) {
        String stage = record.topic().equals(decisionsTopic) ? "experiments/parse-decision"
                : record.topic().equals(examplesTopic) ? "experiments/parse-example" : "experiments/parse-interaction";
        try {
            out.collect(read(record));
        } catch (InvalidEventException | RuntimeException e) {
            String reason = e instanceof InvalidEventException ? e.getMessage() : "unexpected error: " + e;
            DeadLetter dl = DeadLetter.of(reason, stage, record.topic(), record.partition(), record.offset(),
                    record.value());
            out.collect(ExperimentInput.dead(EventJson.write(dl)));
        }
    }

    private ExperimentInput read(ConsumerRecord<byte[], byte[]> record) throws InvalidEventException {
        if (record.topic().equals(decisionsTopic)) {
            Decision d = EventJson.parseDecision(record.value());
            ExperimentPlan plan = exposure(d);
            if (plan == null) return ExperimentInput.ignored(d.timestamp().toEpochMilli());
            return ExperimentInput.decision(d.userId(), d.timestamp().toEpochMilli(), d.experimentId(), d.variant(),
                    specs(plan), values(plan, d), d.latencyMs() == null ? Double.NaN : d.latencyMs());
        }
        if (record.topic().equals(examplesTopic)) {
            JoinedExample e = EventJson.parseExample(record.value());
            Decision d = e.decision();
            ExperimentPlan plan = exposure(d);
            if (plan == null) return ExperimentInput.ignored(e.windowEnd().toEpochMilli());
            return ExperimentInput.example(d.userId(), e.windowEnd().toEpochMilli(), d.experimentId(), d.variant(),
                    d.timestamp().toEpochMilli(), specs(plan), values(plan, d), e.reward());
        }
        Interaction i = EventJson.parseInteraction(record.value());
        return ExperimentInput.interaction(i.userId(), i.timestamp().toEpochMilli(), i.type(), i.value());
    }

    /** The decision's experiment when the decision is an exposure in it; null when the job does not count it. */
    private ExperimentPlan exposure(Decision d) throws InvalidEventException {
        ExperimentPlan plan = settings.experiment(d.experimentId());
        if (plan == null || !plan.exposes(d.timestamp().toEpochMilli())) return null;
        String where = "decision " + d.eventId() + " of experiment " + plan.id();
        if (d.userId() == null || d.userId().isBlank()) {
            throw new InvalidEventException(where + " has no userId: the experiments job counts users");
        }
        if (d.variant() == null || !plan.hasVariant(d.variant())) {
            throw new InvalidEventException(where + ": variant " + (d.variant() == null ? "missing" : "'" + d.variant() + "'")
                    + " is not one of the experiment's variants " + plan.variants());
        }
        return plan;
    }

    private static String[] specs(ExperimentPlan plan) {
        List<Segment> segments = plan.segments();
        String[] specs = new String[segments.size()];
        for (int i = 0; i < specs.length; i++) specs[i] = segments.get(i).toString();
        return specs;
    }

    private static String[] values(ExperimentPlan plan, Decision d) {
        List<Segment> segments = plan.segments();
        String[] values = new String[segments.size()];
        for (int i = 0; i < values.length; i++) values[i] = segments.get(i).valueIn(d.context()).orElse(null);
        return values;
    }

    @Override
    public TypeInformation<ExperimentInput> getProducedType() {
        return TypeInformation.of(ExperimentInput.class);
    }
}
