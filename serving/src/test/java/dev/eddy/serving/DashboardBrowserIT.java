package dev.eddy.serving;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.model.BanditPolicyTest;
import dev.eddy.serving.model.Published;
import dev.eddy.serving.results.SimulatedExperiment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (Debian's headless Chromium through chromedriver) during a running experiment:
 * serving on the embedded broker follows read-outs published to eddy.experiments as the experiments job writes them;
 * the page shows the experiment with its variants and numbers, its numbers change between two reads without a
 * reload as more read-outs arrive, every chart (uPlot, served from the jar) drew its series, and a screenshot of the
 * whole page goes to target/dashboard.png.
 */
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final EddyTopics TOPICS = EddyTopics.DEFAULT;
    /** Users exposed per read-out (5 s of traffic). */
    private static final int USERS_PER_READ_OUT = 1500;

    /** Pixels of a canvas with a colour (not the greys of axes, grid and labels), counted in the page. */
    private static final String COLOURED_PIXELS = """
            const c = arguments[0];
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) {
              const max = Math.max(d[i], d[i + 1], d[i + 2]), min = Math.min(d[i], d[i + 1], d[i + 2]);
              if (d[i + 3] > 0 && max - min > 60) n++;
            }
            return n;""";

    @Test
    void showsARunningExperimentLiveWithItsChartsAndTheModels(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        Path experiments = dir.resolve("experiments.yaml");
        Files.writeString(experiments, """
                experiments:
                  - id: home
                    status: running
                    default: uniform
                    variants:
                      - {name: uniform, weight: 1, policy: uniform}
                      - {name: neucb, weight: 1, policy: neucb, banditModel: neucb-home}
                      - {name: epsilon-greedy, weight: 1, policy: epsilon-greedy, model: recs}
                  - id: checkout
                    status: running
                    default: a
                    variants:
                      - {name: a, weight: 1, policy: uniform}
                      - {name: b, weight: 1, policy: mf-topk, model: recs}
                """);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
                admin.ensure(TOPICS.specs(1, (short) 1));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers());
                 ServingApp app = ServingApp.start(settings(kafka.bootstrapServers(), experiments))) {
                publishModels(producer, now);
                // 12 read-outs, one every 5 s, and 8 more later: the last one's data reach up to now.
                SimulatedExperiment home = SimulatedExperiment.threeArms("home", now.minusSeconds(100), 42);
                publishReadOuts(producer, home, 12);
                await().atMost(Duration.ofSeconds(30)).until(() -> app.models().history().loaded("recs") == 4);

                ChromeDriver browser = chromium();
                try {
                    browser.get(app.baseUrl() + "/dashboard");
                    assertThat(browser.getTitle()).isEqualTo("Eddy dashboard");
                    JavascriptExecutor js = browser;
                    js.executeScript("window.notReloaded = true;");
                    String neucbUsers = "#experiment-home table.variants tr[data-variant='neucb'] td.users";
                    String neucbLift = "#experiment-home table.metric tr[data-variant='neucb'] td.lift";
                    await().atMost(Duration.ofSeconds(30)).ignoreException(StaleElementReferenceException.class).until(() -> !browser.findElements(By.cssSelector(neucbUsers)).isEmpty()
                            && browser.findElements(By.cssSelector(".chart canvas")).size() == 4);

                    // The experiments list and the experiment's card with its variants and numbers.
                    List<String> listed = texts(browser, "#experiment-list tbody tr td:first-child");
                    assertThat(listed).containsExactly("home", "checkout");
                    assertThat(texts(browser, "#experiment-home table.variants tbody tr td:first-child"))
                            .containsExactly("uniform (control)", "neucb", "epsilon-greedy");
                    assertThat(texts(browser, "#experiment-home h4")).containsExactly("reward-rate", "latency-ms guardrail");
                    assertThat(text(browser, "#experiment-home .srm")).isEqualTo("SRM ok");
                    String users1 = text(browser, neucbUsers);
                    String lift1 = text(browser, neucbLift);
                    assertThat(Long.parseLong(users1.replace(",", ""))).isBetween(5000L, 7000L);
                    assertThat(lift1).matches("[+−]\\d+(\\.\\d+)? %");
                    assertThat(text(browser, 
                            "#experiment-home table.metric tr[data-variant='neucb'] td.always-valid-interval"))
                            .matches("\\[[+−][\\d.]+ %, [+−][\\d.]+ %]");
                    assertThat(texts(browser, "#experiment-home table.metric tr[data-variant='neucb'] td.always-valid-p"))
                            .allMatch(p -> p.matches("< 0\\.001|0\\.\\d+|1\\.00"));
                    assertThat(texts(browser, "#experiment-home td.guardrail .pill")).contains("flagged");
                    assertThat(text(browser, "#experiment-checkout .no-results"))
                            .startsWith("No results yet");
                    assertThat(texts(browser, "#models tbody tr td:first-child")).containsExactly("neucb-home", "recs");
                    List<String> before = chartImages(browser);

                    // More read-outs arrive: the same page shows new numbers and redraws its charts.
                    publishReadOuts(producer, home, 8);
                    await().atMost(Duration.ofSeconds(30)).ignoreException(StaleElementReferenceException.class).until(() ->
                            !text(browser, neucbUsers).equals(users1));
                    String users2 = text(browser, neucbUsers);
                    assertThat(Long.parseLong(users2.replace(",", ""))).isGreaterThan(Long.parseLong(users1.replace(",", "")));
                    assertThat(js.executeScript("return window.notReloaded === true;")).isEqualTo(true);
                    await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class).until(() -> {
                        List<String> after = chartImages(browser);
                        return !after.get(0).equals(before.get(0)) && !after.get(1).equals(before.get(1));
                    });
                    // Before the checks of each chart, so that a failing one can be looked at.
                    screenshot(browser);
                    for (WebElement canvas : browser.findElements(By.cssSelector(".chart canvas"))) {
                        String chart = canvas.findElement(By.xpath("ancestor::div[@data-chart]")).getAttribute("data-chart");
                        assertThat(canvas.getSize().getWidth()).as(chart).isGreaterThan(300);
                        assertThat(canvas.getSize().getHeight()).as(chart).isGreaterThan(100);
                        long coloured = ((Number) js.executeScript(COLOURED_PIXELS, canvas)).longValue();
                        assertThat(coloured).as("coloured pixels of chart %s", chart).isGreaterThan(300);
                    }
                    assertThat(text(browser, "#error")).isEmpty();
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private static ServingApp.Settings settings(String bootstrap, Path experiments) {
        ServingServer.Settings http = new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT,
                ApiKeys.disabled());
        RecommendationService.Settings service = new RecommendationService.Settings(
                new VariantPlan("mf-topk", "recs", null, Map.of()), 20, true, 0.1, TOPICS);
        return new ServingApp.Settings(KafkaClientProperties.plaintext(bootstrap), TOPICS, http, service, experiments, 10_000, 1000, 50,
                Duration.ofMinutes(5), 100_000, 720);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Four retrain versions of the embedding model an hour apart, each with its offline recall@20 and ndcg@20, and
     * three versions of the bandit half an hour apart with their update counts.
     */
    private static void publishModels(KafkaProducer<String, byte[]> producer, Instant now) {
        double[] recall = {0.182, 0.201, 0.214, 0.219};
        double[] ndcg = {0.121, 0.133, 0.142, 0.146};
        for (int v = 1; v <= 4; v++) {
            Published p = embeddings(v);
            ModelManifest m = p.manifest();
            publish(producer, new Published(new ModelManifest(m.model(), m.version(), now.minus(Duration.ofHours(4 - v)),
                    m.modelType(), Map.of("recall@20", recall[v - 1], "ndcg@20", ndcg[v - 1]), m.params(), m.blockCount(),
                    m.sha256()), p.blocks()));
        }
        BanditModelSpec spec = new BanditModelSpec("neufastcb", Map.of(), HashingConfig.ofBits(12).withCrosses("user:item"), 12, 17);
        var learner = BanditPolicyTest.trained(spec, 300);
        for (int v = 1; v <= 3; v++) {
            Published p = Published.bandit("neucb-home", v, spec, learner, 300L * v);
            ModelManifest m = p.manifest();
            publish(producer, new Published(new ModelManifest(m.model(), m.version(), now.minus(Duration.ofMinutes(30L * (3 - v))),
                    m.modelType(), m.metrics(), m.params(), m.blockCount(), m.sha256()), p.blocks()));
        }
    }

    private static Published embeddings(long version) {
        int dim = 4;
        List<String> users = new ArrayList<>();
        List<String> items = new ArrayList<>();
        float[] u = new float[10 * dim];
        float[] it = new float[40 * dim];
        for (int i = 0; i < 10; i++) {
            users.add("u" + i);
            u[i * dim + i % dim] = 1;
        }
        for (int i = 0; i < 40; i++) {
            items.add("i" + i);
            it[i * dim + i % dim] = 1 + version / 10f;
        }
        return Published.embeddings("recs", version, 0, dim, new EmbeddingRows.Changes(users, u, List.of()),
                new EmbeddingRows.Changes(items, it, List.of()), 10, 40);
    }

    private static void publish(KafkaProducer<String, byte[]> producer, Published v) {
        for (ModelPart part : v.parts()) producer.send(new ProducerRecord<>(TOPICS.models(), part.key(), EventJson.write(part)));
        producer.flush();
    }

    private static void publishReadOuts(KafkaProducer<String, byte[]> producer, SimulatedExperiment experiment, int n) {
        for (int i = 0; i < n; i++) {
            ExperimentResults r = experiment.next(USERS_PER_READ_OUT);
            producer.send(new ProducerRecord<>(TOPICS.experiments(), r.experimentId(), EventJson.write(r)));
        }
        producer.flush();
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1480,1000", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * The text of every element matching {@code css}, read in one script: the dashboard re-renders on every refresh,
     * and elements found first and read after (WebDriver's getText) may be gone by then (StaleElementReference).
     */
    @SuppressWarnings("unchecked")
    private static List<String> texts(ChromeDriver browser, String css) {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.innerText.replace(/\\s+/g, ' ').trim());", css);
    }

    /** The text of the first element matching {@code css}, read as {@link #texts} does. */
    private static String text(ChromeDriver browser, String css) {
        List<String> all = texts(browser, css);
        assertThat(all).as("elements matching " + css).isNotEmpty();
        return all.get(0);
    }

    /** Each chart's pixels as a data URL, in page order. */
    private static List<String> chartImages(ChromeDriver browser) {
        List<String> out = new ArrayList<>();
        for (WebElement canvas : browser.findElements(By.cssSelector(".chart canvas"))) {
            out.add((String) browser.executeScript("return arguments[0].toDataURL();", canvas));
        }
        return out;
    }

    /** The whole page, beyond the window's height (Chrome DevTools' full-page capture). */
    @SuppressWarnings("unchecked")
    private static void screenshot(ChromeDriver browser) throws Exception {
        Map<String, Object> layout = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) layout.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", ((Number) size.get("width")).doubleValue(),
                "height", ((Number) size.get("height")).doubleValue(), "scale", 1);
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        Files.write(SCREENSHOT, java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }
}
