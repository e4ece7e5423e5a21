package dev.eddy.serving.http;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's scripts: uPlot (the charts) from its WebJar on the classpath, packaged at build time, so that the
 * page fetches nothing from elsewhere. Served under version-less names ({@code /dashboard/uPlot.iife.min.js}), so
 * that the page need not change when the WebJar's version does. Read once at start: a jar without them fails the
 * start, not the first page view.
 */
final class DashboardAssets {
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final String POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final Map<String, String> TYPES = Map.of(
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files;

    private DashboardAssets(Map<String, byte[]> files) {
        this.files = files;
    }

    static DashboardAssets load() {
        String version = uplotVersion();
        Map<String, byte[]> files = new java.util.HashMap<>();
        for (String name : TYPES.keySet()) files.put(name, read(WEBJAR + version + "/dist/" + name));
        return new DashboardAssets(Map.copyOf(files));
    }

    /** GET /dashboard/{asset}: one of the files above, else 404. */
    void serve(Context ctx) {
        String name = ctx.pathParam("asset");
        byte[] body = files.get(name);
        if (body == null) throw new NotFoundResponse("no dashboard asset '" + name + "'");
        ctx.contentType(TYPES.get(name)).result(body);
    }

    private static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = open(POM)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String path) {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " missing from the classpath (the org.webjars.npm:uplot dependency)");
        }
        return in;
    }
}
