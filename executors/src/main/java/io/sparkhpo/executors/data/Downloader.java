package io.sparkhpo.executors.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads one file over HTTP(S) into place, atomically and verified: the bytes go to {@code TARGET.part}
 * while their MD5 is computed; only a matching checksum is moved to {@code TARGET}. Nothing half-written is
 * ever left under the target's name. Logs progress every few seconds.
 */
public final class Downloader {

    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private Downloader() {
    }

    /**
     * @param uri  where to fetch from
     * @param target the file to create
     * @param md5  expected MD5 of the content, lower-case hex
     * @throws DataException if the transfer fails, the server answers other than 200, or the MD5 differs
     */
    public static void fetch(URI uri, Path target, String md5) {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new DataException(target, "download from " + uri + " failed: HTTP " + response.statusCode());
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            String actual = copy(response.body(), part, uri, length);
            if (!actual.equalsIgnoreCase(md5)) {
                Files.deleteIfExists(part);
                throw new DataException(target, "MD5 mismatch for download from " + uri + ": got " + actual
                        + ", expected " + md5 + " (the file was discarded)");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new DataException(target, "download from " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            deleteQuietly(part);
            Thread.currentThread().interrupt();
            throw new DataException(target, "download from " + uri + " was interrupted", e);
        }
    }

    /** MD5 of a file, lower-case hex. */
    public static String md5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String copy(InputStream body, Path part, URI uri, long length) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long done = 0;
        long lastLog = System.nanoTime();
        try (InputStream in = body; OutputStream out = Files.newOutputStream(part)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                digest.update(buf, 0, n);
                done += n;
                if (System.nanoTime() - lastLog > PROGRESS_EVERY_NANOS) {
                    lastLog = System.nanoTime();
                    LOG.info("downloading {}: {} MB{}", uri, String.format("%.1f", done / 1e6),
                            length > 0 ? String.format(" of %.1f MB", length / 1e6) : "");
                }
            }
        }
        if (length >= 0 && done != length) {
            throw new IOException("connection closed after " + done + " of " + length + " bytes");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure is what the caller needs to see
        }
    }
}
