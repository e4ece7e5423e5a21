package dev.eddy.tools.cli;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AbSimCommandTest {

    private static final Pattern LINE = Pattern.compile("([a-z-]+) rejections=(\\d\\.\\d{4}) mean-stop=(\\d+)");

    @Test
    void aaRunsKeepTheAlwaysValidRulesAtAlphaAndNaivePeekingAbove() {
        // 200 A/A experiments of 5,000 users with 50 looks (every 100 users).
        CliRun r = CliRun.eddy("ab-sim", "--runs", "200", "--lift", "0", "--users", "5000", "--peek-every", "100",
                "--seed", "7", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines().get(0)).startsWith("200 runs, lift 0.0 on base rate 0.1, 5000 users, a look every 100 users (50 looks)");

        Map<String, double[]> rules = rules(r.lastLines(5));
        assertThat(rules.keySet()).containsExactly("naive-peeking", "msprt", "confidence-sequence", "bayesian", "srm");
        double bound = 0.05 + 3 * Math.sqrt(0.05 * 0.95 / 200);
        assertThat(rules.get("msprt")[0]).isLessThanOrEqualTo(bound);
        assertThat(rules.get("confidence-sequence")[0]).isLessThanOrEqualTo(bound);
        assertThat(rules.get("naive-peeking")[0]).isGreaterThan(0.05);
        for (double[] rule : rules.values()) assertThat(rule[1]).isBetween(100.0, 5000.0);
    }

    @Test
    void sameSeedSameLines() {
        String[] args = {"ab-sim", "--runs", "20", "--lift", "0.1", "--users", "2000", "--peek-every", "50", "--seed", "3",
                "--treatment-share", "0.55", "--no-progress"};
        CliRun a = CliRun.eddy(args);
        CliRun b = CliRun.eddy(args);
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.lastLines(5)).isEqualTo(b.lastLines(5));
        assertThat(rules(a.lastLines(5))).hasSize(5);
    }

    @Test
    void badArgumentsExitTwo() {
        CliRun zeroRuns = CliRun.eddy("ab-sim", "--runs", "0", "--lift", "0", "--no-progress");
        assertThat(zeroRuns.code()).isEqualTo(2);
        assertThat(zeroRuns.err()).contains("runs");
        CliRun impossibleLift = CliRun.eddy("ab-sim", "--runs", "1", "--lift", "20", "--no-progress");
        assertThat(impossibleLift.code()).isEqualTo(2);
        assertThat(impossibleLift.err()).contains("lift");
        assertThat(CliRun.eddy("ab-sim", "--runs", "1").code()).isEqualTo(2); // --lift is required
    }

    @Test
    void helpSaysTheBayesianRuleIsNotAnErrorControllingTest() {
        CliRun r = CliRun.eddy("ab-sim", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("NOT an error-controlling test");
    }

    /** name → {rejections, mean-stop}, in the order printed; every line must match the format. */
    private static Map<String, double[]> rules(List<String> lines) {
        Map<String, double[]> rules = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            rules.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
        }
        return rules;
    }
}
