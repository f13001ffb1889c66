package io.sparkhpo.driver.retrain;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.search.json.Json;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PBT study's best member's schedule ({@code pbt_schedule.json}) as {@code retrain --best} replays it: the member
 * and, epoch by epoch, the parameters in force (piecewise constant between the boundaries).
 */
record PbtReplay(int member, double finalTestError, List<Map<String, Object>> paramsByEpoch) {

    /** @throws UserError when the study has no schedule, or one that does not cover {@code epochs} epochs */
    @SuppressWarnings("unchecked")
    static PbtReplay read(String studyDir, int epochs, Configuration conf) {
        Path file = new Path(studyDir, StudyLayout.PBT_SCHEDULE);
        Map<String, Object> s;
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (!fs.exists(file)) {
                throw new UserError("retrain --best: " + studyDir + " is a PBT study without " + StudyLayout.PBT_SCHEDULE
                        + " (its sweep writes it at the end): run the sweep to its end first");
            }
            try (FSDataInputStream in = fs.open(file)) {
                s = Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UserError("retrain --best: cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError("retrain --best: " + file + " is not a schedule: " + e.getMessage());
        }
        List<Map<String, Object>> byEpoch = new ArrayList<>();
        for (Object o : (List<Object>) s.get("segments")) {
            Map<String, Object> seg = (Map<String, Object>) o;
            int from = ((Number) seg.get("from_epoch")).intValue();
            int to = ((Number) seg.get("to_epoch")).intValue();
            if (from != byEpoch.size() || to <= from) {
                throw new UserError("retrain --best: " + file + ": segment [" + from + ", " + to + ") does not follow epoch "
                        + byEpoch.size());
            }
            for (int e = from; e < to; e++) {
                byEpoch.add((Map<String, Object>) seg.get("params"));
            }
        }
        if (byEpoch.size() != epochs) {
            throw new UserError("retrain --best: " + file + " schedules " + byEpoch.size() + " epochs; a PBT member's "
                    + "schedule is replayed whole (--epochs " + byEpoch.size() + " or no --epochs), got " + epochs);
        }
        return new PbtReplay(((Number) s.get("member")).intValue(), ((Number) s.get("final_test_error")).doubleValue(),
                List.copyOf(byEpoch));
    }
}
