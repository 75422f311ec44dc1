package io.missive.sample.app;

import android.app.Activity;
import android.app.Application;
import android.content.Context;
import android.content.Intent;
import android.content.SharedPreferences;
import android.os.Handler;
import android.os.Looper;
import io.missive.sample.session.Login;
import io.missive.sample.session.Session;
import io.missive.sample.session.TokenStore;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The app's one session, shared by its screens. Everything the models report reaches the screens
 * on the main thread.
 */
public class SampleApp extends Application {

    /** The development machine as the Android emulator sees it, where {@code bin/missive-server} listens. */
    static final String DEFAULT_SERVER = "tcp://10.0.2.2:1883";

    private static final String PREFERENCES = "missive";
    private static final String DEVICE_ID = "device.id";
    private static final String SERVER = "server.uri";

    private final @NotNull Handler main = new Handler(Looper.getMainLooper());
    private final @NotNull Executor mainThread = main::post;
    private @Nullable Session session;

    public static @NotNull SampleApp of(final @NotNull Context context) {
        return (SampleApp) context.getApplicationContext();
    }

    public @NotNull Executor mainThread() {
        return mainThread;
    }

    public @NotNull TokenStore tokens() {
        return new PreferencesTokenStore(preferences());
    }

    /** A login on the server last used (or the default). */
    public @NotNull Login login() {
        return login(serverUri());
    }

    public @NotNull Login login(final @NotNull String serverUri) {
        preferences().edit().putString(SERVER, serverUri).apply();
        return Login.builder().serverUri(serverUri).deviceId(deviceId()).dataDir(getFilesDir().toPath())
                .tokens(tokens()).pushTopic(getPackageName()).callbacks(mainThread).build();
    }

    public @NotNull String serverUri() {
        return preferences().getString(SERVER, DEFAULT_SERVER);
    }

    public @Nullable Session session() {
        return session;
    }

    public void setSession(final @Nullable Session session) {
        this.session = session;
    }

    /** Back to the login screen, for a screen that finds no session (signed out, or the process was restarted). */
    static void toLogin(final @NotNull Activity from) {
        from.startActivity(new Intent(from, LoginActivity.class).addFlags(
                Intent.FLAG_ACTIVITY_CLEAR_TASK | Intent.FLAG_ACTIVITY_NEW_TASK));
        from.finish();
    }

    /** Stable per installation: it is the MQTT client id. */
    private @NotNull String deviceId() {
        String id = preferences().getString(DEVICE_ID, null);
        if (id == null) {
            id = "android-" + UUID.randomUUID();
            preferences().edit().putString(DEVICE_ID, id).apply();
        }
        return id;
    }

    private @NotNull SharedPreferences preferences() {
        return getSharedPreferences(PREFERENCES, Context.MODE_PRIVATE);
    }
}
