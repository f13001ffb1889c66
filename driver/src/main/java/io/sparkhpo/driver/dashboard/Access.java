package io.sparkhpo.driver.dashboard;

import com.sun.net.httpserver.HttpExchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who may read the dashboard. Without a token (a loopback bind) anyone on this machine. With one, a request carries
 * it as {@code Authorization: Bearer TOKEN}, or as the {@code sparkhpo_token} cookie that opening the page once with
 * {@code ?token=TOKEN} sets (HttpOnly, SameSite=Strict); tokens are compared in constant time.
 */
final class Access {

    static final String COOKIE = "sparkhpo_token";

    enum Verdict { ALLOWED, DENIED, SET_COOKIE }

    private final Optional<String> token;

    Access(Optional<String> token) {
        this.token = token;
    }

    /** A fresh random token: 32 bytes from {@link SecureRandom}, URL-safe base64. */
    static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    String query() {
        return token.map(t -> "?token=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
    }

    Verdict check(HttpExchange x) {
        if (token.isEmpty()) {
            return Verdict.ALLOWED;
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ") && same(auth.substring(7).trim())) {
            return Verdict.ALLOWED;
        }
        for (String header : x.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String c : header.split(";")) {
                String[] kv = c.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(COOKIE) && same(kv[1])) {
                    return Verdict.ALLOWED;
                }
            }
        }
        Query q = Query.parse(x.getRequestURI().getRawQuery());
        if (x.getRequestURI().getPath().equals("/") && same(q.string("token", ""))) {
            x.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + token.get() + "; Path=/; HttpOnly; SameSite=Strict");
            return Verdict.SET_COOKIE;
        }
        return Verdict.DENIED;
    }

    private boolean same(String given) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8));
    }
}
