package io.sparkhpo.driver.cluster;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.nio.file.Path;

/** Hadoop's MiniDFSCluster for the tests: one NameNode and one DataNode, every address on 127.0.0.1. */
public final class MiniHdfs {

    private MiniHdfs() {
    }

    /** Starts it with its storage under {@code dir} and waits until it serves. */
    public static MiniDFSCluster start(Path dir) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        return hdfs;
    }

    /** Its URI, {@code hdfs://127.0.0.1:PORT}. */
    public static String uri(MiniDFSCluster hdfs) {
        return "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    }
}
