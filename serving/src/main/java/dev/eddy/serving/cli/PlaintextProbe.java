package dev.eddy.serving.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a Kafka listener one plain question — an ApiVersions request, version 0, which every Kafka broker answers
 * before anything else, even on a SASL listener — to learn whether it speaks plain Kafka. A TLS listener answers
 * with a TLS alert or closes the connection. Only what answers but not in Kafka is reported; an address where
 * nothing listens, or a listener slower than the timeout, is left to the client, which reports it as unreachable.
 */
final class PlaintextProbe {
    private static final byte TLS_ALERT = 0x15;
    private static final byte TLS_HANDSHAKE = 0x16;

    private PlaintextProbe() {}

    /** What the first listener of {@code bootstrap} did instead of answering plain Kafka, or empty when it did. */
    static Optional<String> notPlainKafka(String bootstrap, Duration timeout) {
        String first = bootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon <= 0) return Optional.empty();
        int port;
        try {
            port = Integer.parseInt(first.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String host = first.substring(0, colon).replace("[", "").replace("]", "");
        boolean connected = false;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            connected = true;
            s.setSoTimeout((int) timeout.toMillis());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] clientId = "eddy-probe".getBytes(StandardCharsets.US_ASCII);
            // Request header v1 (api key 18 = ApiVersions, version 0, correlation id, client id), empty v0 body.
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18);
            out.writeShort(0);
            out.writeInt(1);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte b0 = in.readByte();
            if (b0 == TLS_ALERT || b0 == TLS_HANDSHAKE) return Optional.of("answered with TLS");
            int size = (b0 & 0xff) << 24 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int correlation = in.readInt();
            if (size < 4 || correlation != 1) return Optional.of("did not answer in the Kafka protocol");
            return Optional.empty();
        } catch (EOFException e) {
            return Optional.of("closed the connection on a plain Kafka request");
        } catch (SocketTimeoutException e) {
            // No answer yet: a busy plain broker can be slow too, so this proves nothing; the client's check decides.
            return Optional.empty();
        } catch (IOException e) {
            // Connected, then reset: the listener dropped a plain request. Refused or unresolved: the client's own
            // check says so in its words.
            return connected ? Optional.of("reset the connection on a plain Kafka request") : Optional.empty();
        }
    }
}
