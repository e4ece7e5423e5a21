package dev.eddy.serving.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * What a client of an HTTPS serving trusts: a truststore, either PEM certificates (a CA's, or the server's own
 * self-signed one) or a PKCS#12 / JKS keystore whose certificates are trusted. Used by {@link ServingClient} and
 * {@code eddy bench load --truststore}.
 */
public final class TrustStores {
    private TrustStores() {}

    /**
     * @param password the keystore's password (PKCS#12 keeps its certificates encrypted); ignored for PEM, may be null
     */
    public static KeyStore load(Path file, String password) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("cert-" + i++, c);
                    }
                }
                if (i == 0) throw new IllegalArgumentException("truststore " + file + " holds no certificate");
                return ks;
            }
            return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("truststore " + file + " does not load: " + e.getMessage(), e);
        }
    }

    /** A TLS client context that trusts exactly the certificates of {@code truststore}. */
    public static SSLContext sslContext(KeyStore truststore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(truststore);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("no TLS context over the truststore: " + e.getMessage(), e);
        }
    }
}
