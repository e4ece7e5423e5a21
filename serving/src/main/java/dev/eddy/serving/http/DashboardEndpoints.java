package dev.eddy.serving.http;

/**
 * What the dashboard reads besides /v1/models and /v1/experiments: experiment results and the model versions loaded
 * over time. Like {@link ServingEndpoints}, implementations say why they cannot answer with serving's own exceptions
 * ({@code UnknownExperimentException} for an experiment neither configured nor reported on), which
 * {@link ErrorResponses} maps.
 */
public interface DashboardEndpoints {

    /** The body of GET /v1/experiments/{experimentId}/results. */
    Object experimentResults(String experimentId);

    /** The body of GET /v1/models/history. */
    Object modelHistory();
}
