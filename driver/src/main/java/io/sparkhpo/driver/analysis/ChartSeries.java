package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.tables.EpochRecord;
import io.sparkhpo.driver.tables.Objective;
import io.sparkhpo.driver.tables.Objectives;
import io.sparkhpo.driver.tables.TrialRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The series of the charts that the report draws with XChart and the dashboard with ECharts: a trial's learning
 * curve (or any value of its epochs rows), a multi-objective study's Pareto front and the other completed trials, a
 * PBT population and its exploits. Computed once, here, from the tables' rows as {@link TrialRecord}s and
 * {@link EpochRecord}s (what both readers give: the dashboard's parquet-hadoop one and the report's Spark one), so the
 * two drawings cannot disagree;
 * {@link ChartData} turns them into the dashboard's JSON, the report's plots draw them.
 */
public final class ChartSeries {

    /** The value of an epochs row that a learning curve follows (a user objective's reports: {@code value}). */
    public static final String TEST_ERROR = "test_error";

    private ChartSeries() {
    }

    /**
     * One trial's line: x an epoch (1-based) or, for a user objective's reports, a step; y the value there (null
     * where the row has none). Both lists have one entry per epochs row, in the rows' order.
     */
    public record Line(int trial, List<Number> x, List<Number> y) {

        public boolean isEmpty() {
            return x.isEmpty();
        }

        /** The points as {@code [x, y]} pairs, as the dashboard's JSON sends them. */
        public List<Object[]> points() {
            List<Object[]> out = new ArrayList<>(x.size());
            for (int i = 0; i < x.size(); i++) {
                out.add(new Object[]{x.get(i), y.get(i)});
            }
            return out;
        }
    }

    /**
     * A trial's {@code column} ({@link #TEST_ERROR}, {@code lr}, {@code weight_decay}) by epoch from its epochs rows;
     * for a user objective's reports ({@code user}) by step, the test error being the report's {@code value} and the
     * others the values in force (the report's {@code params}). Empty when the trial has no epochs rows.
     */
    public static Line line(Map<Integer, List<EpochRecord>> epochs, int trial, String column, boolean user) {
        List<Number> x = new ArrayList<>();
        List<Number> y = new ArrayList<>();
        for (EpochRecord e : epochs.getOrDefault(trial, List.of())) {
            x.add(user ? e.step() : (Number) (e.epoch() + 1));
            Object v = !user ? e.number(column)
                    : TEST_ERROR.equals(column) ? e.number("value") : e.params().get(column);
            y.add(v instanceof Number n ? n : null);
        }
        return new Line(trial, x, y);
    }

    /**
     * A multi-objective study's completed trials that have every objective's value (finite), split into the front
     * (rank 0 of {@code pareto_rank}) and the rest, each in trial order. No objectives (and no points) where the study
     * has fewer than two.
     *
     * @param objectives the objectives as the {@code objectives} column names them ({@code column:direction})
     */
    public record Pareto(List<String> objectives, List<Point> front, List<Point> rest) {

        /** A completed trial's value of each objective, and its Pareto rank (null where not ranked). */
        public record Point(int trial, List<Double> values, Integer rank) {

            public double x() {
                return values.get(0);
            }

            public double y() {
                return values.get(1);
            }
        }

        /** The front ordered by its first objective (ties in trial order), as its line is drawn. */
        public List<Point> frontAlongX() {
            return front.stream().sorted(Comparator.comparingDouble(Point::x)).toList();
        }

        /** The completed trials with every objective's value. */
        public int total() {
            return front.size() + rest.size();
        }

        /** An objective's column (or a user objective's name), e.g. {@code final_test_error}. */
        public String name(int i) {
            return objectives.get(i).split(":")[0];
        }

        /** An axis title: the objective's name and its direction, e.g. {@code wall_seconds (minimize)}. */
        public String axis(int i) {
            String[] nd = objectives.get(i).split(":");
            return nd[0] + (nd.length > 1 ? " (" + nd[1] + ")" : "");
        }
    }

