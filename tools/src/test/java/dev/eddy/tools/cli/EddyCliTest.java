package dev.eddy.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EddyCliTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = EddyCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everySubcommandHasHelp() {
        CommandLine root = EddyCli.commandLine();
        assertThat(root.getSubcommands().keySet())
                .contains("demo", "kafka", "topics", "join", "learn", "retrain", "experiments", "rollback", "produce", "consume",
                        "config", "bench");
        for (var e : root.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            Run r = run(e.getKey(), "--help");
            assertThat(r.code()).as(e.getKey()).isZero();
            assertThat(r.out()).as(e.getKey()).startsWith("Usage: eddy " + e.getKey());
            for (var sub : e.getValue().getSubcommands().keySet()) {
                Run s = run(e.getKey(), sub, "--help");
                assertThat(s.code()).as(e.getKey() + " " + sub).isZero();
            }
        }
    }

    @Test
    void benchFreshnessHasHelpAndRefusesBadArgumentsBeforeStartingAnything() {
        Run help = run("bench", "freshness", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: eddy bench freshness").contains("--rate").contains("--duration")
                .contains("--cancel-after").contains("checkpoint.interval=1s");
        assertThat(run("bench", "--help").out()).contains("freshness");
        Run rate = run("bench", "freshness", "--rate", "0");
        assertThat(rate.code()).isNotZero();
        assertThat(rate.err()).contains("--rate must be >= 1");
        Run cancel = run("bench", "freshness", "--duration", "10s", "--warmup", "5s", "--cancel-after", "20s");
        assertThat(cancel.code()).isNotZero();
        assertThat(cancel.err()).contains("--cancel-after must be inside the run");
        Run warm = run("bench", "freshness", "--duration", "5s", "--warmup", "5s");
        assertThat(warm.err()).contains("--warmup");
    }

    @Test
    void benchLoadAndModelsRefuseBadArgumentsBeforeSendingAnything() {
        assertThat(run("bench", "--help").out()).contains("bench load").contains("bench models");
        assertThat(run("bench", "load", "--help").out()).contains("--timeline-every").contains("coordinated omission");
        Run rate = run("bench", "load", "--url", "http://127.0.0.1:9", "--rate", "0");
        assertThat(rate.code()).isNotZero();
        assertThat(rate.err()).contains("--rate must be >= 1");
        Run endpoint = run("bench", "load", "--url", "http://127.0.0.1:9", "--endpoint", "everything");
        assertThat(endpoint.err()).contains("--endpoint must be rank, healthz or both");
        Run url = run("bench", "load", "--url", "localhost:9");
        assertThat(url.err()).contains("--url must be http://HOST:PORT");
        Run candidates = run("bench", "load", "--url", "http://127.0.0.1:9", "--candidates", "20", "--catalogue-items", "10");
        assertThat(candidates.err()).contains("candidates must be in 0..10");
        Run learner = run("bench", "models", "-b", "127.0.0.1:9", "--bandit-model", "cb", "--bandit-learner", "nope");
        assertThat(learner.code()).isNotZero();
        assertThat(learner.err()).contains("unknown learner 'nope'");
        Run blocks = run("bench", "models", "-b", "127.0.0.1:9", "--block-bytes", "2000000");
        assertThat(blocks.err()).contains("--block-bytes must be in 1024..700000");
    }

    @Test
    void badConfigFailsFastNamingTheKey() {
        Run r = run("join", "--set", "join.windw=10m");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown config key 'join.windw' (did you mean 'join.window'?)");
        Run missing = run("join");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("missing required config key 'kafka.bootstrap-servers'");
    }

    @Test
    void theExperimentsJobNeedsAGoodExperimentsFileBeforeAnythingStarts(@TempDir Path dir)
            throws Exception {
        // No broker listens on port 1: each of these must fail before trying one.
        Run none = run("experiments", "-b", "127.0.0.1:1");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("eddy experiments: config key 'experiments.file' is empty");
        Run absent = run("experiments", "-b", "127.0.0.1:1", "--set", "experiments.file=" + dir.resolve("nope.yaml"));
        assertThat(absent.code()).isEqualTo(2);
        assertThat(absent.err()).contains("config key 'experiments.file': " + dir.resolve("nope.yaml") + ": no such file");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                experiments:
                  - id: e
                    status: running
                    default: a
                    variants: [{name: a, weight: 1, policy: uniform}]
                    metrics: [{name: m, type: clicks}]
                """);
        Run typo = run("experiments", "-b", "127.0.0.1:1", "--set", "experiments.file=" + bad);
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains(bad + ": experiments[0].metrics[0].type: cannot read 'clicks' as one of");
        assertThat(run("experiments", "--help").out()).contains("--cluster").contains("--set").contains("-b");
    }

    @Test
    void badRetrainConfigFailsFastBeforeAnythingStarts() {
        Run r = run("retrain", "-b", "127.0.0.1:1", "--set", "retrain.method=sgd");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("config key 'retrain.method' = 'sgd' is invalid");
        Run typo = run("retrain", "-b", "127.0.0.1:1", "--set", "retrain.gate-tolerence=0.1");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("did you mean 'retrain.gate-tolerance'?");
        assertThat(run("bench", "retrain", "--help").out()).contains("--set");
    }

    @Test
    void rollbackHasHelpAndRefusesBadArgumentsNamingTheOptionBeforeSendingAnything() {
        Run help = run("rollback", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: eddy rollback").contains("--model").contains("--to-version")
                .contains("--reason").contains("--set").contains("topics.control").contains("dead-letter");
        // No broker listens on port 9 of 127.0.0.1: each of these must fail before trying one.
        Run zero = run("rollback", "-b", "127.0.0.1:9", "--model", "recs", "--to-version", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("eddy rollback: --to-version must be >= 1, was 0");
        Run text = run("rollback", "-b", "127.0.0.1:9", "--model", "recs", "--to-version", "five");
        assertThat(text.code()).isEqualTo(2);
        assertThat(text.err()).contains("Invalid value for option '--to-version': 'five' is not a long");
        Run noModel = run("rollback", "-b", "127.0.0.1:9", "--to-version", "3");
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("Missing required option: '--model=NAME'");
        Run noVersion = run("rollback", "-b", "127.0.0.1:9", "--model", "recs");
        assertThat(noVersion.err()).contains("Missing required option: '--to-version=VERSION'");
        Run slash = run("rollback", "-b", "127.0.0.1:9", "--model", "recs/1", "--to-version", "3");
        assertThat(slash.err()).contains("--model must not contain '/', was 'recs/1'");
        Run blank = run("rollback", "-b", "127.0.0.1:9", "--model", " ", "--to-version", "3");
        assertThat(blank.err()).contains("--model must not be blank");
        Run reason = run("rollback", "-b", "127.0.0.1:9", "--model", "recs", "--to-version", "3", "--reason", "");
        assertThat(reason.err()).contains("--reason must not be blank");
        Run noBroker = run("rollback", "--model", "recs", "--to-version", "3");
        assertThat(noBroker.code()).isEqualTo(2);
        assertThat(noBroker.err()).contains("missing required config key 'kafka.bootstrap-servers'");
        Run typo = run("rollback", "-b", "127.0.0.1:9", "--model", "recs", "--to-version", "3", "--set", "topics.controll=x");
        assertThat(typo.err()).contains("did you mean 'topics.control'?");
    }

    @Test
    void badLearnerConfigFailsFastBeforeAnythingStarts() {
        Run r = run("learn", "-b", "127.0.0.1:1", "--set", "learner.models=prod=neufastcb:lrr=0.1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("config key 'learner.models' is invalid").contains("lrr");
        Run both = run("learn", "-b", "127.0.0.1:1", "--set", "learner.publish-every-updates=0",
                "--set", "learner.publish-interval=0s");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("'learner.publish-every-updates'");
    }

    @Test
    void demoHelpSaysWhatTheDemoRuns() {
        Run r = run("demo", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("learner").contains("retrain").contains("experiments jobs").contains("'neucb'")
                .contains("'mf'").contains("'uniform'").contains("serving HTTP API").contains("--duration")
                .contains("--drift-every").doesNotContain("not part of the demo");
    }

    @Test
    void demoRejectsANonPositiveRateBeforeStartingAnything() {
        Run r = run("demo", "--rate", "0");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--rate must be in (0, 2000]");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("demo", "--durashun", "5s");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("eddy demo: Unknown options: '--durashun'")
                .contains("did you mean --duration?").endsWith("(see eddy demo --help)").doesNotContain("\n");
    }
}
