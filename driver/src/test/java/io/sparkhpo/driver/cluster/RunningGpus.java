package io.sparkhpo.driver.cluster;

import io.sparkhpo.search.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a submitted sweep's dashboard ({@code sweep --dashboard}, its address read from the submission's log) while
 * the sweep runs, and collects the GPUs its overview shows for the trials in flight.
 */
final class RunningGpus {

    private static final Pattern URL = Pattern.compile("dashboard of this sweep at (http://\\S+)");

    private RunningGpus() {
    }

    @SuppressWarnings("unchecked")
    static Set<String> watch(Process sweep, Path log) throws IOException, InterruptedException {
        Set<String> gpus = new TreeSet<>();
        HttpClient http = HttpClient.newHttpClient();
        String url = null;
        while (sweep.isAlive()) {
            if (url == null) {
                Matcher m = URL.matcher(Files.exists(log) ? Files.readString(log) : "");
                url = m.find() ? m.group(1) : null;
            } else {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "api/studies/0/overview")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    for (Map<String, Object> t : (List<Map<String, Object>>) Json.read(r.body()).get("running")) {
                        if (t.get("gpu") != null) {
                            gpus.add(String.valueOf(t.get("gpu")));
                        }
                    }
                } catch (IOException e) {
                    // the sweep ended and took its dashboard with it
                }
            }
            Thread.sleep(200);
        }
        return gpus;
    }
}
