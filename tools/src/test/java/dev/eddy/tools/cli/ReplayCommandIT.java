package dev.eddy.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.testing.SharedData;
import dev.eddy.jobs.replay.ReplayReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code eddy replay} end to end: real logs from ../shared/data, the report, and the report in a real browser. */
class ReplayCommandIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");



    /** The first lines of the random-policy log, two of them broken, beside the campaign's items. */
    private static Path obdSample(Path dir, int rows) throws Exception {
        Path random = dir.resolve("random");
        Files.createDirectories(random);
        Files.copy(SharedData.path("open-bandit-men/random/item_context.csv"), random.resolve("item_context.csv"));
        List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.path("open-bandit-men/random/men.csv"))
                .subList(0, rows + 1));
        lines.add(4, "3,2019-11-24 00:04:57+00:00,14,1,notaclick");          // file line 5
        lines.add(8, lines.get(7).replaceFirst(",\\d+,\\d,", ",999,2,"));      // file line 9: unknown item 999
        Path log = random.resolve("men.csv");
        Files.write(log, lines);
        return log;
    }

    @Test
    void openBanditLogGivesEstimatesPerPolicyReportsBadLinesAndRendersInABrowser(@TempDir Path dir) throws Exception {
        Path log = obdSample(dir, 400);
        Path report = dir.resolve("report");
        CliRun r = CliRun.eddy("replay", "--from", log.toString(), "--format", "obd", "--policy", "uniform", "--policy", "logging",
                "--policy", "logged:" + SharedData.path("open-bandit-men/bts/men.csv"), "--report", report.toString(),
                "--no-progress", "--resamples", "200");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("400 decisions x 3 policies").contains("2 records skipped");
        List<String> last = r.lastLines(3 * 8);
        assertThat(last).allMatch(l -> l.matches("\\S+ [a-z-]+=\\S+ \\[\\S+,\\S+\\] ess=\\d+ maxw=\\S+( warn=[a-z,-]+)?"));
        assertThat(last).anyMatch(l -> l.startsWith("uniform ips=")).anyMatch(l -> l.startsWith("uniform replay="));

        JsonNode json = EventJson.mapper().readTree(report.resolve(ReplayReport.JSON).toFile());
        assertThat(json.get("events").asLong()).isEqualTo(400);
        assertThat(json.get("problems").asLong()).isEqualTo(2);
        assertThat(json.get("problemSamples").findValuesAsText("line")).containsExactly("5", "9");
        assertThat(json.get("problemSamples").get(1).get("reason").asText()).contains("999");
        // IPS of the logging policy on its own log is the log's mean reward.
        double mean = json.get("loggedValue").get(0).get("value").asDouble();
        JsonNode logging = json.get("policies").get(1);
        assertThat(logging.get("policy").asText()).isEqualTo("logging");
        assertThat(logging.get("scopes").get(0).get("estimates").get(1).get("value").asDouble())
                .isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(json.get("policies").get(0).get("scopes")).as("overall + 3 positions").hasSize(4);

        assertReportRendersInChromium(report.resolve(ReplayReport.HTML), 3 * 8, 6);
    }

    @Test
    void decisionServiceLogIpsOfTheLoggingPolicyIsItsObservedMean(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        CliRun r = CliRun.eddy("replay", "--from", SharedData.path("vw-dsjson/decisionservice.json").toString(), "--format",
                "dsjson", "--policy", "logging", "--policy", "uniform", "--estimator", "ips,snips", "--report",
                report.toString(), "--no-progress", "--resamples", "100");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = EventJson.mapper().readTree(report.resolve(ReplayReport.JSON).toFile());
        double mean = json.get("loggedValue").get(0).get("value").asDouble();
        JsonNode ips = json.get("policies").get(0).get("scopes").get(0).get("estimates").get(0);
        assertThat(ips.get("estimator").asText()).isEqualTo("ips");
        // The log rounds its probabilities, and its two propensity fields differ in the 8th digit.
        assertThat(ips.get("value").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.lastLines(4).get(0)).startsWith("logging ips=");
    }

    @Test
    void aLearnersSnapshotReplaysAsAFixedPolicy(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        CliRun learn = CliRun.eddy("replay", "--from", "synthetic:3000", "--policy", "learner:squarecb-linear", "--report",
                first.toString(), "--save-snapshots", "--no-progress", "--estimator", "ips", "--resamples", "50",
                "--hashing-bits", "12");
        assertThat(learn.code()).as(learn.err()).isZero();
        Path snapshot = first.resolve("snapshots/learner_squarecb-linear.json");
        assertThat(snapshot).exists();

        Path second = dir.resolve("second");
        CliRun fixed = CliRun.eddy("replay", "--from", "synthetic:3000", "--policy", "snapshot:" + snapshot, "--policy", "uniform",
                "--report", second.toString(), "--no-progress", "--estimator", "ips", "--resamples", "50", "--seed", "2");
        assertThat(fixed.code()).as(fixed.err()).isZero();
        double trained = ipsValue(fixed.lastLines(2).get(0));
        double uniform = ipsValue(fixed.lastLines(2).get(1));
        assertThat(trained).as("the trained snapshot beats uniform on a fresh log").isGreaterThan(uniform + 0.05);
    }

    /**
     * Every learner bandit-eval offers replays at the command's defaults (18 hashing bits): a learner's final state,
     * hundreds of megabytes for NeuFastCB, must not travel through the job's collected output.
     */
    @Test
    void everyBanditEvalLearnerReplaysAtTheDefaults(@TempDir Path dir) {
        List<String> args = new ArrayList<>(List.of("replay", "--from", "synthetic:200", "--policy", "uniform"));
        List<String> learners = Policies.standard().names();
        for (String name : learners) args.addAll(List.of("--policy", "learner:" + name));
        args.addAll(List.of("--report", dir.resolve("report").toString(), "--no-progress", "--save-snapshots"));
        CliRun r = CliRun.eddy(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("200 decisions x " + (learners.size() + 1) + " policies");
        for (String name : learners) {
            assertThat(r.out()).contains("learner:" + name + " ips=");
            // The final state went to a file, written by the job, and only its path came back.
            assertThat(dir.resolve("report/snapshots/learner_" + name + ".json")).isNotEmptyFile();
        }
    }

    @Test
    void aFileWithoutDecisionsExitsNonZeroSayingWhatTheFileIs(@TempDir Path dir) throws Exception {
        // Vowpal Wabbit's plain --json examples: no context 'c', no logged decision.
        Path plain = Files.writeString(dir.resolve("plain.json"),
                "{\"_label\":1,\"a\":{\"x\":1}}\n{\"_label\":0,\"a\":{\"x\":2}}\n");
        CliRun r = CliRun.eddy("replay", "--from", plain.toString(), "--format", "dsjson", "--policy", "uniform",
                "--report", dir.resolve("report").toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("no decisions").contains("plain JSON example format").contains("not DSJson");
        assertThat(r.out()).doesNotContain("NaN");
    }

    @Test
    void badArgumentsFailFastNamingTheOption(@TempDir Path dir) {
        CliRun unknownPolicy = CliRun.eddy("replay", "--from", "synthetic:10", "--policy", "learner:nope", "--report", dir.toString());
        assertThat(unknownPolicy.code()).isEqualTo(2);
        assertThat(unknownPolicy.err()).contains("nope").contains("neufastcb");
        CliRun badFormat = CliRun.eddy("replay", "--from", "x.csv", "--format", "parquet", "--policy", "uniform", "--report", dir.toString());
        assertThat(badFormat.err()).contains("--format 'parquet'");
        CliRun missing = CliRun.eddy("replay", "--from", dir.resolve("none.json").toString(), "--policy", "uniform", "--report", dir.toString());
        assertThat(missing.err()).contains("log file not found");
        CliRun badEstimator = CliRun.eddy("replay", "--from", "synthetic:10", "--policy", "uniform", "--estimator", "ipps", "--report", dir.toString());
        assertThat(badEstimator.err()).contains("--estimator 'ipps'");
    }

    private static double ipsValue(String line) {
        return Double.parseDouble(line.replaceFirst("^\\S+ ips=(\\S+) .*$", "$1"));
    }

    /** Opens the report in headless Chromium: the tables have their rows and every chart image decoded. */
    static void assertReportRendersInChromium(Path html, int overallRows, int charts) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(html.toUri().toString());
            assertThat(browser.getTitle()).isEqualTo("Eddy replay report");
            List<WebElement> rows = browser.findElements(By.cssSelector("#estimates tr.estimate"));
            assertThat(rows).hasSize(overallRows);
            assertThat(rows.get(0).getText()).isNotBlank();
            List<WebElement> images = browser.findElements(By.cssSelector("img.chart"));
            assertThat(images).hasSize(charts);
            JavascriptExecutor js = browser;
            for (WebElement img : images) {
                Object width = js.executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0;", img);
                assertThat(((Number) width).intValue()).as("chart %s decoded", img.getAttribute("alt")).isGreaterThan(100);
                assertThat(img.getSize().getHeight()).as("chart %s laid out", img.getAttribute("alt")).isGreaterThan(100);
            }
        } finally {
            browser.quit();
        }
    }
}
