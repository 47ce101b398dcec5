package io.mailfleet.operator;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/** The operator started as the Deployment runs it: {@link Main} in a JVM of its own. */
public final class OperatorProcess {

  private OperatorProcess() {}

  /**
   * Starts {@link Main} with this JVM's classpath and {@code env} added to this process's
   * environment ({@code KUBECONFIG} included), its output appended to {@code log}.
   */
  public static Process start(Map<String, String> env, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KUBECONFIG", kubeconfig());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** A port free now, for the operator's HTTP endpoints. */
  public static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  private static String kubeconfig() {
    String configured = System.getenv("KUBECONFIG");
    return configured != null
        ? configured
        : Path.of(System.getProperty("user.home"), ".kube", "config")
            .toString()
            .replace('/', File.separatorChar);
  }
}
