package dev.eddy.tools.cli;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Splits the evaluation commands' {@code --param POLICY.KEY=VALUE} options by policy. */
final class PolicyParameters {
    private PolicyParameters() {}

    /**
     * Each named policy's parameters (empty when none were given).
     *
     * @param example a valid {@code POLICY.KEY=VALUE} for the error message
     */
    static Map<String, Map<String, String>> perPolicy(List<String> policyNames, Map<String, String> params,
                                                      String example) {
        if (new LinkedHashSet<>(policyNames).size() != policyNames.size()) {
            throw new IllegalArgumentException("a policy is named twice in " + policyNames);
        }
        Map<String, Map<String, String>> perPolicy = new LinkedHashMap<>();
        for (String name : policyNames) perPolicy.put(name, new LinkedHashMap<>());
        for (var e : params.entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot <= 0 || dot == e.getKey().length() - 1) {
                throw new IllegalArgumentException("--param '" + e.getKey() + "=" + e.getValue()
                        + "' must be POLICY.KEY=VALUE, e.g. " + example);
            }
            String policy = e.getKey().substring(0, dot);
            Map<String, String> target = perPolicy.get(policy);
            // A parameter for a policy that does not run is most likely a typo in one of the two names.
            if (target == null) {
                throw new IllegalArgumentException("--param '" + e.getKey() + "' is for policy '" + policy
                        + "', which is not among --policy " + policyNames);
            }
            target.put(e.getKey().substring(dot + 1), e.getValue());
        }
        return perPolicy;
    }
}
