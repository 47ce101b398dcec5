package io.mailfleet.mta;

import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.InvalidConfigException;
import io.mailfleet.mta.config.MtaConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The MTA process: {@code java -jar mailfleet-mta.jar [--config mta.yaml]}. Without a file it runs
 * on loopback ports with the built-in defaults. SIGTERM (or SIGINT) drains and exits 0.
 */
public final class MtaMain {

  private static final Logger LOG = LoggerFactory.getLogger(MtaMain.class);

  /** Exit status for a configuration that cannot be used. */
  static final int BAD_CONFIG = 2;

  private MtaMain() {}

  public static void main(String[] args) throws InterruptedException {
    MtaConfig config;
    try {
      config = loadConfig(args);
    } catch (InvalidConfigException | IllegalArgumentException e) {
      System.err.println("mailfleet-mta: invalid configuration: " + e.getMessage());
      System.exit(BAD_CONFIG);
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    // Handled signals (not a shutdown hook) so that a clean drain can exit with status 0.
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    Mta mta = Mta.start(config);
    stop.await();
    LOG.info("signal received");
    mta.shutdown();
    System.exit(0);
  }

  /** {@code --config FILE}, else {@code $MAILFLEET_MTA_CONFIG}, else the built-in defaults. */
  static MtaConfig loadConfig(String[] args) {
    ConfigLoader loader = new ConfigLoader();
    String file = System.getenv("MAILFLEET_MTA_CONFIG");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = args[++i];
      } else {
        throw new IllegalArgumentException(
            "unknown argument " + args[i] + "; usage: mailfleet-mta [--config FILE]");
      }
    }
    return file == null || file.isBlank() ? loader.defaults() : loader.load(Path.of(file));
  }
}
