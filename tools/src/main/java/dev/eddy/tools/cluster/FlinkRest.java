package dev.eddy.tools.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Flink's REST API, the parts the local cluster uses: upload a jar and run it (as the web UI's "Submit New Job"
 * does), list jobs and TaskManagers, read a job's last checkpoint, and stop a job with a savepoint.
 */
public final class FlinkRest {

    /** One job of the cluster. */
    public record Job(String id, String name, String state, long startTime) {}

    /** A job's newest completed checkpoint; null fields when none yet. */
    public record Checkpoint(long id, String path, long completedAt, long completed, long failed, long restoredId) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String baseUrl) {
        this.base = baseUrl;
    }

    public String baseUrl() {
        return base;
    }

    public boolean reachable() {
        try {
            get("/overview");
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code /overview}: TaskManagers, total and free slots. */
    public JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    /** Uploads a jar; returns its id on the JobManager. */
    public String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "eddy-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        JsonNode answer = send(request);
        String file = answer.path("filename").asText();
        if (file.isEmpty()) throw new IOException("jar upload answered without a file name: " + answer);
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs the uploaded jar's {@code entryClass} with {@code args} in the JobManager; returns the id of the job its
     * main() submitted. {@code savepoint} (may be null) is the state to start from.
     */
    public String run(String jarId, String entryClass, List<String> args, String savepoint)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putArray("programArgsList").addAll(args.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (savepoint != null) body.put("savepointPath", savepoint);
        JsonNode answer = send(post("/jars/" + jarId + "/run", body, Duration.ofMinutes(5)));
        String id = answer.path("jobid").asText();
        if (id.isEmpty()) throw new IOException("run of " + args + " answered without a job id: " + answer);
        return id;
    }

    public List<Job> jobs() throws IOException, InterruptedException {
        List<Job> out = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            out.add(new Job(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(),
                    j.path("start-time").asLong()));
        }
        return out;
    }

    /** The newest job of that name that is not finished, failed or cancelled. */
    public Optional<Job> running(String name) throws IOException, InterruptedException {
        return jobs().stream().filter(j -> j.name().equals(name))
                .filter(j -> !List.of("FINISHED", "FAILED", "CANCELED").contains(j.state()))
                .max(java.util.Comparator.comparingLong(Job::startTime));
    }

    public Checkpoint checkpoint(String jobId) throws IOException, InterruptedException {
        JsonNode c = get("/jobs/" + jobId + "/checkpoints");
        JsonNode latest = c.path("latest").path("completed");
        return new Checkpoint(latest.path("id").asLong(0), latest.path("external_path").asText(null),
                latest.path("latest_ack_timestamp").asLong(0), c.path("counts").path("completed").asLong(),
                c.path("counts").path("failed").asLong(), c.path("latest").path("restored").path("id").asLong(0));
    }

    public JsonNode taskManagers() throws IOException, InterruptedException {
        return get("/taskmanagers").path("taskmanagers");
    }

    /** Stops the job with a savepoint in {@code directory}; waits for it and returns the savepoint's path. */
    public String stopWithSavepoint(String jobId, String directory, Duration timeout) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", directory);
        body.put("drain", false);
        String trigger = send(post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(30))).path("request-id").asText();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonNode s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (s.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = s.path("operation");
                if (op.has("location")) return op.path("location").asText();
                throw new IOException("savepoint of " + jobId + " failed: " + op.path("failure-cause"));
            }
            Thread.sleep(500);
        }
        throw new IOException("savepoint of " + jobId + " not done within " + timeout);
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel")).timeout(Duration.ofSeconds(30))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private HttpRequest post(String path, JsonNode body, Duration timeout) throws IOException {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + r.statusCode() + ": "
                    + abbreviate(r.body()));
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
