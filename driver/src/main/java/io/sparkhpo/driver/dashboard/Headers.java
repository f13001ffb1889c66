package io.sparkhpo.driver.dashboard;

import com.sun.net.httpserver.HttpExchange;

/** The headers every dashboard response carries: nothing may load from elsewhere, nothing is cached or framed. */
final class Headers {

    /** Scripts, styles, images and requests from the dashboard itself only; no plugins, frames or forms. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private Headers() {
    }

    static void secure(HttpExchange x) {
        var h = x.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("X-Frame-Options", "DENY");
    }
}
