package dev.eddy.events.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the experiments YAML file into an {@link ExperimentsConfig} and validates it. Every failure is an
 * {@link ExperimentConfigException} naming the file and the key path, never a raw Jackson message.
 */
public final class ExperimentsConfigReader {

    // Jackson names a missing required property only in the message text (the path may or may not end with it).
    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'");

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ExperimentsConfigReader() {
    }

    public static ExperimentsConfig read(Path file) {
        String source = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ExperimentConfigException(source, "", "no such file", e);
        } catch (IOException e) {
            throw new ExperimentConfigException(source, "", "cannot read: " + e.getMessage(), e);
        }
        return parse(yaml, source);
    }

    /** Parses YAML text; {@code source} names it in error messages (a file name, usually). */
    public static ExperimentsConfig parse(String yaml, String source) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(yaml);
        } catch (JacksonException e) {
            throw new ExperimentConfigException(source, "", "not valid YAML" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage().strip(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ExperimentConfigException(source, "", "empty; expected a top-level 'experiments' list");
        }
        ExperimentsConfig config;
        try {
            config = MAPPER.treeToValue(tree, ExperimentsConfig.class);
        } catch (JsonMappingException e) {
            throw translate(e, source);
        } catch (JacksonException e) {
            throw new ExperimentConfigException(source, "", e.getOriginalMessage(), e);
        }
        return ExperimentsConfigValidator.validate(config, source);
    }

    private static ExperimentConfigException translate(JsonMappingException e, String source) {
        String path = keyPath(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            if (!path.endsWith(u.getPropertyName())) {
                path = join(path, u.getPropertyName());
            }
            String known = u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return new ExperimentConfigException(source, path, "unknown key; known keys here: " + known, e);
        }
        if (e instanceof InvalidFormatException f) {
            return new ExperimentConfigException(source, path,
                    "cannot read '" + f.getValue() + "' as " + expected(f.getTargetType()), e);
        }
        if (e instanceof MismatchedInputException m) {
            Matcher missing = MISSING_PROPERTY.matcher(e.getOriginalMessage());
            if (missing.find()) {
                String key = missing.group(1);
                return new ExperimentConfigException(source, path.endsWith(key) ? path : join(path, key), "missing", e);
            }
            if (m.getTargetType() != null) {
                return new ExperimentConfigException(source, path, "expected " + expected(m.getTargetType()), e);
            }
        }
        return new ExperimentConfigException(source, path, firstLine(e.getOriginalMessage()), e);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type.isEnum()) {
            return "one of " + enumNames(type);
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant such as 2026-11-01T00:00:00Z";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping of names to string values";
        }
        return "a mapping";
    }

    /** An enum's spellings in the file (their {@code @JsonProperty} names), e.g. {@code draft, running, paused, stopped}. */
    static String enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> {
            String name = ((Enum<?>) c).name();
            try {
                JsonProperty p = type.getField(name).getAnnotation(JsonProperty.class);
                return p == null ? name : p.value();
            } catch (NoSuchFieldException e) {
                return name;
            }
        }).collect(Collectors.joining(", "));
    }

    /** {@code experiments[1].variants[0].weight} from Jackson's reference chain. */
    static String keyPath(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
