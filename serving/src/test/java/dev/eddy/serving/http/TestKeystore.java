package dev.eddy.serving.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost and 127.0.0.1 in a PKCS#12 keystore, made with the JDK's keytool (the
 * same command docs/configuration.md shows), and the certificate alone as PEM for clients.
 */
public record TestKeystore(Path keystore, String password, Path certificatePem) {

    public static TestKeystore create(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("serving.p12");
        Path pem = dir.resolve("serving.pem");
        String password = "test-" + Long.toHexString(System.nanoTime());
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "serving", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", password, "-keypass", password));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "serving", "-keystore", ks.toString(),
                "-storepass", password, "-file", pem.toString()));
        return new TestKeystore(ks, password, pem);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool failed: " + out);
    }
}
