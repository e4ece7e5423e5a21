package dev.eddy.tools.cli;

import dev.eddy.events.kafka.EddyTopics;

/** Lets commands take a short name ("decisions") for a configured standard topic, or any full topic name. */
final class TopicNames {
    private TopicNames() {}

    static String resolve(String name, EddyTopics topics) {
        return switch (name) {
            case "interactions" -> topics.interactions();
            case "decisions" -> topics.decisions();
            case "rewards" -> topics.rewards();
            case "examples" -> topics.examples();
            case "models" -> topics.models();
            case "experiments" -> topics.experiments();
            case "dead-letters" -> topics.deadLetters();
            case "control" -> topics.control();
            default -> name;
        };
    }
}
