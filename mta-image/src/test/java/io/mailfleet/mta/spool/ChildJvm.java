package io.mailfleet.mta.spool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real child Java process on this test's class path whose stdout lines are collected as they
 * come; {@link #kill()} is {@code kill -9} (SIGKILL) on Linux.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Queue<String> lines = new ConcurrentLinkedQueue<>();
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread reader = new Thread(this::collect, "child-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args}; its logs go to WARN, stderr to {@code work}. */
  public static ChildJvm start(Path work, String mainClass, String... args) throws IOException {
    return startWithHeap(work, "-Xmx256m", mainClass, args);
  }

  /** Starts {@code mainClass} with a heap limit such as {@code -Xmx192m}. */
  public static ChildJvm startWithHeap(Path work, String maxHeap, String mainClass, String... args)
      throws IOException {
    return startWith(work, List.of(maxHeap), mainClass, args);
  }

  /** Starts {@code mainClass} with JVM options such as {@code -Xmx64m}. */
  public static ChildJvm startWith(
      Path work, List<String> jvmOptions, String mainClass, String... args) throws IOException {
    Path logback = work.resolve("logback-child.xml");
    Files.writeString(
        logback,
        "<configuration><appender name='E' class='ch.qos.logback.core.ConsoleAppender'>"
            + "<target>System.err</target><encoder><pattern>%d %level %logger - %msg%n</pattern>"
            + "</encoder></appender><root level='WARN'><appender-ref ref='E'/></root>"
            + "</configuration>");
    Path stderr = work.resolve("child-" + System.nanoTime() + ".err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dlogback.configurationFile=" + logback);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new ChildJvm(p, stderr);
  }

  private void collect() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("STDOUT-ERROR " + e);
    }
  }

  /** Every stdout line so far, in order. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the child wrote to stderr, for failure messages. */
  public String stderr() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** SIGTERM, then waits (up to a minute) for the process to exit. */
  public void terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new AssertionError("child " + process.pid() + " still running 60 s after SIGTERM");
    }
  }

  /** The exit status; the process must have ended. */
  public int exitCode() {
    return process.exitValue();
  }

  /** SIGKILL, then waits until the process is gone and its stdout is drained. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
