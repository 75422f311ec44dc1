package io.missive.sample.platform;

import com.google.protobuf.Message;
import io.missive.protocol.v1.Uplink;
import io.missive.sample.session.Session;
import io.missive.sdk.MissiveClient;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app as it ships (this sample, the SDK, the protocol classes, protobuf and Paho) uses only what
 * Android 8.0 (API 26, the app's minSdk) offers with D8's backports and core library desugaring.
 */
class AndroidApiTest {

    /**
     * protobuf-java picks its memory accessor at run time: on Android one for Android's
     * {@code sun.misc.Unsafe}, elsewhere this one, which uses JVM-only methods of it.
     */
    private static final String JVM_ONLY_IN_PROTOBUF = "com/google/protobuf/UnsafeUtil$JvmMemoryAccessor.class";

    private static final @NotNull List<File> APP = List.of(
            AndroidSignature.codeOf(Session.class),
            AndroidSignature.codeOf(MissiveClient.class),
            AndroidSignature.codeOf(Uplink.class),
            AndroidSignature.codeOf(Message.class),
            AndroidSignature.codeOf(MqttAsyncClient.class));

    @Test
    void the_app_with_the_sdk_protobuf_and_paho_uses_only_what_android_8_offers() throws Exception {
        final List<String> undefined = AndroidSignature.fromBuild().undefinedReferences(APP, APP);

        final List<String> unexpected = undefined.stream()
                .filter(line -> !line.contains(JVM_ONLY_IN_PROTOBUF))
                .collect(Collectors.toList());
        assertThat(unexpected).isEmpty();
    }

    @Test
    void the_check_finds_jvm_only_classes_and_methods() throws Exception {
        final File testClasses = AndroidSignature.codeOf(JvmOnlyCalls.class);
        final File jvmOnly = new File(testClasses, JvmOnlyCalls.class.getName().replace('.', '/') + ".class");

        final List<String> undefined = AndroidSignature.fromBuild().undefinedReferences(List.of(testClasses),
                List.of(jvmOnly));

        assertThat(String.join("\n", undefined))
                .contains("Undefined reference: ProcessHandle ProcessHandle.current()")
                .contains("java.lang.management.ManagementFactory.getRuntimeMXBean()")
                .contains("Undefined reference: java.net.http.HttpRequest");
    }
}
