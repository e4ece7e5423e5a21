package dev.eddy.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer: what went wrong and, when one field is to blame, its JSON path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {}
