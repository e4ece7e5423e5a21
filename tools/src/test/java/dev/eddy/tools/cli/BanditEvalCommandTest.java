package dev.eddy.tools.cli;

import dev.eddy.bandits.baseline.UniformRandom;
import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.Policies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class BanditEvalCommandTest {

    private record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Parameters each "uniform" learner was built with, to see that --param reaches the factory. */
    private final Map<Long, Map<String, String>> seenParams = new ConcurrentHashMap<>();
    /** The joint dimension each "uniform" learner was built for, in order. */
    private final List<Integer> seenDimensions = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Policies testPolicies() {
        return Policies.empty()
                .register("uniform", (dim, k, seed, params) -> {
                    seenParams.put(seed, params);
                    seenDimensions.add(dim);
                    return new UniformRandom();
                })
                .register("first", (dim, k, seed, params) -> new First());
    }

    private Run run(Policies policies, String... args) {
        CommandLine cl = policies == null ? EddyCli.commandLine() : new CommandLine(new BanditEvalCommand(policies));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** 3 classes, 2 features; labels 5/6/7 in the file to check the dense relabelling does not matter. */
    private static Path tinyTsv(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("x1\tx2\ttarget\n");
        for (int i = 0; i < 90; i++) sb.append(i % 3).append('\t').append(i * 0.5).append('\t').append(5 + i % 3).append('\n');
        Path f = dir.resolve("tiny.tsv");
        Files.writeString(f, sb);
        return f;
    }

    @Test
    void writesCsvsPngAndOneSummaryLinePerPolicy(@TempDir Path dir) throws IOException {
        Path data = tinyTsv(dir);
        Path out = dir.resolve("out");
        Run r = run(testPolicies(), "--data", data.toString(), "--policy", "uniform", "--policy", "first",
                "--param", "uniform.lr=0.5", "--rounds", "300", "--seeds", "3", "--every", "100", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();

        List<String> lines = r.lines();
        assertThat(lines.get(lines.size() - 2)).matches("uniform regret=\\d+\\.\\d ±\\d+\\.\\d reward=0\\.\\d{3} rounds/s=\\d+");
        assertThat(lines.get(lines.size() - 1)).matches("first regret=\\d+\\.\\d ±\\d+\\.\\d reward=0\\.\\d{3} rounds/s=\\d+");
        assertThat(seenParams.values()).isNotEmpty().allSatisfy(p -> assertThat(p).isEqualTo(Map.of("lr", "0.5")));

        List<String> regret = Files.readAllLines(out.resolve("regret.csv"));
        assertThat(regret.get(0)).isEqualTo("policy,seed,round,cumulative_regret");
        // 2 policies x 3 seeds x rounds 100, 200, 300.
        assertThat(regret).hasSize(1 + 2 * 3 * 3);
        assertThat(regret.get(1)).startsWith("uniform,1,100,");
        assertThat(regret.get(3)).startsWith("uniform,1,300,");
        assertThat(regret.get(18)).startsWith("first,3,300,");
        for (String row : regret.subList(1, regret.size())) {
            String[] f = row.split(",");
            double cumulative = Double.parseDouble(f[3]);
            assertThat(cumulative).as(row).isBetween(0.0, Double.parseDouble(f[2]));
        }

        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary.get(0)).isEqualTo("policy,seeds,rounds,mean_regret,std_regret,mean_reward,rounds_per_s,wall_s");
        assertThat(summary).hasSize(3);
        assertThat(summary.get(1)).startsWith("uniform,3,300,");
        assertThat(summary.get(2)).startsWith("first,3,300,");
        // The summary's mean regret is the mean of the seeds' last rows in regret.csv.
        double meanLast = regret.stream().filter(l -> l.startsWith("first,") && l.split(",")[2].equals("300"))
                .mapToDouble(l -> Double.parseDouble(l.split(",")[3])).average().orElseThrow();
        assertThat(Double.parseDouble(summary.get(2).split(",")[3])).isCloseTo(meanLast, org.assertj.core.api.Assertions.within(1e-9));

        byte[] png = Files.readAllBytes(out.resolve("regret.png"));
        assertThat(png.length).isGreaterThan(1000);
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    @Test
    void sameSeedsGiveTheSameCurves(@TempDir Path dir) throws IOException {
        Path data = tinyTsv(dir);
        for (String o : List.of("a", "b")) {
            assertThat(run(testPolicies(), "--data", data.toString(), "--policy", "uniform", "--rounds", "90",
                    "--seeds", "2", "--out", dir.resolve(o).toString()).code()).isZero();
        }
        assertThat(Files.readAllLines(dir.resolve("b/regret.csv"))).isEqualTo(Files.readAllLines(dir.resolve("a/regret.csv")));
    }

    @Test
    void allPairsInteractionsHashTheFeaturesAndTheirProductsPerArm(@TempDir Path dir) throws IOException {
        Path data = tinyTsv(dir);
        Run plain = run(testPolicies(), "--data", data.toString(), "--policy", "uniform", "--rounds", "30",
                "--seeds", "1", "--out", dir.resolve("a").toString());
        assertThat(plain.out()).contains("2 features, 3 actions, joint dimension 9;");
        Run crossed = run(testPolicies(), "--data", data.toString(), "--policy", "uniform", "--rounds", "30",
                "--seeds", "1", "--interactions", "all-pairs", "--interaction-bits", "6", "--out",
                dir.resolve("b").toString());
        assertThat(crossed.code()).as(crossed.err()).isZero();
        assertThat(crossed.out()).contains("2 features and all pairs hashed to 2^6, 3 actions, joint dimension 195;");
        assertThat(seenDimensions).containsExactly(9, 195);

        Run bad = run(testPolicies(), "--data", data.toString(), "--policy", "uniform", "--interactions", "pairs",
                "--out", dir.resolve("c").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("interactions must be none or all-pairs, was 'pairs'");
    }

    @Test
    void unknownPolicyExitsTwoNamingTheKnownOnes(@TempDir Path dir) throws IOException {
        Path data = tinyTsv(dir);
        Run r = run(testPolicies(), "--data", data.toString(), "--policy", "unifrom", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown policy 'unifrom'").contains("known policies: uniform, first");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void badInputIsAClearError(@TempDir Path dir) throws IOException {
        Run missing = run(testPolicies(), "--data", dir.resolve("nope.tsv.gz").toString(), "--policy", "uniform",
                "--out", dir.resolve("o").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("data file not found: ").contains("nope.tsv.gz");

        Path data = tinyTsv(dir);
        Run strayParam = run(testPolicies(), "--data", data.toString(), "--policy", "uniform", "--param", "frist.lr=1",
                "--out", dir.resolve("o").toString());
        assertThat(strayParam.code()).isEqualTo(2);
        assertThat(strayParam.err()).contains("'frist.lr' is for policy 'frist'");

        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "x\ttarget\n1\t0\nabc\t1\n");
        Run malformed = run(testPolicies(), "--data", bad.toString(), "--policy", "uniform", "--out", dir.resolve("o").toString());
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("cannot read").contains("abc");
    }

    @Test
    void theCommandLineOffersIt(@TempDir Path dir) throws IOException {
        assertThat(EddyCli.commandLine().getSubcommands()).containsKey("bandit-eval");
        Run r = run(null, "bandit-eval", "--data", tinyTsv(dir).toString(), "--policy", "no-such-policy",
                "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown policy 'no-such-policy'");
    }

    private static final class First implements ContextualBandit {
        @Override
        public String name() {
            return "first";
        }

        @Override
        public Choice choose(BanditRound round, SplittableRandom rng) {
            double[] p = new double[round.size()];
            p[0] = 1;
            return new Choice(0, 1, p);
        }

        @Override
        public void learn(BanditRound round, int action, double probability, double reward) {}

        @Override
        public byte[] snapshot() {
            return new byte[0];
        }

        @Override
        public void restore(byte[] snapshot) {}
    }
}
