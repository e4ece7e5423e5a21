package dev.eddy.serving.http;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTPS connector that replaces Javalin's plain one when serving.tls.keystore is set: TLS (the JDK's TLS 1.2 and
 * 1.3, Jetty's default ciphers), then ALPN choosing HTTP/2 (h2) when the client offers it, else HTTP/1.1. ALPN is the
 * JDK's own (jetty-alpn-java-server), so nothing is needed on the boot path.
 */
final class TlsConnector {
    private TlsConnector() {}

    static ServerConnector create(Server server, HttpConfiguration plain, String host, int port, TlsSettings tls,
                                  KeyStore keystore) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keystore);
        ssl.setKeyStorePassword(tls.password());
        HttpConfiguration https = new HttpConfiguration(plain);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The certificate is the operator's to choose; a client that reached this port by IP or another name than the
        // certificate's has checked it (or chosen not to), and Jetty's own check would only answer 400.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory http11 = new HttpConnectionFactory(https);
        List<ConnectionFactory> factories = new ArrayList<>();
        if (tls.http2()) {
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
            alpn.setDefaultProtocol(http11.getProtocol());
            factories.add(new SslConnectionFactory(ssl, alpn.getProtocol()));
            factories.add(alpn);
            factories.add(new HTTP2ServerConnectionFactory(https));
        } else {
            factories.add(new SslConnectionFactory(ssl, http11.getProtocol()));
        }
        factories.add(http11);
        ServerConnector connector = new ServerConnector(server, -1, InlinePostHandler.selectors(),
                factories.toArray(ConnectionFactory[]::new));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** A client context that trusts the certificates of {@code keystore}: the server calling itself. */
    static javax.net.ssl.SSLContext trusting(KeyStore keystore) {
        try {
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keystore);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no TLS client context over the server's own keystore: " + e.getMessage(), e);
        }
    }
}
