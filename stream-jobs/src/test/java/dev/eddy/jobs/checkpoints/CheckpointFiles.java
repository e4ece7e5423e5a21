package dev.eddy.jobs.checkpoints;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the operator checkpoints kept as test resources live, and how the snapshot writers store them.
 *
 * <p>A checkpoint resource records what the code of one commit wrote; it is never regenerated. A later version of
 * the code adds a file under a new tag next to it, so each writer refuses to overwrite a file.
 */
public final class CheckpointFiles {
    private CheckpointFiles() {}

    /** The output directory and tag a writer's main was given: {@code <dir> <tag>}. */
    public record WriterArgs(Path dir, String tag) {
        public static WriterArgs parse(String[] args, Class<?> writer) {
            if (args.length != 2 || !args[1].matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("usage: " + writer.getName()
                        + " <output dir> <tag (the short commit hash of the code that writes)>");
            }
            return new WriterArgs(Path.of(args[0]), args[1]);
        }

        /** {@code <dir>/<name>-<tag>.<ext>}, which must not exist yet. */
        public Path newFile(String name, String ext) throws IOException {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + "-" + tag + "." + ext);
            if (Files.exists(file)) {
                throw new IllegalStateException(file + " exists: a checkpoint resource is never regenerated, "
                        + "write a new one under a new tag");
            }
            return file;
        }
    }

    public static void write(OperatorSubtaskState state, Path file) throws IOException {
        OperatorSnapshotUtil.writeStateHandle(state, file.toString());
    }

    public static void writeLines(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** A file under {@code /checkpoints/<job>/} on the test classpath. */
    public static Path resource(String job, String fileName) {
        String name = "/checkpoints/" + job + "/" + fileName;
        URL url = CheckpointFiles.class.getResource(name);
        if (url == null) throw new IllegalStateException("no test resource " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OperatorSubtaskState read(String job, String fileName) throws IOException, ClassNotFoundException {
        return OperatorSnapshotUtil.readStateHandle(resource(job, fileName).toString());
    }

    public static List<String> readLines(String job, String fileName) throws IOException {
        return Files.readAllLines(resource(job, fileName), StandardCharsets.UTF_8);
    }
}
