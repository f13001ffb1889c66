package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.analysis.ChartData;
import io.sparkhpo.search.json.Json;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What the dashboard answers at each path: the page and its three scripts and styles (a fixed list: no path is
 * looked up on disk or on the classpath from the request), and the JSON API
 * {@code /api/studies} and {@code /api/studies/ID/VIEW[/TRIAL]}. Anything else is a 404; a malformed query a 400
 * naming the parameter; values that JSON cannot hold (NaN, infinities) are sent as null.
 */
final class Routes {

    record Response(int status, String contentType, byte[] body) {
    }

    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[]{"index.html", "text/html; charset=utf-8"},
            "/static/dashboard.js", new String[]{"dashboard.js", "text/javascript; charset=utf-8"},
            "/static/charts.js", new String[]{ChartData.CHARTS_JS, "text/javascript; charset=utf-8"},
            "/static/dashboard.css", new String[]{"dashboard.css", "text/css; charset=utf-8"},
            "/static/echarts.min.js", new String[]{ChartData.ECHARTS, "text/javascript; charset=utf-8"});

    private static final Map<String, BiFunction<StudySource.Snapshot, Query, Map<String, Object>>> VIEWS = Map.of(
            "overview", (s, q) -> StudyViews.overview(s),
            "trials", StudyViews::trials,
            "history", (s, q) -> StudyViews.history(s),
            "points", (s, q) -> StudyViews.points(s),
            "heatmaps", (s, q) -> AnalysisViews.heatmaps(s),
            "curves", (s, q) -> AnalysisViews.curves(s, q.string("color", "")),
            "pareto", (s, q) -> AnalysisViews.pareto(s),
            "pbt", (s, q) -> AnalysisViews.pbt(s));

    private final List<StudySource> studies;

    Routes(List<StudySource> studies) {
        this.studies = List.copyOf(studies);
    }

    Response answer(URI uri) {
        String path = uri.getRawPath();
        String[] file = STATIC.get(path);
        if (file != null) {
            byte[] body = DashboardServer.resource(file[0].startsWith("/") ? file[0] : "/io/sparkhpo/driver/dashboard/" + file[0]);
            return body == null ? notFound("the build left out " + file[0]) : new Response(200, file[1], body);
        }
        if (!path.startsWith("/api/")) {
            return notFound("no page at " + path);
        }
        try {
            return api(path.substring("/api/".length()).split("/", -1), Query.parse(uri.getRawQuery()));
        } catch (IllegalArgumentException e) {
            return new Response(400, "application/json", error(e.getMessage()));
        }
    }

    private Response api(String[] parts, Query q) {
        if (parts.length == 1 && parts[0].equals("studies")) {
            List<Object> out = new ArrayList<>();
            studies.forEach(s -> out.add(StudyViews.overview(s.snapshot())));
            return json(Map.of("studies", out));
        }
        if (parts.length < 3 || !parts[0].equals("studies")) {
            return notFound("no API at /api/" + String.join("/", parts));
        }
        Optional<StudySource> study = studies.stream().filter(s -> s.id().equals(parts[1])).findFirst();
        if (study.isEmpty()) {
            return notFound("no study " + parts[1] + " (this dashboard serves " + studies.size() + ")");
        }
        StudySource.Snapshot s = study.get().snapshot();
        if (parts.length == 4 && parts[2].equals("trial")) {
            int n;
            try {
                n = Integer.parseInt(parts[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("trial number must be an integer, got '" + parts[3] + "'");
            }
            return StudyViews.trial(s, n).map(Routes::json).orElse(notFound("study " + s.name() + " has no trial " + n));
        }
        var view = parts.length == 3 ? VIEWS.get(parts[2]) : null;
        return view == null ? notFound("no view /api/" + String.join("/", parts) + " (views: " + VIEWS.keySet() + ", trial/N)")
                : json(view.apply(s, q));
    }

    static Response json(Map<String, Object> body) {
        return new Response(200, "application/json", DashboardServer.utf8(Json.write(clean(body))));
    }

    static Response notFound(String message) {
        return new Response(404, "application/json", error(message));
    }

    static byte[] error(String message) {
        return DashboardServer.utf8(Json.write(Map.of("error", message)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> clean(Map<String, Object> m) {
        return (Map<String, Object>) ChartData.jsonSafe(m);
    }
}
