package dev.eddy.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every 4xx answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {}
