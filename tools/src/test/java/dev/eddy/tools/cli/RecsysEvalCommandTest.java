package dev.eddy.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RecsysEvalCommandTest {



    /** 120 users in 4 taste groups of 30 items each: every user clicks 16 items of their group's. */
    private static Path clusteredCsv(Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        List<String> lines = new ArrayList<>(List.of("user,item,ts"));
        for (int u = 0; u < 120; u++) {
            int group = u % 4;
            java.util.Set<Integer> picked = new java.util.TreeSet<>();
            while (picked.size() < 16) picked.add(group * 30 + rng.nextInt(30));
            for (int item : picked) lines.add("u" + u + ",i" + item + "," + (1_700_000_000L + u));
        }
        Path file = dir.resolve("clicks.csv");
        Files.write(file, lines);
        return file;
    }

    @Test
    void runsMethodsOnACsvAndEndsWithNamedFigures(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        CliRun r = CliRun.eddy("recsys-eval", "--data", clusteredCsv(dir).toString(), "--format", "csv", "--noise", "0.2",
                "--method", "bpr", "--method", "pld", "--seeds", "1", "--epochs", "60", "--warmup", "2", "--dim", "8",
                "--batch", "128", "--lr", "0.02", "--eval-every", "2", "--patience", "2", "--device", "cpu", "--no-progress",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).startsWith("data ").contains("120 users, 120 items, 1920 interactions");
        assertThat(lines.get(lines.size() - 2)).matches("bpr recall@20=0\\.\\d{4} ndcg@20=0\\.\\d{4} noise=0\\.2 backbone=mf seeds=1 .*");
        assertThat(lines.get(lines.size() - 1)).matches("pld recall@20=0\\.\\d{4} ndcg@20=0\\.\\d{4} noise=0\\.2 backbone=mf seeds=1 .*");
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0)).startsWith("method,backbone,noise,seed,").endsWith(",epochs,triples,wall_seconds");
        // Both stop on validation before the bound of 60; PLD's warm-up ends at plain BPR's validation peak.
        int bprEpochs = Integer.parseInt(runs.get(1).split(",")[runs.get(1).split(",").length - 3]);
        int pldEpochs = Integer.parseInt(runs.get(2).split(",")[runs.get(2).split(",").length - 3]);
        assertThat(bprEpochs).isLessThan(60);
        assertThat(pldEpochs).isLessThan(60);
        List<String> epochs = Files.readAllLines(out.resolve("epochs.csv"));
        assertThat(epochs).hasSize(1 + bprEpochs + pldEpochs).anyMatch(l -> l.startsWith("pld,mf,0.2,1,") && l.contains(",pld,"));
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"popularity\"").contains("\"summary\"");
        // The clusters are easy: a trained model must beat the 30-in-120 chance rate of its group by far.
        double recall = Double.parseDouble(lines.get(lines.size() - 2).replaceAll(".*? recall@20=(\\S+) .*", "$1"));
        assertThat(recall).isGreaterThan(0.5);
    }

    @Test
    void badValuesFailFastNamingTheOption(@TempDir Path dir) throws IOException {
        String out = dir.resolve("o").toString();
        CliRun method = CliRun.eddy("recsys-eval", "--synthetic", "--method", "sgd", "--out", out);
        assertThat(method.code()).isEqualTo(2);
        assertThat(method.err()).contains("--method: unknown method 'sgd'; known methods: bpr, pld, tce, rce");
        CliRun noise = CliRun.eddy("recsys-eval", "--synthetic", "--noise", "-0.1", "--out", out);
        assertThat(noise.err()).contains("--noise must be >= 0, was -0.1");
        CliRun tau = CliRun.eddy("recsys-eval", "--synthetic", "--tau", "0", "--out", out);
        assertThat(tau.err()).contains("--tau must be > 0");
        CliRun backbone = CliRun.eddy("recsys-eval", "--synthetic", "--backbone", "gnn", "--out", out);
        assertThat(backbone.err()).contains("--backbone: unknown backbone 'gnn'");
        CliRun device = CliRun.eddy("recsys-eval", "--synthetic", "--device", "tpu", "--out", out);
        assertThat(device.err()).contains("--device: device must be auto, cpu, gpu or gpu:N");
        CliRun format = CliRun.eddy("recsys-eval", "--synthetic", "--format", "parquet", "--out", out);
        assertThat(format.err()).contains("--format: unknown format 'parquet'");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "u1,i1\nu2\n");
        CliRun data = CliRun.eddy("recsys-eval", "--data", bad.toString(), "--format", "csv", "--out", out);
        assertThat(data.code()).isEqualTo(2);
        assertThat(data.err()).contains("--data: " + bad + ":2: expected user,item[,timestamp], got 1 field(s)");
        CliRun both = CliRun.eddy("recsys-eval", "--synthetic", "--data", bad.toString(), "--out", out);
        assertThat(both.code()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("o"))).isFalse();
    }
}
