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
import io.sparkhpo.search.registry.Param;
import io.sparkhpo.search.registry.Registry;

import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The data sets a trial can train on, by the name {@code data.name} gives ({@link #REGISTRY}): each entry's own keys,
 * whether a folder holds it, loading it, and fetching it from its official location with MD5 checks where it has one.
 */
public final class DataSets {

    private static final Logger LOG = LoggerFactory.getLogger(DataSets.class);

    /** The official CIFAR-10 binary archive and its published MD5. */
    public static final URI CIFAR10_URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    public static final String CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
    /** The official CIFAR-100 binary archive and its published MD5. */
    public static final URI CIFAR100_URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz");
    public static final String CIFAR100_MD5 = "03b5dce01913d631647c71ecec9e9cb8";
    /** Fashion-MNIST's official location and the MD5s of its four files (as torchvision checks them). */
    public static final URI FASHION_MNIST_URL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    public static final Map<String, String> FASHION_MNIST_MD5 = Map.of(
            FashionMnist.TRAIN_IMAGES, "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            FashionMnist.TRAIN_LABELS, "25c81989df183df01b3e8a0aad5dffbe",
            FashionMnist.TEST_IMAGES, "bef4ecab320f06d8554ea6380940ec79",
            FashionMnist.TEST_LABELS, "bb300cfdad3c16e7a12a480ee83cd310");
    /** MNIST's mirror that torchvision uses (the original site often refuses downloads) and the files' MD5s. */
    public static final URI MNIST_URL = URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/");
    public static final Map<String, String> MNIST_MD5 = Map.of(
            FashionMnist.TRAIN_IMAGES, "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            FashionMnist.TRAIN_LABELS, "d53e105ee54ea40749a09fcbcd1e9432",
            FashionMnist.TEST_IMAGES, "9fb629c4189551a2d022fa330f9573f3",
            FashionMnist.TEST_LABELS, "ec29112dd5afa0611ce80d1b7f02629c");

    /** SVHN's official files (as torchvision fetches them) and their MD5s. */
    public static final URI SVHN_URL = URI.create("http://ufldl.stanford.edu/housenumbers/");
    public static final Map<String, String> SVHN_MD5 = Map.of(
            Svhn.TRAIN_FILE, "e26dedcc434d2e4c54c9b2d4a06d8373",
            Svhn.TEST_FILE, "eb5a983be6a315427106f1b164d9cef3");

    public static final Param LABELS = Param.choice("labels", "fine", List.of("fine", "coarse"))
            .documented("`cifar100`: `fine` (100 classes) or `coarse` (20 superclasses)");
    public static final Param IMAGE_SIZE = Param.integer("image_size", 32, 1)
            .documented("`image-folder`: each image is resized (shorter side) and centre-cropped to this square");
    public static final Param CHANNELS = Param.choice("channels", "rgb", List.of("rgb", "grey"))
            .documented("`image-folder`: `rgb` (3 channels) or `grey` (1)");
    public static final Param TEST_FRACTION = Param.number("test_fraction", 0.2, "in (0, 1)", v -> v > 0 && v < 1)
            .documented("`image-folder` without `train`/`test` folders: each class's share of images held out for testing (a seeded split, the same in every study)");

    public static final Param IMAGE_COLUMN = Param.text("image_column", "image")
            .documented("`parquet`: the column of images (binary)");
    public static final Param IMAGE_FORMAT = Param.choice("image_format", "encoded", List.of("encoded", "raw"))
            .documented("`parquet`: `encoded` (PNG or JPEG bytes, resized and cropped to `image_size`) or `raw` (`channels x image_size x image_size` bytes in channel-plane order)");
    public static final Param FEATURE_COLUMN = Param.text("feature_column", "")
            .documented("none", "`parquet`: a column of feature vectors (a list of numbers per row, Spark's `array<float>`) instead of images: each example is F features, standardized per feature, never augmented (use `model.name = mlp`)");
    public static final Param LABEL_COLUMN = Param.text("label_column", "label")
            .documented("`parquet`: the column of integer labels (0-based class indices)");
    public static final Param CLASSES = Param.integer("classes", 0, 0)
            .documented("`parquet`: the number of classes (a larger label is an error); 0: the largest label + 1");

    public static final Registry<DataSetType> REGISTRY = new Registry<>("data set", types(), DataSetType::name);
    public static final List<String> NAMES = REGISTRY.names();

    private DataSets() {
    }

    public static DataSetType type(String name) {
        return REGISTRY.get(name);
    }

    /** Every entry's keys, each once, in registration order. */
    public static List<Param> keys() {
        return REGISTRY.keys(DataSetType::params);
    }

    private static List<DataSetType> types() {
        int[] cifar = {3, 32, 10};
        return List.of(
                new DataSetType(Cifar10.NAME, "CIFAR-10: 50,000 training and 10,000 test colour images of 32x32 in 10 classes "
                        + "(the binary version: `data_batch_1.bin` ... `data_batch_5.bin`, `test_batch.bin`)", List.of(),
                        Cifar10::present, (d, s) -> Cifar10.load(d),
                        Optional.of(new DataSetType.Source(CIFAR10_URL, d -> downloadCifar(d, CIFAR10_URL, CIFAR10_MD5,
                                "cifar-10-binary.tar.gz", Cifar10.ARCHIVE_FOLDER, cifar10Files()))),
                        List.of(), s -> cifar, ""),
                new DataSetType(Cifar100.NAME, "CIFAR-100: as CIFAR-10, 100 classes in 20 superclasses (the binary version: "
                        + "`train.bin`, `test.bin`)", List.of(LABELS),
                        Cifar100::present, (d, s) -> Cifar100.load(d, s.get(LABELS.key()).equals("fine")),
                        Optional.of(new DataSetType.Source(CIFAR100_URL, d -> downloadCifar(d, CIFAR100_URL, CIFAR100_MD5,
                                "cifar-100-binary.tar.gz", Cifar100.ARCHIVE_FOLDER,
                                List.of(Cifar100.TRAIN_FILE, Cifar100.TEST_FILE)))),
                        List.of(), s -> new int[]{3, 32, s.get(LABELS.key()).equals("fine") ? Cifar100.FINE : Cifar100.COARSE}, ""),
                new DataSetType(FashionMnist.NAME, "Fashion-MNIST: 60,000 training and 10,000 test grey images of 28x28 in "
                        + "10 classes (four IDX files, raw or `.gz`)", List.of(),
                        FashionMnist::present, (d, s) -> FashionMnist.load(d, FashionMnist.NAME),
                        Optional.of(new DataSetType.Source(FASHION_MNIST_URL, d -> downloadIdx(d, FASHION_MNIST_URL, FASHION_MNIST_MD5))),
                        List.of(Path.of(FashionMnist.DEBIAN_DIR)), s -> new int[]{1, FashionMnist.SIDE, FashionMnist.CLASSES},
                        "on Debian/Ubuntu `apt-get install dataset-fashion-mnist` provides them offline"),
                new DataSetType(Mnist.NAME, "MNIST: handwritten digits, as Fashion-MNIST (the same four IDX file names)",
                        List.of(), FashionMnist::present, (d, s) -> FashionMnist.load(d, Mnist.NAME),
                        Optional.of(new DataSetType.Source(MNIST_URL, d -> downloadIdx(d, MNIST_URL, MNIST_MD5))),
                        List.of(), s -> new int[]{1, FashionMnist.SIDE, FashionMnist.CLASSES}, "").withoutAugmentation(),
                new DataSetType(Svhn.NAME, "SVHN: 73,257 training and 26,032 test colour images of house-number digits, "
                        + "32x32, 10 classes (the official cropped-digit files `train_32x32.mat`, `test_32x32.mat`)", List.of(),
                        Svhn::present, (d, s) -> Svhn.load(d),
                        Optional.of(new DataSetType.Source(SVHN_URL, d -> {
                            for (String f : List.of(Svhn.TRAIN_FILE, Svhn.TEST_FILE)) {
                                LOG.info("downloading {}{} into {}", SVHN_URL, f, d);
                                Downloader.fetch(SVHN_URL.resolve(f), d.resolve(f), SVHN_MD5.get(f));
                            }
                        })), List.of(), s -> cifar, "").withoutAugmentation(),
                new DataSetType(ImageFolder.NAME, "your images, one folder per class (`ROOT/CLASS/*.png`), with `train` and "
                        + "`test` folders or a seeded split", List.of(IMAGE_SIZE, CHANNELS, TEST_FRACTION),
                        ImageFolder::present, (d, s) -> ImageFolder.load(d, ((Number) s.get(IMAGE_SIZE.key())).intValue(),
                        s.get(CHANNELS.key()).equals("rgb") ? 3 : 1, ((Number) s.get(TEST_FRACTION.key())).doubleValue()),
                        Optional.empty(), List.of(), s -> new int[]{s.get(CHANNELS.key()).equals("rgb") ? 3 : 1,
                        ((Number) s.get(IMAGE_SIZE.key())).intValue(), 10},
                        "data.path must name the folder that holds the class folders"),
                new DataSetType(ParquetData.NAME, "a Parquet table of images and integer labels on any Hadoop file "
                        + "system, decoded once per node into a local cache (memory-mapped when larger than the heap allows)",
                        List.of(IMAGE_COLUMN, IMAGE_FORMAT, FEATURE_COLUMN, LABEL_COLUMN, IMAGE_SIZE, CHANNELS, CLASSES, TEST_FRACTION),
                        ParquetData::present, (d, s) -> ParquetData.load(d.toString(), parquet(s)), Optional.empty(), List.of(),
                        s -> new int[]{s.get(CHANNELS.key()).equals("rgb") ? 3 : 1, ((Number) s.get(IMAGE_SIZE.key())).intValue(),
                                Math.max(2, ((Number) s.get(CLASSES.key())).intValue())},
                        "data.path must name the table (a folder of .parquet files, or one with train/ and test/)",
                        Optional.of((uri, s) -> ParquetData.load(uri, parquet(s))), true));
    }

    static ParquetData.Settings parquet(Map<String, Object> s) {
        return new ParquetData.Settings((String) s.get(IMAGE_COLUMN.key()), (String) s.get(LABEL_COLUMN.key()),
                s.get(IMAGE_FORMAT.key()).equals("raw"), ((Number) s.get(IMAGE_SIZE.key())).intValue(), s.get(CHANNELS.key()).equals("rgb") ? 3 : 1,
                ((Number) s.get(CLASSES.key())).intValue(), ((Number) s.get(TEST_FRACTION.key())).doubleValue(),
                (String) s.get(FEATURE_COLUMN.key()));
    }

    public static boolean present(String name, Path dir) {
        return type(name).presence().present(dir);
    }

    /**
     * {@code n} images of random pixels and labels in the shape {@code name} has with {@code settings} (channels,
     * side, classes; an image folder's classes are taken as 10), e.g. to time training steps without the data
     * ({@code doctor}).
     */
    public static Dataset random(String name, Map<String, Object> settings, int n, long seed) {
        int[] shape = type(name).shape().of(type(name).settings(settings));
        java.util.Random rng = new java.util.Random(seed);
        byte[] pixels = new byte[n * shape[0] * shape[1] * shape[1]];
        rng.nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(shape[2]);
        }
        return new Dataset(name + "-random", shape[0], shape[1], shape[1], shape[2], pixels, labels);
    }

    /** {@link #random(String, Map, int, long)} with the data set's default settings. */
    public static Dataset random(String name, int n, long seed) {
        return random(name, Map.of(), n, seed);
    }

    public static DataSplit load(String name, Map<String, Object> settings, Path dir) {
        DataSetType t = type(name);
        return t.loader().load(dir, t.settings(settings));
    }

    /** {@link #load(String, Map, Path)} with the data set's default settings. */
    public static DataSplit load(String name, Path dir) {
        return load(name, Map.of(), dir);
    }

    /** Where {@link #download} fetches {@code name} from; empty where it cannot be fetched. */
    public static Optional<URI> officialUrl(String name) {
        return type(name).source().map(DataSetType.Source::url);
    }

    /** Fetches {@code name} from its official location into {@code dir}. */
    public static void download(String name, Path dir) {
        type(name).source().orElseThrow(() -> new IllegalArgumentException("data set " + name + " has no download"))
                .fetch().accept(dir);
    }

    private static List<String> cifar10Files() {
        List<String> wanted = new java.util.ArrayList<>(Cifar10.TRAIN_FILES);
        wanted.add(Cifar10.TEST_FILE);
        return wanted;
    }

    /** Downloads the CIFAR-10 binary archive from {@code url}, checks {@code md5}, unpacks the batch files. */
    public static void downloadCifar10(Path dir, URI url, String md5) {
        downloadCifar(dir, url, md5, "cifar-10-binary.tar.gz", Cifar10.ARCHIVE_FOLDER, cifar10Files());
    }

    private static void downloadCifar(Path dir, URI url, String md5, String archiveName, String folder, List<String> files) {
        Path archive = dir.resolve(archiveName);
        LOG.info("downloading {} into {}", url, dir);
        Downloader.fetch(url, archive, md5);
        extract(archive, dir.resolve(folder), files);
    }

    /** Downloads the four Fashion-MNIST files from {@code baseUrl} with their MD5s ({@code NAME -> md5}). */
    public static void downloadFashionMnist(Path dir, URI baseUrl, Map<String, String> md5) {
        downloadIdx(dir, baseUrl, md5);
    }

    /** Downloads the four IDX files of an MNIST-like data set from {@code baseUrl} with their MD5s. */
    static void downloadIdx(Path dir, URI baseUrl, Map<String, String> md5) {
        for (String f : FashionMnist.FILES) {
            LOG.info("downloading {}{}.gz into {}", baseUrl, f, dir);
            Downloader.fetch(baseUrl.resolve(f + ".gz"), dir.resolve(f + ".gz"), md5.get(f));
        }
    }

    /**
     * Unpacks the entries named {@code wanted} of a tar.gz archive into {@code out}; other entries are skipped (so no
     * entry can write outside that folder), and a missing one is an error.
     */
    static void extract(Path archive, Path out, List<String> wanted) {
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
            throw new DataException(archive, "holds " + found + " of the " + wanted.size() + " files " + wanted);
        }
    }
}
