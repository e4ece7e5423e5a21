package dev.eddy.tools.cluster;

import dev.eddy.events.kafka.KafkaClientProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Which broker leads how many partitions, over every topic (Kafka's internal ones too). */
final class KafkaLeaders {
    private KafkaLeaders() {}

    static Map<Integer, Integer> count(String bootstrap) throws Exception {
        try (Admin admin = KafkaClientProperties.plaintext(bootstrap).admin(Map.of())) {
            var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
            Map<Integer, Integer> leaders = new TreeMap<>();
            for (TopicDescription d : admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(pi -> {
                    if (pi.leader() != null) leaders.merge(pi.leader().id(), 1, Integer::sum);
                });
            }
            return leaders;
        }
    }

    /** The node that leads the most partitions. */
    static int busiest(String bootstrap) throws Exception {
        return count(bootstrap).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
