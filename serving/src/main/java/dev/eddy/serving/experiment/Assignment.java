package dev.eddy.serving.experiment;

import dev.eddy.events.experiment.Variant;

/**
 * The variant one user gets in one experiment at one instant.
 *
 * @param variant       the variant's name (what decisions log)
 * @param active        true when the user was split by hash; false when the experiment was inactive and the default
 *                      variant was served
 * @param reason        why: {@code running}, {@code draft}, {@code paused}, {@code stopped}, {@code before-start},
 *                      {@code after-end}
 * @param variantConfig the variant's configuration (policy, models, params)
 */
public record Assignment(String experimentId, String variant, boolean active, String reason, Variant variantConfig) {
}
