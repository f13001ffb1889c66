package io.sparkhpo.executors.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The data sets this project trains on, by name ({@value Cifar10#NAME}, {@value FashionMnist#NAME}): whether a
 * folder holds one, loading it, and fetching it from its official location with MD5 checks.
 */
public final class DataSets {

    private static final Logger LOG = LoggerFactory.getLogger(DataSets.class);

    public static final List<String> NAMES = List.of(Cifar10.NAME, FashionMnist.NAME);

    /** The official CIFAR-10 binary archive and its published MD5. */
    public static final URI CIFAR10_URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    public static final String CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
    /** Fashion-MNIST's official location and the MD5s of its four files (as torchvision checks them). */
    public static final URI FASHION_MNIST_URL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    public static final Map<String, String> FASHION_MNIST_MD5 = Map.of(
            FashionMnist.TRAIN_IMAGES, "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            FashionMnist.TRAIN_LABELS, "25c81989df183df01b3e8a0aad5dffbe",
            FashionMnist.TEST_IMAGES, "bef4ecab320f06d8554ea6380940ec79",
            FashionMnist.TEST_LABELS, "bb300cfdad3c16e7a12a480ee83cd310");

    private DataSets() {
    }

    public static boolean present(String name, Path dir) {
        return switch (checkName(name)) {
            case Cifar10.NAME -> Cifar10.present(dir);
            case FashionMnist.NAME -> FashionMnist.present(dir);
            default -> throw new IllegalStateException("no loader for " + name);
        };
    }

    /**
     * {@code n} images of random pixels and labels in {@code name}'s shape (channels, side, classes), e.g. to time
     * training steps without the data ({@code doctor}).
     */
    public static Dataset random(String name, int n, long seed) {
        int[] shape = switch (checkName(name)) {
            case Cifar10.NAME -> new int[]{Cifar10.CHANNELS, Cifar10.SIDE, Cifar10.CLASSES};
            case FashionMnist.NAME -> new int[]{1, FashionMnist.SIDE, FashionMnist.CLASSES};
            default -> throw new IllegalStateException("no shape for " + name);
        };
        java.util.Random rng = new java.util.Random(seed);
        byte[] pixels = new byte[n * shape[0] * shape[1] * shape[1]];
        rng.nextBytes(pixels);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) rng.nextInt(shape[2]);
        }
        return new Dataset(name + "-random", shape[0], shape[1], shape[1], shape[2], pixels, labels);
    }

    public static DataSplit load(String name, Path dir) {
        return switch (checkName(name)) {
            case Cifar10.NAME -> Cifar10.load(dir);
            case FashionMnist.NAME -> FashionMnist.load(dir);
            default -> throw new IllegalStateException("no loader for " + name);
        };
    }

    /** Where {@link #download} fetches {@code name} from. */
    public static URI officialUrl(String name) {
        return Cifar10.NAME.equals(checkName(name)) ? CIFAR10_URL : FASHION_MNIST_URL;
    }

    /** Fetches {@code name} from its official location into {@code dir}. */
    public static void download(String name, Path dir) {
        if (Cifar10.NAME.equals(checkName(name))) {
            downloadCifar10(dir, CIFAR10_URL, CIFAR10_MD5);
        } else {
            downloadFashionMnist(dir, FASHION_MNIST_URL, FASHION_MNIST_MD5);
        }
    }

    /** Downloads the CIFAR-10 binary archive from {@code url}, checks {@code md5}, unpacks the batch files. */
    public static void downloadCifar10(Path dir, URI url, String md5) {
        Path archive = dir.resolve("cifar-10-binary.tar.gz");
        LOG.info("downloading CIFAR-10 from {} into {}", url, dir);
        Downloader.fetch(url, archive, md5);
        extractCifar10(archive, dir);
    }

    /** Downloads the four Fashion-MNIST files from {@code baseUrl} with their MD5s ({@code NAME -> md5}). */
    public static void downloadFashionMnist(Path dir, URI baseUrl, Map<String, String> md5) {
        for (String f : FashionMnist.FILES) {
            LOG.info("downloading {}{}.gz into {}", baseUrl, f, dir);
            Downloader.fetch(baseUrl.resolve(f + ".gz"), dir.resolve(f + ".gz"), md5.get(f));
        }
    }

    /**
     * Unpacks the six batch files of a CIFAR-10 binary archive into {@code dir/cifar-10-batches-bin}; other entries
     * are skipped (so no entry can write outside that folder), and a missing batch is an error.
     */
    static void extractCifar10(Path archive, Path dir) {
        Path out = dir.resolve(Cifar10.ARCHIVE_FOLDER);
        List<String> wanted = new java.util.ArrayList<>(Cifar10.TRAIN_FILES);
        wanted.add(Cifar10.TEST_FILE);
        int found = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive))))) {
            Files.createDirectories(out);
            for (TarArchiveEntry e; (e = tar.getNextTarEntry()) != null; ) {
                String base = Path.of(e.getName()).getFileName().toString();
                if (!e.isFile() || !wanted.contains(base)) {
                    continue;
                }
                Path part = out.resolve(base + ".part");
                Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, out.resolve(base), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                found++;
            }
        } catch (IOException e) {
            throw new DataException(archive, "cannot unpack: " + e.getMessage(), e);
        }
        if (found != wanted.size()) {
            throw new DataException(archive, "holds " + found + " of the 6 CIFAR-10 batch files " + wanted);
        }
    }

    private static String checkName(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + NAMES);
        }
        return name;
    }
}
