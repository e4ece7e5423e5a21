package dev.eddy.jobs.runtime;

import dev.eddy.jobs.join.KeyedBytes;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A test sink that keeps every record it is given, for a job run on a MiniCluster in this JVM. Flink serializes the
 * sink to its tasks, so the records go to a static map under this sink's id; {@link #close()} drops them. Records
 * are copied as they come: a job with object reuse may hand on records it reuses.
 */
public final class CollectingSink implements Sink<KeyedBytes>, AutoCloseable {
    private static final Map<String, Queue<KeyedBytes>> RECEIVED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectingSink() {
        RECEIVED.put(id, new ConcurrentLinkedQueue<>());
    }

    @Override
    public SinkWriter<KeyedBytes> createWriter(WriterInitContext context) {
        Queue<KeyedBytes> received = RECEIVED.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(KeyedBytes r, Context ctx) {
                received.add(new KeyedBytes(r.key, r.value == null ? null : r.value.clone()));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    /** What the sink received so far; in arrival order for a sink with one writer. */
    public List<KeyedBytes> records() {
        return List.copyOf(RECEIVED.get(id));
    }

    @Override
    public void close() {
        RECEIVED.remove(id);
    }
}
