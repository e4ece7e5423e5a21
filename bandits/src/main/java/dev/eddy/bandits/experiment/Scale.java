package dev.eddy.bandits.experiment;

/** What an effect measures: the treatment's metric minus the control's, or that difference over the control's. */
public enum Scale {
    /** μ_t − μ_c, in the metric's units. */
    ABSOLUTE,
    /** (μ_t − μ_c)/|μ_c|, the lift: 0.02 is +2 %. */
    RELATIVE
}
