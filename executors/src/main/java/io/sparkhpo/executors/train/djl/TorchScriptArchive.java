package io.sparkhpo.executors.train.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Makes a TorchScript module's BatchNorm running statistics reachable from Java. libtorch (through DJL) lists a
 * loaded module's parameters, not its buffers, so SAM could not put the statistics back after its second pass and
 * SWA could not recompute them. A {@code torch.jit.save} archive is a zip whose {@code code/} folder declares each
 * class's parameters and buffers by name ({@code __parameters__ = ["weight", "bias", ]} and {@code __buffers__ =
 * ["running_mean", "running_var", "num_batches_tracked", ]}); this moves {@link #STATISTICS} from the second list to the
 * first before libtorch reads the archive. Nothing else changes: the attributes, their tensors and the code that
 * updates them in training mode are the same, so the forward pass is PyTorch's; only the listing differs, and the
 * engine keeps these tensors out of the gradient and the optimizer ({@link #isStatistic}). {@code num_batches_tracked}
 * (an integer, used only by BatchNorm with {@code momentum = None}) stays a buffer. The archive's {@code .debug_pkl}
 * records (source positions for error messages, which the edit would shift) are left out.
 */
final class TorchScriptArchive {

    /** The buffers moved: BatchNorm's (and a tracking InstanceNorm's) running statistics, float tensors. */
    static final List<String> STATISTICS = List.of("running_mean", "running_var");

    private static final Pattern LIST = Pattern.compile("^(\\s*)(__parameters__|__buffers__) = \\[(.*)]\\s*$");
    private static final Pattern NAME = Pattern.compile("\"([^\"]*)\"");

    private TorchScriptArchive() {
    }

    /** Whether a module's parameter, by DJL's dotted name, is one of the running statistics this class exposed. */
    static boolean isStatistic(String name) {
        return STATISTICS.stream().anyMatch(s -> name.equals(s) || name.endsWith("." + s));
    }

    /** The archive with its running statistics declared as parameters; an archive without any comes back the same. */
    static byte[] withStatisticsAsParameters(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(Files.size(file)));
        // ZipFile reads the central directory: torch.jit.save's entries are stored with data descriptors, which
        // ZipInputStream cannot read
        try (ZipFile in = new ZipFile(file.toFile()); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                if (e.getName().endsWith(".debug_pkl") || e.isDirectory()) {
                    continue;
                }
                byte[] bytes;
                try (InputStream entry = in.getInputStream(e)) {
                    bytes = entry.readAllBytes();
                }
                if (e.getName().contains("/code/") && e.getName().endsWith(".py")) {
                    bytes = declareStatisticsAsParameters(new String(bytes, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
                stored(zip, e.getName(), bytes);
            }
        }
        return out.toByteArray();
    }

    /** One code file's classes with {@link #STATISTICS} moved from each class's buffers to its parameters. */
    static String declareStatisticsAsParameters(String code) throws IOException {
        String[] lines = code.split("\n", -1);
        int parameters = -1;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LIST.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            if (m.group(2).equals("__parameters__")) {
                parameters = i;
                continue;
            }
            List<String> buffers = names(m.group(3));
            List<String> moved = buffers.stream().filter(STATISTICS::contains).toList();
            if (moved.isEmpty()) {
                continue;
            }
            if (parameters < 0) {
                throw new IOException("a class declares buffers " + buffers + " before its __parameters__");
            }
            Matcher p = LIST.matcher(lines[parameters]);
            if (!p.matches()) {
                throw new IllegalStateException(lines[parameters]);
            }
            List<String> params = new ArrayList<>(names(p.group(3)));
            params.addAll(moved);
            buffers = new ArrayList<>(buffers);
            buffers.removeAll(moved);
            lines[parameters] = p.group(1) + "__parameters__ = " + list(params);
            lines[i] = m.group(1) + "__buffers__ = " + list(buffers);
            parameters = -1;
        }
        return String.join("\n", lines);
    }

    private static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        Matcher m = NAME.matcher(list);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** As TorchScript prints a list of names: {@code []} or {@code ["a", "b", ]}. */
    private static String list(List<String> names) {
        StringBuilder b = new StringBuilder("[");
        for (String n : names) {
            b.append('"').append(n).append("\", ");
        }
        return b.append(']').toString();
    }

    /** An uncompressed entry, as {@code torch.jit.save} writes them. */
    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }
}
