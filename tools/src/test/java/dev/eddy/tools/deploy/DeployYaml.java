package dev.eddy.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the deployment files' YAML: every document of a file, anchors and compose's merge keys resolved. */
final class DeployYaml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployYaml() {}

    /** Every non-empty document of the file, in order; a parse error fails naming the file. */
    static List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * SnakeYAML's safe loader, which resolves anchors, aliases and merge keys ({@code <<: *anchor}, which docker
     * compose uses; Jackson's YAML reader hands an alias back as its name), then a tree to navigate.
     */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc != null) docs.add(JSON.valueToTree(doc));
        }
        return docs;
    }

    /**
     * Flink's config.yaml as Flink reads it: nested mappings become dotted keys ({@code execution: {checkpointing:
     * {dir: x}}} is {@code execution.checkpointing.dir}); a scalar or a list ends a key.
     */
    static Map<String, JsonNode> flatten(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            node.properties().forEach(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(),
                    f.getValue(), out));
        } else {
            out.put(prefix, node);
        }
    }
}
