package dev.eddy.events.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The experiments file: a list of experiments (possibly empty). */
public record ExperimentsConfig(@JsonProperty(required = true) List<Experiment> experiments) {

    public ExperimentsConfig {
        experiments = experiments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(experiments));
    }
}
