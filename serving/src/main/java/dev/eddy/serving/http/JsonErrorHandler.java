package dev.eddy.serving.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's answer to a request it refuses before any route sees it (an ambiguous or malformed URI, a bad header): the
 * same {@code {"error"}} JSON body as every other error, instead of Jetty's HTML page. Found by ServingFuzzIT
 * ({@code POST /../x} answered an HTML 400).
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = HttpStatus.getMessage(status);
        String what = status == 400 ? "the request could not be read: its URI or headers are malformed"
                : "the request could not be answered: " + (reason == null ? "HTTP " + status : reason.toLowerCase());
        byte[] body = ("{\"error\":\"" + what + "\"}").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
