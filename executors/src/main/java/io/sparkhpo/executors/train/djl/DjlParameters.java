package io.sparkhpo.executors.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.sparkhpo.executors.optim.FloatIo;
import io.sparkhpo.executors.train.Snapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A built-in network's model section in a libtorch checkpoint: the number of parameters, then each one's name, its
 * length and its float32 values, in the network's order (BatchNorm's running statistics among them).
 */
final class DjlParameters {

    private DjlParameters() {
    }

    static void write(DataOutputStream d, TorchVectors ops, List<String> names, List<NDArray> arrays) throws IOException {
        d.writeInt(arrays.size());
        for (int i = 0; i < arrays.size(); i++) {
            d.writeUTF(names.get(i));
            float[] v = ops.toHost(arrays.get(i));
            d.writeInt(v.length);
            FloatIo.write(d, v);
        }
    }

    /** The section as of now, copied on the device: written later, on another thread. */
    static Snapshot copy(TorchVectors ops, List<Parameter> all) {
        List<String> names = all.stream().map(Parameter::getName).toList();
        List<NDArray> copies = all.stream().map(p -> ops.duplicate(p.getArray())).toList();
        return new Snapshot() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                DataOutputStream d = new DataOutputStream(out);
                write(d, ops, names, copies);
                d.flush();
            }

            @Override
            public void close() {
                copies.forEach(ops::free);
            }
        };
    }

    /** Reads {@code count} parameters (the count already read) into {@code all}, checking names and lengths. */
    static void read(DataInputStream d, int count, TorchVectors ops, List<Parameter> all) throws IOException {
        if (count != all.size()) {
            throw new IOException("checkpoint has " + count + " parameters, the network " + all.size());
        }
        for (Parameter p : all) {
            String name = d.readUTF();
            float[] v = FloatIo.read(d, d.readInt());
            if (!name.equals(p.getName()) || v.length != p.getArray().size()) {
                throw new IOException("checkpoint parameter " + name + " (" + v.length + ") does not match "
                        + p.getName() + " (" + p.getArray().size() + ")");
            }
            ops.fromHost(p.getArray(), v, 0);
        }
    }
}
