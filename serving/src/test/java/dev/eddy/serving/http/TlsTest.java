package dev.eddy.serving.http;

import dev.eddy.serving.client.ServingClient;
import dev.eddy.serving.client.TrustStores;
import dev.eddy.serving.http.RankRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS from a keystore: HTTP/2 by ALPN, HTTP/1.1 for clients that ask for it, and no plain HTTP on that port. */
class TlsTest {
    @TempDir
    static Path dir;
    private static TestKeystore keystore;
    private static ServingServer server;

    @BeforeAll
    static void start() throws Exception {
        keystore = TestKeystore.create(dir);
        server = ServingServer.start(new ServingServer.Settings("127.0.0.1", 0, 64 * 1024, RequestLimits.DEFAULT,
                ApiKeys.of(List.of("k-tls")), null, new TlsSettings(keystore.keystore(), keystore.password(), true),
                ServingServer.Protection.DEFAULT), new CannedEndpoints(), new CannedEndpoints(), new ServingMetrics());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void theClientTalksHttp2OverTlsTrustingTheServersCertificate() throws Exception {
        assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
        ServingClient client = new ServingClient(server.baseUrl(), "k-tls", TrustStores.load(keystore.certificatePem(), null));
        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(client.rank(new RankRequest("u1", null, null, null, null, 1, null)).items()).hasSize(1);
        // A PKCS#12 truststore (here the keystore itself) works as well as PEM.
        ServingClient p12 = new ServingClient(server.baseUrl(), "k-tls", TrustStores.load(keystore.keystore(), keystore.password()));
        assertThat(p12.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void http11ClientsAreServedToo() throws Exception {
        HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TrustStores.sslContext(TrustStores.load(keystore.certificatePem(), null))).build();
        HttpResponse<String> r = h1.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer k-tls").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        HttpClient untrusting = HttpClient.newHttpClient();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz")).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoAnswer() throws Exception {
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return; // the connection was closed: no answer, as wanted
        }
        // Jetty may answer a plain request on a TLS port with 400 and close: never with the endpoint's answer.
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void aWrongKeystorePasswordFailsTheStartNamingTheFileNotThePassword() {
        assertThatThrownBy(() -> new TlsSettings(keystore.keystore(), "wrong-password", true).load())
                .hasMessageContaining("serving.tls.keystore").hasMessageContaining(keystore.keystore().toString())
                .hasMessageNotContaining("wrong-password");
        assertThat(new TlsSettings(keystore.keystore(), keystore.password(), true).toString()).doesNotContain(keystore.password());
    }
}
