package io.github.asyncjobs.testing.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a request exactly as given, byte for byte (no client library repairs a header, an encoding or a method), on
 * its own connection, and reads the one response. A response that does not come within the timeout is a hang.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public record Reply(int status, Map<String, String> headers, String body) {

        /** The header's value, by case-insensitive name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public static Reply send(int port, byte[] request, Duration timeout) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No response within " + timeout + ": the request hangs", e);
        }
    }

    private static Reply read(InputStream in) throws IOException {
        var statusLine = line(in);
        if (statusLine == null) {
            throw new AssertionError("The connection was closed without a response");
        }
        var headers = new LinkedHashMap<String, String>();
        for (var line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        var length = headers.get("content-length");
        var body = length != null ? in.readNBytes(Integer.parseInt(length))
                : "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? chunks(in) : new byte[0];
        return new Reply(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunks(InputStream in) throws IOException {
        var body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
            body.write(in.readNBytes(size));
            line(in);
        }
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
