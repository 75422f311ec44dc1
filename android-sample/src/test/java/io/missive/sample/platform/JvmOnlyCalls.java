package io.missive.sample.platform;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/** Code that runs on the JVM but not on Android: what the API check must catch. */
final class JvmOnlyCalls {

    private JvmOnlyCalls() {
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    static HttpRequest request(final HttpClient client) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
    }
}