    /**
     * The {@link Pareto} split of a study's trials: the built-in network's objectives are columns of the row, a
     * user objective's ({@code objective_class}) are keys of its {@code values} map.
     *
     * @throws IllegalArgumentException when the built-in network's {@code objectives} column is malformed
     */
    public static Pareto pareto(List<TrialRecord> trials) {
        boolean user = ChartData.userObjective(trials);
        List<String> objectives = user ? Objectives.described(trials).map(d -> List.of(d.split(","))).orElse(List.of())
                : Objectives.of(trials).stream().map(Objective::describe).toList();
        if (objectives.size() < 2) {
            return new Pareto(List.of(), List.of(), List.of());
        }
        List<String> names = objectives.stream().map(o -> o.split(":")[0]).toList();
        List<Pareto.Point> front = new ArrayList<>();
        List<Pareto.Point> rest = new ArrayList<>();
        for (TrialRecord r : trials) {
            if (!r.isComplete() || (user && r.values().isEmpty())) {
                continue;
            }
            List<Double> values = new ArrayList<>();
            for (String n : names) {
                OptionalDouble v = user ? r.value(n) : r.metric(n);
                if (v.isEmpty()) {
                    break;
                }
                values.add(v.getAsDouble());
            }
            if (values.size() == names.size()) {
                Integer rank = r.paretoRank().isPresent() ? Integer.valueOf(r.paretoRank().getAsInt()) : null;
                (Integer.valueOf(0).equals(rank) ? front : rest)
                        .add(new Pareto.Point(r.number(), List.copyOf(values), rank));
            }
        }
        return new Pareto(objectives, front, rest);
    }

    /** A PBT member: its learning rate, weight decay and test error (a user objective's value) by epoch or step. */
    public record Member(int trial, Line lr, Line weightDecay, Line testError) {
    }

    /** At the boundary {@code epoch}, member {@code target} took member {@code source}'s checkpoint. */
    public record Exploit(int epoch, int source, int target) {
    }

    /** A PBT population (members by trial number) and its exploits (by epoch, then target). */
    public record Pbt(List<Member> members, List<Exploit> exploits) {

        /** How far apart exploits at one boundary are drawn, in epochs. */
        public static final double SIDE_BY_SIDE = 0.06;

        /**
         * Each exploit's x: its epoch, moved {@link #SIDE_BY_SIDE} right for each earlier exploit at the same epoch,
         * so that every link at one boundary shows.
         */
        public List<Double> exploitX() {
            List<Double> out = new ArrayList<>();
            Map<Integer, Integer> atEpoch = new HashMap<>();
            for (Exploit x : exploits) {
                out.add(x.epoch() + SIDE_BY_SIDE * atEpoch.merge(x.epoch(), 1, Integer::sum) - SIDE_BY_SIDE);
            }
            return out;
        }
    }

    /**
     * A PBT study's population from its trials, epochs and {@code pbt} tables' rows: at most {@code maxMembers}
     * members (the best by objective, then the others by number), ordered by trial number, each with its lines
     * ({@link #line}; a member without epochs has empty ones); and every exploit.
     */
    public static Pbt pbt(List<TrialRecord> trials, Map<Integer, List<EpochRecord>> epochs,
                          List<Map<String, Object>> exploits, int maxMembers) {
        boolean user = ChartData.userObjective(trials);
        double sign = ChartData.sign(trials);
        List<Integer> numbers = trials.stream().sorted(Comparator.comparingDouble((TrialRecord r) -> r.hasObjective()
                        ? sign * r.objective() : Double.POSITIVE_INFINITY)).map(TrialRecord::number)
                .limit(maxMembers).sorted().toList();
        List<Member> members = new ArrayList<>();
        for (Integer n : numbers) {
            members.add(new Member(n, line(epochs, n, "lr", user), line(epochs, n, "weight_decay", user),
                    line(epochs, n, TEST_ERROR, user)));
        }
        List<Exploit> links = new ArrayList<>();
        for (Map<String, Object> x : exploits) {
            links.add(new Exploit((Integer) x.get("epoch"), (Integer) x.get("source"), (Integer) x.get("target")));
        }
        links.sort(Comparator.comparingInt(Exploit::epoch).thenComparingInt(Exploit::target));
        return new Pbt(members, links);
    }
}
