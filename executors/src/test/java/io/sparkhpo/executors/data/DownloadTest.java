package io.sparkhpo.executors.data;

import com.sun.net.httpserver.HttpServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The downloaders against a local HTTP server (this machine has no internet). */
class DownloadTest {

    @TempDir
    Path dir;
    HttpServer server;
    final Map<String, byte[]> files = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void verifiedDownloadLandsAtomically() throws Exception {
        byte[] body = new byte[300_000];
        new Random(1).nextBytes(body);
        files.put("/f.bin", body);
        Path target = dir.resolve("sub/f.bin");
        Downloader.fetch(url("/f.bin"), target, md5(body));
        assertArrayEquals(body, Files.readAllBytes(target));
        assertFalse(Files.exists(dir.resolve("sub/f.bin.part")));
    }

    @Test
    void checksumMismatchLeavesNothing() throws Exception {
        files.put("/f.bin", new byte[]{1, 2, 3});
        Path target = dir.resolve("f.bin");
        DataException e = assertThrows(DataException.class,
                () -> Downloader.fetch(url("/f.bin"), target, "00000000000000000000000000000000"));
        assertTrue(e.getMessage().contains("MD5 mismatch"), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("f.bin.part")));
    }

    @Test
    void httpErrorIsReported() {
        DataException e = assertThrows(DataException.class,
                () -> Downloader.fetch(url("/missing"), dir.resolve("x"), "00"));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void unreachableServerIsReported() {
        URI closed = URI.create("http://127.0.0.1:1/nothing");
        DataException e = assertThrows(DataException.class, () -> Downloader.fetch(closed, dir.resolve("x"), "00"));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }

    /** The CIFAR-10 archive path: official layout (cifar-10-batches-bin/ plus extra files), MD5, unpacking, loading. */
    @Test
    void cifar10ArchiveIsCheckedAndUnpacked() throws Exception {
        Path src = TestData.writeCifar10(dir.resolve("src"), 4, 3, 9);
        ByteArrayOutputStream tgz = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(tgz))) {
            List<String> names = new java.util.ArrayList<>(Cifar10.TRAIN_FILES);
            names.add(Cifar10.TEST_FILE);
            names.add("batches.meta.txt");
            for (String n : names) {
                byte[] b = n.endsWith(".txt") ? "airplane\n".getBytes() : Files.readAllBytes(src.resolve(n));
                TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/" + n);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        files.put("/cifar-10-binary.tar.gz", tgz.toByteArray());
        Path out = dir.resolve("cifar");
        DataSets.downloadCifar10(out, url("/cifar-10-binary.tar.gz"), md5(tgz.toByteArray()));
        assertTrue(Cifar10.present(out));
        assertEquals(20, Cifar10.load(out).train().size());

        Path bad = dir.resolve("bad");
        assertThrows(DataException.class,
                () -> DataSets.downloadCifar10(bad, url("/cifar-10-binary.tar.gz"), "0123456789abcdef0123456789abcdef"));
        assertFalse(Cifar10.present(bad));
    }

    @Test
    void fashionMnistFilesAreEachChecked() throws Exception {
        Path src = TestData.writeFashionMnist(dir.resolve("src"), 6, 3, true, 4);
        Map<String, String> sums = new HashMap<>();
        for (String f : FashionMnist.FILES) {
            byte[] b = Files.readAllBytes(src.resolve(f + ".gz"));
            files.put("/fm/" + f + ".gz", b);
            sums.put(f, md5(b));
        }
        Path out = dir.resolve("fm");
        DataSets.downloadFashionMnist(out, url("/fm/"), sums);
        assertEquals(6, FashionMnist.load(out).train().size());
    }

    @Test
    void locatorPrefersConfiguredThenHomeThenSystem() throws IOException {
        Path home = dir.resolve("home");
        Path system = TestData.writeFashionMnist(dir.resolve("system"), 4, 2, true, 1);
        DataLocator locator = new DataLocator(home, List.of(system));
        assertEquals(system.toAbsolutePath(), locator.locate(FashionMnist.NAME, Optional.empty(), false));
        TestData.writeFashionMnist(home.resolve(FashionMnist.NAME), 4, 2, true, 1);
        assertEquals(home.resolve(FashionMnist.NAME).toAbsolutePath(),
                locator.locate(FashionMnist.NAME, Optional.empty(), false));
        Path mine = TestData.writeFashionMnist(dir.resolve("mine"), 4, 2, false, 1);
        assertEquals(mine.toAbsolutePath(), locator.locate(FashionMnist.NAME, Optional.of(mine), false));
    }

    @Test
    void locatorErrorListsWhereItLooked() {
        Path home = dir.resolve("home");
        DataLocator locator = new DataLocator(home, List.of(dir.resolve("nowhere")));
        DataException e = assertThrows(DataException.class,
                () -> locator.locate(FashionMnist.NAME, Optional.empty(), false));
        assertTrue(e.getMessage().contains(home.resolve(FashionMnist.NAME).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
        DataException explicit = assertThrows(DataException.class,
                () -> locator.locate(Cifar10.NAME, Optional.of(dir.resolve("c10")), false));
        assertTrue(explicit.getMessage().contains("c10"), explicit.getMessage());
        assertTrue(explicit.getMessage().contains(DataSets.CIFAR10_URL.toString()), explicit.getMessage());
    }
}
