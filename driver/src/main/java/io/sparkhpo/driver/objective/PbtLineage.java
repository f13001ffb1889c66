package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runtime.PbtJournal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lineage of a PBT member, as {@code pbt_schedule.json} holds it and {@code retrain --best} replays it. */
final class PbtLineage {

    private PbtLineage() {
    }

    /**
     * A member's lineage as a schedule: for each interval up to {@code steps}, the member that trained it (this one,
     * or the one it took a checkpoint from at the boundary after) and the values in force. Keys as
     * {@code pbt_schedule.json} holds them: {@code from_epoch}, {@code to_epoch}, {@code member}, {@code params}.
     */
    static List<Map<String, Object>> of(Map<Integer, PbtMember> members, int member, int maxSteps, int interval) {
        List<Map<String, Object>> segments = new ArrayList<>();
        PbtMember cur = members.get(member);
        for (int to = maxSteps; to > 0; ) {
            int from = ((to - 1) / interval) * interval;
            Map<String, Object> seg = new LinkedHashMap<>();
            seg.put("from_epoch", from);
            seg.put("to_epoch", to);
            seg.put("member", cur.number);
            seg.put("params", cur.paramsBefore.getOrDefault(to, new LinkedHashMap<>(cur.params)));
            for (String metric : List.of("lr", "weight_decay")) { // the built-in training's, per epoch
                List<Double> values = new ArrayList<>();
                for (int s = from + 1; s <= to; s++) {
                    Map<String, Object> r = cur.byStep.get(s);
                    Object v = r == null || !(r.get("metrics") instanceof Map<?, ?> m) ? null : m.get(metric);
                    values.add(v == null ? null : ((Number) v).doubleValue());
                }
                if (values.stream().anyMatch(java.util.Objects::nonNull)) {
                    seg.put(metric, values);
                }
            }
            segments.add(0, seg);
            PbtJournal.Decision d = cur.decisions.get(from);
            if (d != null && d.exploits()) {
                cur = members.get(d.source());
            }
            to = from;
        }
        return segments;
    }
}
