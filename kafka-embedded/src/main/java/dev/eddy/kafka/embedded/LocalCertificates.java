package dev.eddy.kafka.embedded;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A certificate authority made on the spot, and PKCS12 key stores signed by it: what a TLS broker on loopback and
 * its clients need, without a tool or a file from outside. EC P-256 keys, which take milliseconds to make.
 */
final class LocalCertificates {
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys;
    private final X500Name caSubject;
    private final X509Certificate ca;
    private final char[] password;

    LocalCertificates(String caName, char[] password) {
        this.password = password.clone();
        this.caKeys = keyPair();
        this.caSubject = new X500Name("CN=" + caName);
        X509v3CertificateBuilder b = builder(caSubject, caSubject, caKeys);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.ca = sign(b);
    }

    /** A truststore holding the CA's certificate. */
    void writeTruststore(Path file) {
        try {
            KeyStore ks = emptyStore();
            ks.setCertificateEntry("eddy-ca", ca);
            store(ks, file);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write truststore " + file, e);
        }
    }

    /**
     * A key store with a key and a certificate for {@code CN=commonName} signed by the CA, valid for TLS servers
     * and clients on 127.0.0.1 and localhost.
     */
    void writeKeystore(Path file, String commonName) {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder b = builder(caSubject, new X500Name("CN=" + commonName), keys);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate cert = sign(b);
        try {
            KeyStore ks = emptyStore();
            ks.setKeyEntry(commonName, keys.getPrivate(), password, new Certificate[] {cert, ca});
            store(ks, file);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write keystore " + file, e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
    }

    private X509Certificate sign(X509v3CertificateBuilder b) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC key pair generator", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ks;
    }

    private void store(KeyStore ks, Path file) throws GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
