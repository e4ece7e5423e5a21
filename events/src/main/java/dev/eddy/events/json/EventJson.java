package dev.eddy.events.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.event.Reward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON wire format of every Eddy record: UTF-8, one object per record, ISO-8601 timestamps,
 * absent fields left out. Parsing validates (see {@link EventValidator}) and reports problems as
 * {@link InvalidEventException} naming the field, never as a bare Jackson stack trace.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectReader DECISION = MAPPER.readerFor(Decision.class);
    private static final ObjectReader REWARD = MAPPER.readerFor(Reward.class);
    private static final ObjectReader INTERACTION = MAPPER.readerFor(Interaction.class);
    private static final ObjectReader EXAMPLE = MAPPER.readerFor(JoinedExample.class);
    private static final ObjectReader MODEL_PART = MAPPER.readerFor(ModelPart.class);
    private static final ObjectReader DEAD_LETTER = MAPPER.readerFor(DeadLetter.class);
    private static final ObjectReader CONTROL = MAPPER.readerFor(ControlCommand.class);
    private static final ObjectReader EXPERIMENT_RESULTS = MAPPER.readerFor(ExperimentResults.class);

    private EventJson() {}

    /** A mapper configured like the wire format, for code that needs Jackson directly. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper newMapper() {
        SimpleModule instants = new SimpleModule("eddy-instants");
        instants.addDeserializer(Instant.class, new FlexibleInstantDeserializer());
        return JsonMapper.builder()
                // Correctly rounded like Double.parseDouble/toString, so the same values, at a fraction of the
                // cost: decisions carry many feature values (JFR in `eddy bench join`).
                .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .addModule(new JavaTimeModule())
                .addModule(instants)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Producers may add fields we do not know yet; that must not break the pipeline.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // "chosen": [1.5] or "probabilities": ["0.5"] are producer bugs; say so instead of guessing.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    public static Decision parseDecision(byte[] json) throws InvalidEventException {
        Decision d = read(DECISION, json, "decision");
        EventValidator.validate(d);
        return d;
    }

    /**
     * The event id and time of a valid decision, read without binding it when the record is plainly valid
     * ({@link EventScanner}); otherwise the decision is bound and validated in full, so that it is accepted or
     * refused exactly as {@link #parseDecision} would, with the same reason.
     */
    public static EventScanner.DecisionId decisionId(byte[] json) throws InvalidEventException {
        EventScanner.DecisionId id = scanDecision(json);
        if (id != null) return id;
        Decision d = parseDecision(json);
        return new EventScanner.DecisionId(d.eventId(), d.timestamp().toEpochMilli());
    }

    /** As {@link #decisionId} for rewards: id, time, value and dedup key of a valid reward. */
    public static EventScanner.RewardId rewardId(byte[] json) throws InvalidEventException {
        EventScanner.RewardId id = scanReward(json);
        if (id != null) return id;
        Reward r = parseReward(json);
        return new EventScanner.RewardId(r.eventId(), r.timestamp().toEpochMilli(), r.value(), r.dedupKey());
    }

    /** The scan alone (null: not vouched for), on a parser configured as binding's. */
    static EventScanner.DecisionId scanDecision(byte[] json) {
        return json == null || json.length == 0 ? null : EventScanner.decision(parser(DECISION, json));
    }

    static EventScanner.RewardId scanReward(byte[] json) {
        return json == null || json.length == 0 ? null : EventScanner.reward(parser(REWARD, json));
    }

    private static com.fasterxml.jackson.core.JsonParser parser(ObjectReader reader, byte[] json) {
        try {
            return reader.createParser(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Reward parseReward(byte[] json) throws InvalidEventException {
        Reward r = read(REWARD, json, "reward");
        EventValidator.validate(r);
        return r;
    }

    public static Interaction parseInteraction(byte[] json) throws InvalidEventException {
        Interaction i = read(INTERACTION, json, "interaction");
        EventValidator.validate(i);
        return i;
    }

    public static JoinedExample parseExample(byte[] json) throws InvalidEventException {
        JoinedExample e = read(EXAMPLE, json, "example");
        EventValidator.validate(e);
        return e;
    }

    public static ModelPart parseModelPart(byte[] json) throws InvalidEventException {
        ModelPart part = read(MODEL_PART, json, "model part");
        EventValidator.validate(part);
        return part;
    }

    public static DeadLetter parseDeadLetter(byte[] json) throws InvalidEventException {
        return read(DEAD_LETTER, json, "dead letter");
    }

    public static ControlCommand parseControlCommand(byte[] json) throws InvalidEventException {
        ControlCommand c = read(CONTROL, json, "control command");
        EventValidator.validate(c);
        return c;
    }

    public static ExperimentResults parseExperimentResults(byte[] json) throws InvalidEventException {
        ExperimentResults r = read(EXPERIMENT_RESULTS, json, "experiment results");
        EventValidator.validate(r);
        return r;
    }

    /** Writes any Eddy record as UTF-8 JSON bytes. */
    public static byte[] write(Object record) {
        // The record written most, a decision per rank request, on its own writer (the same bytes).
        if (record instanceof Decision d) return DecisionWriter.write(MAPPER, d);
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + record.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + record.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(ObjectReader reader, byte[] json, String what) throws InvalidEventException {
        if (json == null || json.length == 0) throw new InvalidEventException(what + ": empty record");
        try {
            T value = JsonProblems.read(reader, json);
            if (value == null) throw new InvalidEventException(what + ": JSON null");
            return value;
        } catch (JsonProblems.UnreadableException e) {
            throw new InvalidEventException(what + ": " + JsonProblems.describe(e.problem()), e.getCause());
        } catch (IOException e) {
            throw new InvalidEventException(what + ": unreadable record", e);
        }
    }

}
