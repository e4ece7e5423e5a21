package dev.eddy.jobs.join;

/** A record ready for a Kafka sink: key (may be null) and JSON value. A Flink POJO. */
public class KeyedBytes {
    public String key;
    public byte[] value;

    public KeyedBytes() {}

    public KeyedBytes(String key, byte[] value) {
        this.key = key;
        this.value = value;
    }
}
