package io.missive.sample.app;

import android.app.Activity;
import android.content.Intent;
import android.os.Bundle;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.TextView;
import io.missive.sample.session.Login;
import io.missive.sample.session.Session;
import io.missive.sdk.MissiveException;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Signs in: with the kept device token when there is one, else with the server, user and password typed. */
public final class LoginActivity extends Activity {

    private EditText server;
    private EditText user;
    private EditText password;
    private Button signIn;
    private TextView message;

    @Override
    protected void onCreate(final @Nullable Bundle state) {
        super.onCreate(state);
        final SampleApp app = SampleApp.of(this);
        if (app.session() != null) {
            showConversations();
            return;
        }
        final LinearLayout column = Views.column(this);
        column.addView(Views.text(this, "Missive", 28));
        server = Views.field(this, "server, e.g. " + SampleApp.DEFAULT_SERVER, false);
        server.setText(app.serverUri());
        user = Views.field(this, "user", false);
        password = Views.field(this, "password", true);
        signIn = new Button(this);
        signIn.setText("Sign in");
        signIn.setOnClickListener(v -> signInWithPassword());
        message = Views.text(this, "", 14);
        column.addView(server);
        column.addView(user);
        column.addView(password);
        column.addView(signIn);
        column.addView(message);
        setContentView(column);

        final Login login = app.login();
        login.savedUserId().ifPresent(saved -> {
            user.setText(saved);
            start(login.withSavedToken(), "Signing in as " + saved + "…");
        });
    }

    private void signInWithPassword() {
        final String userId = user.getText().toString().trim();
        final String secret = password.getText().toString();
        final Login login = SampleApp.of(this).login(server.getText().toString().trim());
        if (secret.isEmpty() && login.savedUserId().filter(userId::equals).isPresent()) {
            start(login.withSavedToken(), "Signing in as " + userId + "…"); // e.g. after the server was unreachable
            return;
        }
        if (userId.isEmpty() || secret.isEmpty()) {
            message.setText("Enter your user id and password.");
            return;
        }
        start(login.withPassword(userId, secret), "Signing in…");
    }

    private void start(final @NotNull CompletableFuture<Session> signingIn, final @NotNull String progress) {
        signIn.setEnabled(false);
        message.setText(progress);
        signingIn.whenCompleteAsync((session, failure) -> {
            signIn.setEnabled(true);
            if (failure == null) {
                SampleApp.of(this).setSession(session);
                showConversations();
                return;
            }
            password.setText("");
            message.setText(explain(failure instanceof CompletionException ? failure.getCause() : failure));
        }, SampleApp.of(this).mainThread());
    }

    static @NotNull String explain(final @Nullable Throwable failure) {
        if (!(failure instanceof MissiveException)) {
            return "Could not sign in: " + failure;
        }
        switch (((MissiveException) failure).code()) {
            case BAD_CREDENTIALS:
            case NOT_AUTHORIZED:
                return "Wrong user id or password (or this device was signed out): please sign in.";
            case NOT_CONNECTED:
                return "The server cannot be reached. Check the address and your connection.";
            case QUOTA_EXCEEDED:
                return "The server is busy. Try again in a moment.";
            default:
                return "Could not sign in (" + ((MissiveException) failure).code() + ").";
        }
    }

    private void showConversations() {
        startActivity(new Intent(this, ConversationsActivity.class));
        finish();
    }
}
