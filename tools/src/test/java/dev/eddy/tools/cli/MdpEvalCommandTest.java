package dev.eddy.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MdpEvalCommandTest {



    @Test
    void writesCsvsOnePngPerEnvAndSummaryLines(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        CliRun r = CliRun.eddy("mdp-eval", "--env", "stationary", "--env", "switching", "--env", "adaptive", "--policy", "uniform",
                "--episodes", "200", "--seeds", "1", "--horizon", "5", "--actions", "10", "--dim", "16",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();

        List<String> lines = r.lines();
        String number = "-?\\d+\\.\\d";
        String[] envs = {"stationary", "switching", "adaptive"};
        for (int i = 0; i < 3; i++) {
            assertThat(lines.get(lines.size() - 3 + i)).matches(envs[i] + " uniform regret=" + number + " ±\\d+\\.\\d slope="
                    + number + "\\d ±\\d+\\.\\d\\d episodes/s=\\d+");
        }

        List<String> regret = Files.readAllLines(out.resolve("regret.csv"));
        assertThat(regret.get(0)).isEqualTo("env,policy,seed,episode,cumulative_regret");
        // K = 200 has fewer than 200 distinct log-spaced episodes near 1; every run ends at episode 200.
        assertThat(regret).anyMatch(l -> l.startsWith("switching,uniform,1,200,"));
        assertThat(regret.stream().filter(l -> l.startsWith("adaptive,uniform,1,")).count()).isBetween(100L, 200L);

        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary.get(0)).startsWith("env,policy,seeds,episodes,mean_regret");
        assertThat(summary).hasSize(4);
        assertThat(summary.get(1)).startsWith("stationary,uniform,1,200,");

        for (String env : envs) {
            Path png = out.resolve("regret-" + env + ".png");
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(1000);
        }
    }

    @Test
    void unknownPolicyExitsTwoNamingTheKnownOnes(@TempDir Path dir) {
        CliRun r = CliRun.eddy("mdp-eval", "--env", "stationary", "--policy", "nope", "--episodes", "10", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'nope'").contains("uniform");
    }

    @Test
    void badArgumentsExitTwo(@TempDir Path dir) {
        assertThat(CliRun.eddy("mdp-eval", "--env", "calm", "--policy", "uniform", "--episodes", "10", "--out", dir.toString()))
                .satisfies(r -> assertThat(r.code()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("'calm'").contains("stationary, switching, adaptive"));
        assertThat(CliRun.eddy("mdp-eval", "--env", "stationary", "--policy", "uniform", "--episodes", "0", "--out", dir.toString()).code())
                .isEqualTo(2);
        assertThat(CliRun.eddy("mdp-eval", "--env", "stationary", "--policy", "uniform", "--episodes", "ten", "--out", dir.toString()).code())
                .isEqualTo(2);
        CliRun typo = CliRun.eddy("mdp-eval", "--env", "stationary", "--policy", "uniform", "--param", "uniform.eta=0.1",
                "--episodes", "10", "--out", dir.toString());
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("eta");
    }
}
