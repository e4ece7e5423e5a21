package dev.eddy.events.config;

/** A configuration problem found at start; the message names the key. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
