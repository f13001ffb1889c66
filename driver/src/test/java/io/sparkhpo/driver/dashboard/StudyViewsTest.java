package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.analysis.ChartData;
import io.sparkhpo.driver.bench.SyntheticStudy;
import io.sparkhpo.driver.tables.TrialRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-side aggregation on a generated study: filters, sorting, paging, the best-so-far line, sampling. */
class StudyViewsTest {

    @TempDir
    Path dir;

    StudySource.Snapshot study(int trials) {
        SyntheticStudy.write(dir.toString(), "v", trials, 4, 3);
        return new StudySource("0", dir.toString(), new Configuration(), List::of).snapshot();
    }

    @Test
    @SuppressWarnings("unchecked")
    void trialsAreFilteredSortedAndPaged() {
        StudySource.Snapshot s = study(120);
        assertEquals(120, s.trials().size());
        Map<String, Object> page = StudyViews.trials(s, Query.parse("state=COMPLETE&sort=objective&filter=lr:1e-3:1e-2&offset=5&limit=10"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) page.get("rows");
        long expected = s.trials().stream().filter(r -> r.state() == io.sparkhpo.executors.train.RunState.COMPLETE)
                .filter(r -> r.lr() >= 1e-3 && r.lr() <= 1e-2).count();
        assertEquals((int) expected, page.get("total"));
        assertEquals(Math.min(10, Math.max(0, (int) expected - 5)), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(io.sparkhpo.executors.train.RunState.COMPLETE.name(), rows.get(i).get("state"));
            double lr = (Double) rows.get(i).get("lr");
            assertTrue(lr >= 1e-3 && lr <= 1e-2, "inside the filter: " + lr);
            if (i > 0) {
                assertTrue((Double) rows.get(i - 1).get("objective") <= (Double) rows.get(i).get("objective"), "sorted");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> StudyViews.trials(s, Query.parse("filter=lr:x:1")));
        assertThrows(IllegalArgumentException.class, () -> StudyViews.trials(s, Query.parse("limit=100000")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void historyIsTheBestSoFarAndLargeSetsAreSampled() {
        StudySource.Snapshot s = study(150);
        Map<String, Object> h = StudyViews.history(s);
        List<Object[]> best = (List<Object[]>) h.get("best");
        for (int i = 1; i < best.size(); i++) {
            assertTrue((Double) best.get(i)[1] <= (Double) best.get(i - 1)[1], "the best so far never rises");
        }
        double min = s.trials().stream().filter(TrialRecord::hasObjective).mapToDouble(TrialRecord::objective).min().orElseThrow();
        assertEquals(min, (Double) best.get(best.size() - 1)[1]);
        int complete = (int) s.trials().stream().filter(TrialRecord::hasObjective).count();
        assertEquals(complete, ((List<Object[]>) h.get("points")).size());
        assertEquals(complete, h.get("total"));
        List<Integer> many = java.util.stream.IntStream.range(0, 5000).boxed().toList();
        List<Integer> sampled = ChartData.sample(many, ChartData.MAX_POINTS);
        assertEquals(ChartData.MAX_POINTS, sampled.size(), "sampled down, evenly");
        assertEquals(0, sampled.get(0));
        assertEquals(4999, sampled.get(sampled.size() - 1));
        assertEquals(List.of(1, 2), ChartData.sample(List.of(1, 2), 5));
        assertEquals(List.of(1), ChartData.sample(List.of(1, 2, 3), 1));
        assertEquals(List.of(1, 3), ChartData.sample(List.of(1, 2, 3), 2));
    }
}
