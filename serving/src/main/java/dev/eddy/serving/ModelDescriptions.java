package dev.eddy.serving;

import dev.eddy.serving.model.ServingModels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of GET /v1/models: one entry per loaded model with what an operator wants to know about it. */
final class ModelDescriptions {
    private ModelDescriptions() {}

    static List<Map<String, Object>> of(ServingModels models) {
        List<Map<String, Object>> out = new ArrayList<>();
        models.embeddings().forEach((name, e) -> {
            Map<String, Object> m = entry(name, "embedding", e.version());
            m.put("users", e.users());
            m.put("items", e.items());
            m.put("dim", e.dim());
            m.put("retrieval", e.usesAnn() ? "ann" : "exact");
            out.add(m);
        });
        models.bandits().forEach((name, b) -> {
            Map<String, Object> m = entry(name, "contextual-bandit", b.version());
            m.put("learner", b.learner());
            m.put("updates", b.updates());
            out.add(m);
        });
        models.sessions().forEach((name, s) -> {
            Map<String, Object> m = entry(name, "session-policy", s.version());
            m.put("horizon", s.spec().horizon());
            m.put("actions", s.spec().actions());
            out.add(m);
        });
        return out;
    }

    private static Map<String, Object> entry(String name, String type, long version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", name);
        m.put("type", type);
        m.put("version", version);
        return m;
    }
}
