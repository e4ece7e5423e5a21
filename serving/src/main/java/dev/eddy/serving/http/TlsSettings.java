package dev.eddy.serving.http;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * HTTPS: the server's key and certificate chain in a keystore (PKCS#12 or JKS) and its password (read by the caller
 * from a file or an environment variable, never from the command line). The password never appears in
 * {@link #toString()}.
 *
 * @param http2 also offer HTTP/2 (h2, negotiated by ALPN) beside HTTP/1.1
 */
public record TlsSettings(Path keystore, String password, boolean http2) {
    public TlsSettings {
        if (keystore == null) throw new IllegalArgumentException("serving.tls.keystore must name a file");
        if (password == null) throw new IllegalArgumentException("the keystore password must be given (may be empty)");
    }

    /** The keystore, read now so that a wrong file or password fails at start with the file named. */
    public KeyStore load() {
        try {
            KeyStore ks = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
            if (!ks.aliases().hasMoreElements()) throw new IllegalArgumentException("serving.tls.keystore " + keystore + " is empty");
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK's message for a wrong password ("keystore password was incorrect") names no secret.
            throw new IllegalArgumentException("serving.tls.keystore " + keystore + " does not load: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", password=****, http2=" + http2 + "]";
    }
}
