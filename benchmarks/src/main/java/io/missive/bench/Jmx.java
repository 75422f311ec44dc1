package io.missive.bench;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The JMX connection to a server's JVM, through the attach API (opened on first use): the server's
 * Dropwizard registry, which HiveMQ exposes as MBeans {@code metrics:name=<name>} (gauges: {@code Value};
 * timers: {@code Count}, {@code 50thPercentile}, {@code 99thPercentile}, …, in their {@code DurationUnit},
 * milliseconds on the Missive server), and the JVM's own MBeans. Every reader but {@link #gauge} answers
 * "nothing" instead of failing, so that a metric a server does not have shows as "–".
 */
final class Jmx implements AutoCloseable {

    private static final @NotNull String DOMAIN = "metrics";

    /** One reading of a timer: its count so far and its percentiles (over its reservoir) in milliseconds. */
    record Timer(long count, double p50Millis, double p99Millis) {
    }

    private final long pid;
    private final @NotNull String owner;
    private @Nullable JMXConnector connector;

    Jmx(final long pid, final @NotNull String owner) {
        this.pid = pid;
        this.owner = owner;
    }

    /** The connection, attached on first use. */
    synchronized @NotNull MBeanServerConnection connection() throws IOException {
        if (connector == null) {
            try {
                final VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
                try {
                    connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
                } finally {
                    vm.detach();
                }
            } catch (final AttachNotSupportedException e) {
                throw new IOException("cannot attach to " + owner + ": " + e.getMessage(), e);
            }
        }
        return connector.getMBeanServerConnection();
    }

    /** The {@code Value} of a gauge of the registry; fails when the server does not have it. */
    long gauge(final @NotNull String metric) {
        try {
            return ((Number) connection().getAttribute(name(DOMAIN + ":name=" + metric), "Value")).longValue();
        } catch (final Exception e) {
            throw new IllegalStateException("cannot read the metric " + metric + " of " + owner + ": " + e, e);
        }
    }

    /** The registry's metrics whose names start with {@code prefix}, by name (sorted); empty when none or unreachable. */
    @NotNull Map<String, ObjectName> metrics(final @NotNull String prefix) {
        final Map<String, ObjectName> found = new TreeMap<>();
        try {
            for (final ObjectName objectName : connection().queryNames(name(DOMAIN + ":name=" + prefix + "*,*"), null)) {
                final String raw = objectName.getKeyProperty("name");
                final String metric = raw.startsWith("\"") ? ObjectName.unquote(raw) : raw;
                if (metric.startsWith(prefix)) {
                    found.put(metric, objectName);
                }
            }
        } catch (final Exception e) {
            return Map.of();
        }
        return found;
    }

    /** A numeric attribute of an MBean; null when it is missing or unreadable. */
    @Nullable Double number(final @NotNull ObjectName bean, final @NotNull String attribute) {
        return numbers(bean, List.of(attribute)).get(attribute);
    }

    /** The numeric attributes of an MBean that it has, in one request. */
    @NotNull Map<String, Double> numbers(final @NotNull ObjectName bean, final @NotNull List<String> attributes) {
        final Map<String, Double> values = new HashMap<>();
        try {
            for (final Attribute attribute : connection().getAttributes(bean, attributes.toArray(String[]::new)).asList()) {
                if (attribute.getValue() instanceof Number number) {
                    values.put(attribute.getName(), number.doubleValue());
                }
            }
        } catch (final Exception e) {
            return Map.of();
        }
        return values;
    }

    /** A timer of the registry, its durations converted to milliseconds; null when unreadable. */
    @Nullable Timer timer(final @NotNull ObjectName bean) {
        try {
            final List<Attribute> read = connection().getAttributes(bean,
                    new String[]{"Count", "50thPercentile", "99thPercentile", "DurationUnit"}).asList();
            final Map<String, Object> values = new HashMap<>();
            read.forEach(attribute -> values.put(attribute.getName(), attribute.getValue()));
            if (!(values.get("Count") instanceof Number count) || !(values.get("50thPercentile") instanceof Number p50)
                    || !(values.get("99thPercentile") instanceof Number p99)) {
                return null;
            }
            final double toMillis = millisPer(values.get("DurationUnit"));
            return new Timer(count.longValue(), p50.doubleValue() * toMillis, p99.doubleValue() * toMillis);
        } catch (final Exception e) {
            return null;
        }
    }

    /**
     * Milliseconds per unit of a Dropwizard duration unit ("milliseconds", …); when unknown, 1
     * (milliseconds are JmxReporter's default).
     */
    static double millisPer(final @Nullable Object durationUnit) {
        if (durationUnit instanceof String unit) {
            try {
                return TimeUnit.valueOf(unit.toUpperCase(Locale.ROOT)).toNanos(1) / 1e6;
            } catch (final IllegalArgumentException e) {
                return 1;
            }
        }
        return 1;
    }

    @Override
    public synchronized void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (final IOException e) {
                // the process goes anyway
            }
            connector = null;
        }
    }

    private static @NotNull ObjectName name(final @NotNull String text) {
        try {
            return new ObjectName(text);
        } catch (final MalformedObjectNameException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
