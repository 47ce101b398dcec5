package io.mailfleet.mta.smtp;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.ListenerConfig;
import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.config.SmtpLimits;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.policy.RelayPolicy;
import io.mailfleet.mta.policy.SmtpPolicies;
import io.mailfleet.mta.smtp.command.SmtpCommands;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The SMTP server alone in a JVM with a small heap (run by {@link BoundedMemoryIT}). Prints {@code
 * PORT n}, then {@code COMMITTED size} per message, and {@code PEAK liveHeapAfterGc directBytes}
 * every tenth of a second.
 */
public final class SmallHeapSmtpChild {

  private SmallHeapSmtpChild() {}

  public static void main(String[] args) throws Exception {
    SmtpConfig defaults = new ConfigLoader().defaults().smtp();
    SmtpConfig config =
        new SmtpConfig(
            List.of(ListenerConfig.direct("memory", "127.0.0.1", 0)),
            new SmtpLimits(512, 1000, 64L << 20, 100, 5000, 5000, 20),
            defaults.timeouts(),
            null,
            null,
            defaults.relay(),
            true);
    DiscardingSpool spool =
        new DiscardingSpool(
            Executors.newSingleThreadExecutor(), size -> System.out.println("COMMITTED " + size));
    SmtpServerContext context =
        new SmtpServerContext(
            "mx.memory.example",
            config,
            SmtpPolicies.relayOnly(new RelayPolicy(config.relay().clientNetworks(), false)),
            spool,
            null,
            null,
            SmtpMetrics.NONE,
            new AcceptGate(),
            Clock.systemUTC());
    SmtpServer server = new SmtpServer(context, SmtpCommands.standard(context));
    int port = server.start().get(0).getPort();
    AtomicLong liveAfterGc = new AtomicLong();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                GcInfo info =
                    GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData())
                        .getGcInfo();
                long live =
                    info.getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed)
                        .sum();
                liveAfterGc.accumulateAndGet(live, Math::max);
              },
              notification ->
                  notification
                      .getType()
                      .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION),
              null);
    }
    long[] directPeak = new long[1];
    Executors.newSingleThreadScheduledExecutor()
        .scheduleAtFixedRate(
            () -> {
              directPeak[0] =
                  Math.max(
                      directPeak[0], PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
              System.out.println("PEAK " + liveAfterGc.get() + " " + directPeak[0]);
            },
            0,
            100,
            TimeUnit.MILLISECONDS);
    System.out.println("PORT " + port);
    System.in.read();
    server.close();
    System.exit(0);
  }
}
