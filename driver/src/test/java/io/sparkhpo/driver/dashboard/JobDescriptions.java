package io.sparkhpo.driver.dashboard;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener a test names in {@code spark.extraListeners}: it keeps every job's description, as the Spark UI's jobs
 * page shows it.
 */
public final class JobDescriptions extends SparkListener {

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        String d = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        if (d != null) {
            SEEN.add(d);
        }
    }
}
