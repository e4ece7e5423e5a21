package dev.eddy.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.events.experiment.ExperimentsConfigReader;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.jobs.experiments.ExperimentsJob;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.learn.LearnerJob;
import dev.eddy.jobs.retrain.RetrainJob;
import dev.eddy.tools.cli.AllKeys;
import dev.eddy.tools.cli.EddyCli;
import dev.eddy.tools.cluster.FlinkProcesses;
import dev.eddy.tools.cluster.LocalCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files (deploy/) checked against the code without Docker or Kubernetes: every YAML parses; every
 * entry point they name (main class, job command, jar path) exists; every Eddy key they set is one a process reads
 * with a valid value ({@link AllKeys#problems}); every topic is one of {@link EddyTopics}; every Flink key is one of
 * Flink 2.2.1's options; the images are multi-stage, run as a non-root user and carry no secret; secrets come from
 * Secrets; and compose, the Kubernetes manifests and deploy/config use the same names. What it cannot check (that
 * the images build, the containers start, the operator accepts the resources) is what `eddy cluster` runs.
 */
class DeploymentFilesTest {
    private static final String CLUSTER_JAR = "/opt/flink/usrlib/eddy-cluster.jar";
    /** What `eddy cluster` runs the jobs jar with (EddyCli without System.exit): compose and the operator too. */
    private static final String ENTRY_CLASS = LocalCluster.ENTRY_CLASS;
    /** The job commands and the job names they run under (what `flink list` shows, and the resources' names). */
    private static final Map<String, String> JOBS = new LinkedHashMap<>(Map.of("join", JoinJob.NAME, "learn", LearnerJob.NAME,
            "retrain", RetrainJob.NAME, "experiments", ExperimentsJob.NAME));
    private static final Set<String> TOPICS = Set.copyOf(EddyTopics.DEFAULT.all());

    private static Path root;
    private static Path deploy;
    private static FlinkOptionKeys flinkKeys;

    @BeforeAll
    static void locate() {
        // Surefire runs in the module directory, an IDE often in the repository root: look upwards for deploy/.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/k8s")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                root = dir;
                deploy = dir.resolve("deploy");
                break;
            }
        }
        assertThat(root).as("deploy/ above " + Path.of("").toAbsolutePath()).isNotNull();
        flinkKeys = FlinkOptionKeys.onClasspath();
    }

    // ---------------------------------------------------------------- the checks can fail

    @Test
    void theChecksThemselvesRejectWhatIsWrong() throws IOException {
        assertThat(AllKeys.problems(Map.of("join.windw", "5m", "job.parallelism", "0", "serving.log.durable", "maybe")))
                .hasSize(3).anySatisfy(p -> assertThat(p).contains("did you mean 'join.window'"));
        assertThat(AllKeys.problems(Map.of("serving.log.durable", "true", "join.window", "5m"))).isEmpty();
        assertThat(flinkKeys.size()).as("Flink options found on the classpath").isGreaterThan(300);
        assertThat(flinkKeys.problems(List.of("execution.checkpointing.dir", "execution.checkpointing.dirr"), "x"))
                .containsExactly("x: 'execution.checkpointing.dirr' is no Flink 2.2.1 option");
        assertThat(flinkKeys.problems(List.of("state.checkpoints.dir"), "x")).singleElement().asString()
                .contains("old name of Flink's 'execution.checkpointing.dir'");
        Dockerfile single = Dockerfile.parse("FROM eclipse-temurin:17-jre\nENV DB_PASSWORD=x\nCMD java\n");
        assertThat(imageProblems("bad", single, "FROM eclipse-temurin:17-jre\nENV DB_PASSWORD=x\n"))
                .anySatisfy(p -> assertThat(p).contains("one stage"))
                .anySatisfy(p -> assertThat(p).contains("runs as root"))
                .anySatisfy(p -> assertThat(p).contains("DB_PASSWORD"));
        assertThat(DeployYaml.documents("a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n").get(0).get("c").get("b").asInt()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- YAML

    @Test
    void everyYamlFileParsesWithEveryDocument() throws IOException {
        List<Path> files = files("glob:**/*.{yaml,yml}");
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path f : files) assertThat(DeployYaml.documents(f)).as(deploy.relativize(f).toString()).isNotEmpty();
        // The ConfigMap's experiments file is the example one, and it loads as serving and the experiments job read it.
        String embedded = configMap().get("data").get("experiments.yaml").asText();
        assertThat(embedded.strip()).isEqualTo(Files.readString(deploy.resolve("serving/experiments.yaml")).strip());
        assertThat(ExperimentsConfigReader.parse(embedded, "eddy-config.yaml").experiments()).isNotEmpty();
    }

    // ---------------------------------------------------------------- Eddy config keys

    @Test
    void everyEddyKeySetAnywhereExistsWithAValidValue() throws IOException {
        Map<String, String> compose = properties(Files.readString(deploy.resolve("config/eddy.properties")));
        Map<String, String> k8s = properties(configMap().get("data").get("eddy.properties").asText());
        List<String> problems = new ArrayList<>();
        AllKeys.problems(compose).forEach(p -> problems.add("config/eddy.properties: " + p));
        AllKeys.problems(k8s).forEach(p -> problems.add("k8s/eddy-config.yaml: " + p));
        for (JobRun run : composeJobRuns()) AllKeys.problems(run.sets()).forEach(p -> problems.add("docker-compose.yml " + run.command() + ": " + p));
        for (JobRun run : operatorJobRuns()) AllKeys.problems(run.sets()).forEach(p -> problems.add(run.file() + ": " + p));
        assertThat(problems).isEmpty();
        // One set of names: the Kubernetes config sets exactly the keys the compose config sets.
        assertThat(new TreeSet<>(k8s.keySet())).as("keys of k8s/eddy-config.yaml").isEqualTo(new TreeSet<>(compose.keySet()));
        // Each job takes its own consumer group (and transactional-id prefix): a shared one would fence them.
        assertThat(compose).doesNotContainKey("kafka.group-id");
        assertThat(k8s).doesNotContainKey("kafka.group-id");
    }

    // ---------------------------------------------------------------- entry points

    @Test
    void everyEntryPointExists() throws Exception {
        assertHasMain(ENTRY_CLASS);
        Dockerfile serving = dockerfile("docker/serving.Dockerfile");
        String entry = instruction(serving.last(), "ENTRYPOINT");
        Matcher main = Pattern.compile("\"(dev\\.eddy\\.[\\w.]+)\"").matcher(entry);
        assertThat(main.find()).as("serving ENTRYPOINT names a class: " + entry).isTrue();
        assertHasMain(main.group(1));
        assertThat(main.group(1)).isEqualTo(dev.eddy.serving.ServeCommand.class.getName());

        // The jobs image puts the cluster jar where compose and the operator look for it; the jar is the one the
        // `cluster` profile of tools/pom.xml shades, with EddyCli as its main class (for `flink run` without -c).
        Dockerfile jobs = dockerfile("docker/jobs.Dockerfile");
        assertThat(Dockerfile.copies(jobs.last())).anySatisfy(c -> assertThat(c.destination()).isEqualTo(CLUSTER_JAR));
        String toolsPom = Files.readString(root.resolve("tools/pom.xml"));
        assertThat(toolsPom).contains("<artifactId>eddy-tools</artifactId>", "<shadedClassifierName>cluster</shadedClassifierName>",
                "<mainClass>" + EddyCli.class.getName() + "</mainClass>");
        String jobsText = Files.readString(deploy.resolve("docker/jobs.Dockerfile"));
        assertThat(jobsText).contains("cp tools/target/eddy-tools-*-cluster.jar");
        // The jars copied from tools/target/lib into Flink's lib/ are dependencies the build really has.
        Matcher lib = Pattern.compile("tools/target/lib/([\\w.*-]+\\.jar)").matcher(jobsText);
        List<Path> classpath = Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(java.io.File.pathSeparator)).map(Path::of).toList();
        int globs = 0;
        while (lib.find()) {
            globs++;
            String glob = lib.group(1);
            // Never Eddy, kafka-clients or the Kafka connector on Flink's parent classpath (what eddy cluster found:
            // the connector, parent-first, and the jar's kafka-clients meet as two classes of one name).
            assertThat(glob).as("Flink's lib/").doesNotStartWith("eddy-").doesNotContain("kafka");
            Matcher module = Pattern.compile("eddy-([a-z-]+)-\\*\\.jar").matcher(glob);
            if (module.matches()) {
                // An Eddy module is on the test classpath as its classes folder; the build makes the jar of it.
                Path classes = root.resolve(module.group(1)).resolve("target/classes");
                assertThat(classpath).as(glob + ": module " + module.group(1) + " among tools' dependencies").contains(classes);
            } else {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                assertThat(classpath).as(glob + " among tools' dependencies").anyMatch(p -> m.matches(p.getFileName()));
            }
        }
        assertThat(globs).isEqualTo(6);
        assertThat(Files.readString(root.resolve("serving/pom.xml"))).contains("<artifactId>eddy-serving</artifactId>",
                "${project.build.directory}/lib");

        List<JobRun> runs = new ArrayList<>(composeJobRuns());
        runs.addAll(operatorJobRuns());
        for (JobRun run : runs) {
            assertThat(run.entryClass()).as(run.file()).isEqualTo(ENTRY_CLASS);
            assertThat(run.jar()).as(run.file()).isIn(CLUSTER_JAR, "local://" + CLUSTER_JAR);
            // The arguments parse as the eddy command line parses them, into a job command started for a cluster.
            CommandLine.ParseResult parsed = EddyCli.commandLine().parseArgs(run.args().toArray(String[]::new));
            assertThat(parsed.subcommand()).as(run.file() + " " + run.args()).isNotNull();
            String command = parsed.subcommand().commandSpec().name();
            assertThat(JOBS).as(run.file()).containsKey(command);
            assertThat(run.command()).isEqualTo(command);
            assertThat(parsed.subcommand().hasMatchedOption("--cluster")).as(run.file() + " " + run.args()).isTrue();
            assertThat(run.name()).as(run.file() + ": the job's name").isEqualTo(JOBS.get(command));
            assertThat(run.configPath()).as(run.file() + ": --config").isEqualTo("/opt/eddy/eddy.properties");
        }
        assertThat(composeJobRuns()).extracting(JobRun::command).containsExactlyInAnyOrderElementsOf(JOBS.keySet());
        assertThat(operatorJobRuns()).extracting(JobRun::command).containsExactlyInAnyOrderElementsOf(JOBS.keySet());
    }

    // ---------------------------------------------------------------- topics

    @Test
    void everyTopicIsOneOfEddysAndEachIsCreated() throws IOException {
        String script = compose().get("services").get("topics").get("command").get(0).asText();
        Set<String> composeTopics = new TreeSet<>();
        Matcher m = Pattern.compile("\\beddy\\.[a-z-]+").matcher(script);
        while (m.find()) composeTopics.add(m.group());
        assertThat(composeTopics).as("topics created by docker-compose.yml").isEqualTo(new TreeSet<>(TOPICS));

        Set<String> strimzi = new TreeSet<>();
        for (JsonNode d : DeployYaml.documents(deploy.resolve("k8s/topics.yaml"))) {
            assertThat(d.get("kind").asText()).isEqualTo("KafkaTopic");
            strimzi.add(d.get("spec").get("topicName").asText());
            boolean compacted = d.get("spec").path("config").path("cleanup.policy").asText().equals("compact");
            String topic = d.get("spec").get("topicName").asText();
            assertThat(compacted).as(topic + " compacted").isEqualTo(topic.equals(EddyTopics.DEFAULT.models())
                    || topic.equals(EddyTopics.DEFAULT.experiments()));
        }
        assertThat(strimzi).as("KafkaTopic resources").isEqualTo(new TreeSet<>(TOPICS));

        for (Map<String, String> config : List.of(properties(Files.readString(deploy.resolve("config/eddy.properties"))),
                properties(configMap().get("data").get("eddy.properties").asText()))) {
            config.forEach((k, v) -> {
                if (k.startsWith("topics.") && !k.equals("topics.partitions") && !k.equals("topics.replication")) {
                    assertThat(v).as(k).isIn(TOPICS);
                }
            });
        }
    }

    // ---------------------------------------------------------------- Flink keys

    @Test
    void everyFlinkKeyIsAFlinkOption() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> clusterConfig = DeployYaml.flatten(DeployYaml.documents(deploy.resolve("flink/config.yaml")).get(0));
        problems.addAll(flinkKeys.problems(clusterConfig.keySet(), "flink/config.yaml"));
        for (JsonNode service : iterable(compose().get("services"))) {
            JsonNode props = service.path("environment").path("FLINK_PROPERTIES");
            if (props.isTextual()) problems.addAll(flinkKeys.problems(yamlKeys(props.asText()), "docker-compose.yml FLINK_PROPERTIES"));
        }
        for (Path f : flinkDeployments()) {
            JsonNode conf = DeployYaml.documents(f).get(0).get("spec").get("flinkConfiguration");
            List<String> keys = new ArrayList<>();
            conf.fieldNames().forEachRemaining(keys::add);
            problems.addAll(flinkKeys.problems(keys, deploy.relativize(f).toString()));
        }
        assertThat(problems).isEmpty();
        // Checkpoints and savepoints on storage every process reaches, the same place the job's own setting names.
        String checkpointDir = properties(Files.readString(deploy.resolve("config/eddy.properties"))).get("checkpoint.dir");
        assertThat(clusterConfig.get("execution.checkpointing.dir").asText()).isEqualTo(checkpointDir);
        assertThat(clusterConfig.get("execution.checkpointing.savepoint-dir").asText()).startsWith("file:///flink-data/");
        assertThat(clusterConfig.get("state.backend.type").asText()).isEqualTo("rocksdb");
    }

    // ---------------------------------------------------------------- images

    @Test
    void imagesAreMultiStageRunAsANonRootUserAndHoldNoSecret() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : List.of("docker/jobs.Dockerfile", "docker/serving.Dockerfile")) {
            problems.addAll(imageProblems(name, dockerfile(name), Files.readString(deploy.resolve(name))));
            // What the build context copies in exists in the repository (never a secrets folder).
            for (Dockerfile.Stage stage : dockerfile(name).stages()) {
                for (Dockerfile.Copy c : Dockerfile.copies(stage)) {
                    if (c.fromStage() != null) continue;
                    for (String src : c.sources()) {
                        if (!Files.exists(root.resolve(src))) problems.add(name + ": COPY " + src + " is not in the repository");
                        if (src.contains("secret")) problems.add(name + ": COPY " + src + " copies secrets into the image");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(dockerfile("docker/jobs.Dockerfile").last().base()).isEqualTo("${FLINK_IMAGE}");
        assertThat(Files.readString(deploy.resolve("docker/jobs.Dockerfile"))).contains("ARG FLINK_IMAGE=flink:2.2.1-java17");
        assertThat(dockerfile("docker/serving.Dockerfile").last().base()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(Files.readString(root.resolve(".dockerignore"))).contains("deploy/docker/secrets");
    }

    static List<String> imageProblems(String name, Dockerfile file, String text) {
        List<String> problems = new ArrayList<>();
        if (file.stages().size() < 2) problems.add(name + ": one stage; build in one, run in another");
        else if (Dockerfile.copies(file.last()).stream().noneMatch(c -> c.fromStage() != null)) {
            problems.add(name + ": the final stage copies nothing from the build stage");
        }
        String user = file.last().user();
        if (user == null || user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:")) {
            problems.add(name + ": the final stage runs as root (USER " + user + ")");
        }
        for (String n : Dockerfile.envAndArgNames(text)) {
            if (Dockerfile.SECRET_NAME.matcher(n).matches()) problems.add(name + ": ENV/ARG " + n + " would put a secret into the image");
        }
        return problems;
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void secretsComeFromSecretsNeverFromFilesInTheRepository() throws IOException {
        List<String> problems = new ArrayList<>();
        for (var service : fields(compose().get("services"))) {
            for (var env : fields(service.getValue().path("environment"))) {
                if (Dockerfile.SECRET_NAME.matcher(env.getKey()).matches()) {
                    problems.add("docker-compose.yml " + service.getKey() + ": " + env.getKey() + " set in the file");
                }
            }
        }
        for (Path f : files("glob:**/k8s/*.yaml")) {
            for (JsonNode doc : DeployYaml.documents(f)) {
                if (doc.path("kind").asText().equals("Secret")) problems.add(deploy.relativize(f) + ": a Secret with its data in the repository");
                for (JsonNode env : doc.findValues("env")) {
                    for (JsonNode e : iterable(env)) {
                        String n = e.path("name").asText();
                        if (Dockerfile.SECRET_NAME.matcher(n).matches() && e.path("valueFrom").path("secretKeyRef").isMissingNode()) {
                            problems.add(deploy.relativize(f) + ": " + n + " not from a secretKeyRef");
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();

        // Serving's API keys: a compose secret, a Kubernetes Secret volume, at the path the config names.
        String composeKeys = properties(Files.readString(deploy.resolve("config/eddy.properties"))).get("serving.api-keys-file");
        JsonNode serving1 = compose().get("services").get("serving-1");
        assertThat(composeKeys).isEqualTo("/run/secrets/" + serving1.get("secrets").get(0).asText());
        assertThat(compose().get("secrets").get(serving1.get("secrets").get(0).asText()).get("file").asText()).startsWith("./secrets/");
        assertThat(Files.readString(deploy.resolve("docker/.gitignore"))).contains("secrets/");
        String k8sKeys = properties(configMap().get("data").get("eddy.properties").asText()).get("serving.api-keys-file");
        JsonNode pod = kind("k8s/serving.yaml", "Deployment").get("spec").get("template").get("spec");
        String secretVolume = stream(pod.get("volumes")).filter(v -> v.has("secret")).findFirst().orElseThrow().get("name").asText();
        String mount = stream(pod.get("containers").get(0).get("volumeMounts"))
                .filter(v -> v.get("name").asText().equals(secretVolume)).findFirst().orElseThrow().get("mountPath").asText();
        assertThat(k8sKeys).startsWith(mount + "/");
    }

    // ---------------------------------------------------------------- what compose and Kubernetes run

    @Test
    void composeRunsThreeBrokersAFlinkClusterTheJobsAndTwoServingReplicas() throws IOException {
        JsonNode services = compose().get("services");
        List<String> brokers = new ArrayList<>();
        for (var s : fields(services)) if (s.getValue().path("image").asText().startsWith("apache/kafka:")
                && s.getValue().path("environment").has("KAFKA_NODE_ID")) brokers.add(s.getKey());
        assertThat(brokers).hasSize(3);
        for (String b : brokers) {
            JsonNode env = services.get(b).get("environment");
            assertThat(env.get("KAFKA_PROCESS_ROLES").asText()).contains("controller");
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().split(",")).hasSize(3);
            assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS").asInt()).isEqualTo(2);
        }
        String bootstrap = properties(Files.readString(deploy.resolve("config/eddy.properties"))).get("kafka.bootstrap-servers");
        assertThat(Arrays.stream(bootstrap.split(",")).map(h -> h.split(":")[0]).toList()).containsExactlyInAnyOrderElementsOf(brokers);
        assertThat(services.get("jobmanager").get("command").asText()).isEqualTo("jobmanager");
        assertThat(services.get("taskmanager").get("command").asText()).isEqualTo("taskmanager");
        assertThat(services.get("taskmanager").get("deploy").get("replicas").asInt()).isEqualTo(2);
        List<String> serving = new ArrayList<>();
        for (var s : fields(services)) if (s.getValue().path("build").path("dockerfile").asText().endsWith("serving.Dockerfile")) serving.add(s.getKey());
        assertThat(serving).hasSize(2);
        for (String s : serving) {
            assertThat(stream(services.get(s).get("volumes")).map(JsonNode::asText))
                    .contains("../config/eddy.properties:/opt/eddy/eddy.properties:ro");
        }
        // The jobs together fit the slots: two TaskManagers with numberOfTaskSlots each.
        int slots = DeployYaml.flatten(DeployYaml.documents(deploy.resolve("flink/config.yaml")).get(0))
                .get("taskmanager.numberOfTaskSlots").asInt() * 2;
        int needed = composeJobRuns().stream().mapToInt(r -> Integer.parseInt(r.sets().get("job.parallelism"))).sum();
        assertThat(needed).isLessThanOrEqualTo(slots);
    }

    @Test
    void kubernetesRunsAFlinkDeploymentPerJobServingWithAnHpaAndPdbAndStrimziKafkaInKraftMode() throws IOException {
        String checkpointDir = properties(configMap().get("data").get("eddy.properties").asText()).get("checkpoint.dir");
        for (Path f : flinkDeployments()) {
            JsonNode d = DeployYaml.documents(f).get(0);
            String where = deploy.relativize(f).toString();
            assertThat(d.get("kind").asText()).isEqualTo("FlinkDeployment");
            JsonNode conf = d.get("spec").get("flinkConfiguration");
            assertThat(conf.get("state.backend.type").asText()).as(where).isEqualTo("rocksdb");
            assertThat(conf.get("execution.checkpointing.dir").asText()).as(where).isEqualTo(checkpointDir);
            assertThat(conf.get("execution.checkpointing.savepoint-dir").asText()).as(where).startsWith("s3://");
            JsonNode job = d.get("spec").get("job");
            assertThat(job.get("upgradeMode").asText()).as(where).isEqualTo("savepoint");
            // The job's own job.parallelism wins over the operator's: both must say the same.
            JobRun run = operatorRun(f);
            assertThat(run.sets().get("job.parallelism")).as(where).isEqualTo(job.get("parallelism").asText());
            // The ConfigMap is where --config points.
            JsonNode pod = d.get("spec").get("podTemplate").get("spec");
            assertThat(stream(pod.get("containers").get(0).get("volumeMounts")).map(m -> m.get("mountPath").asText())).contains("/opt/eddy");
            assertThat(stream(pod.get("volumes")).map(v -> v.path("configMap").path("name").asText())).contains("eddy-config");
        }
        assertThat(flinkDeployments()).hasSize(JOBS.size());
        JsonNode retrainConf = DeployYaml.documents(deploy.resolve("k8s/flinkdeployment-retrain.yaml")).get(0).get("spec").get("flinkConfiguration");
        assertThat(retrainConf).isNotNull();
        // Class loading as `eddy cluster` runs it, in every FlinkDeployment and in the compose cluster's config.yaml.
        for (Path f : flinkDeployments()) {
            JsonNode conf = DeployYaml.documents(f).get(0).get("spec").get("flinkConfiguration");
            assertThat(List.of(conf.path("classloader.parent-first-patterns.additional").asText().split(";")))
                    .as(deploy.relativize(f).toString()).isEqualTo(FlinkProcesses.PARENT_FIRST_PATTERNS);
        }
        JsonNode flinkConf = DeployYaml.documents(deploy.resolve("flink/config.yaml")).get(0);
        assertThat(stream(flinkConf.get("classloader").get("parent-first-patterns").get("additional")).map(JsonNode::asText).toList())
                .as("flink/config.yaml").isEqualTo(FlinkProcesses.PARENT_FIRST_PATTERNS);

        for (String kind : List.of("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget")) {
            assertThat(kind("k8s/serving.yaml", kind)).as(kind).isNotNull();
        }
        JsonNode serving = kind("k8s/serving.yaml", "Deployment").get("spec").get("template").get("spec").get("containers").get(0);
        assertThat(stream(serving.get("args")).map(JsonNode::asText)).containsSequence("--config", "/opt/eddy/eddy.properties");
        assertThat(serving.get("readinessProbe").get("httpGet").get("path").asText()).isEqualTo("/readyz");

        JsonNode kafka = kind("k8s/kafka.yaml", "Kafka");
        assertThat(kafka.get("metadata").get("annotations").get("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.get("metadata").get("annotations").get("strimzi.io/node-pools").asText()).isEqualTo("enabled");
        JsonNode pool = kind("k8s/kafka.yaml", "KafkaNodePool");
        assertThat(stream(pool.get("spec").get("roles")).map(JsonNode::asText)).contains("controller", "broker");
        assertThat(pool.get("metadata").get("labels").get("strimzi.io/cluster").asText()).isEqualTo(kafka.get("metadata").get("name").asText());
        int plainPort = stream(kafka.get("spec").get("kafka").get("listeners")).filter(l -> !l.get("tls").asBoolean())
                .findFirst().orElseThrow().get("port").asInt();
        assertThat(properties(configMap().get("data").get("eddy.properties").asText()).get("kafka.bootstrap-servers"))
                .isEqualTo(kafka.get("metadata").get("name").asText() + "-kafka-bootstrap:" + plainPort);
    }

    // ---------------------------------------------------------------- reading the files

    /** One job submission in a deployment file: its entry class, jar, the eddy arguments, and what they set. */
    record JobRun(String file, String name, String entryClass, String jar, List<String> args) {
        String command() {
            return args.get(0);
        }

        String configPath() {
            int i = args.indexOf("--config");
            return i < 0 ? null : args.get(i + 1);
        }

        Map<String, String> sets() {
            Map<String, String> out = new TreeMap<>();
            for (int i = 0; i < args.size() - 1; i++) {
                if (args.get(i).equals("--set")) {
                    String[] kv = args.get(i + 1).split("=", 2);
                    out.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            return out;
        }
    }

    /** The `submit NAME ARGS...` lines of the compose file's submit-jobs service, with the flink run line they use. */
    private static List<JobRun> composeJobRuns() throws IOException {
        String script = compose().get("services").get("submit-jobs").get("command").get(0).asText();
        Matcher run = Pattern.compile("flink run --detached -m \\S+ -c (\\S+) \\\\?\\s*(\\S+) \"\\$\\$@\"").matcher(script);
        assertThat(run.find()).as("the flink run line of submit-jobs").isTrue();
        List<JobRun> runs = new ArrayList<>();
        Matcher submit = Pattern.compile("(?m)^\\s*submit (\\S+) (.+)$").matcher(script);
        while (submit.find()) {
            runs.add(new JobRun("docker-compose.yml", submit.group(1), run.group(1), run.group(2),
                    List.of(submit.group(2).strip().split("\\s+"))));
        }
        return runs;
    }

    private static List<JobRun> operatorJobRuns() throws IOException {
        List<JobRun> runs = new ArrayList<>();
        for (Path f : flinkDeployments()) runs.add(operatorRun(f));
        return runs;
    }

    private static JobRun operatorRun(Path f) {
        JsonNode d = DeployYaml.documents(f).get(0);
        JsonNode job = d.get("spec").get("job");
        return new JobRun(deploy.relativize(f).toString(), d.get("metadata").get("name").asText(),
                job.get("entryClass").asText(), job.get("jarURI").asText(), stream(job.get("args")).map(JsonNode::asText).toList());
    }

    private static List<Path> flinkDeployments() throws IOException {
        return files("glob:**/k8s/flinkdeployment-*.yaml");
    }

    private static JsonNode compose() {
        return DeployYaml.documents(deploy.resolve("docker/docker-compose.yml")).get(0);
    }

    private static JsonNode configMap() {
        return kind("k8s/eddy-config.yaml", "ConfigMap");
    }

    private static JsonNode kind(String file, String kind) {
        return DeployYaml.documents(deploy.resolve(file)).stream().filter(d -> d.path("kind").asText().equals(kind))
                .findFirst().orElse(null);
    }

    private static Dockerfile dockerfile(String name) throws IOException {
        return Dockerfile.parse(Files.readString(deploy.resolve(name)));
    }

    private static String instruction(Dockerfile.Stage stage, String keyword) {
        return stage.instructions().stream().filter(i -> i.keyword().equals(keyword)).map(Dockerfile.Instruction::arguments)
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + keyword));
    }

    private static Map<String, String> properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The keys of a "key: value" block (compose's FLINK_PROPERTIES). */
    private static List<String> yamlKeys(String block) {
        return block.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf(':')).strip()).toList();
    }

    private static List<Path> files(String glob) throws IOException {
        PathMatcher m = FileSystems.getDefault().getPathMatcher(glob);
        try (Stream<Path> all = Files.walk(deploy)) {
            return all.filter(Files::isRegularFile).filter(m::matches).sorted().collect(Collectors.toList());
        }
    }

    private static void assertHasMain(String className) throws ClassNotFoundException {
        Class<?> type = Class.forName(className, false, DeploymentFilesTest.class.getClassLoader());
        Method main;
        try {
            main = type.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(className + " has no main(String[])");
        }
        assertThat(Modifier.isStatic(main.getModifiers())).as(className + ".main is static").isTrue();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null) array.forEach(out::add);
        return out.stream();
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node == null ? List.of() : node;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (node != null) node.properties().forEach(out::add);
        return out;
    }
}
