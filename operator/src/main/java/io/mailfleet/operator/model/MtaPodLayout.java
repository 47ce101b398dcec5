package io.mailfleet.operator.model;

import java.util.List;

/**
 * Where things are inside an MTA pod: the contract between the StatefulSet the operator builds and
 * the configuration it renders, so both name the same paths.
 */
public final class MtaPodLayout {

  /** Directory the ConfigMap is mounted on. */
  public static final String CONFIG_DIR = "/etc/mailfleet/mta";

  /** Key of the MTA configuration in the ConfigMap, and its file name in {@link #CONFIG_DIR}. */
  public static final String CONFIG_FILE = "mta.yaml";

  /** Environment variable the MTA reads its configuration file's path from. */
  public static final String CONFIG_ENV = "MAILFLEET_MTA_CONFIG";

  /** Mount point of the spool volume claim. */
  public static final String SPOOL_DIR = "/var/spool/mailfleet";

  /** Mount point of the STARTTLS certificate secret ({@code tls.crt}, {@code tls.key}). */
  public static final String TLS_DIR = "/etc/mailfleet/tls";

  /** Mount point of the SMTP AUTH users Secret. */
  public static final String AUTH_DIR = "/etc/mailfleet/auth";

  /** Key of the AUTH Secret, and its file name: one {@code username:password} line per user. */
  public static final String AUTH_USERS = "users";

  /** Parent of the DKIM key Secrets' mount points, one directory per Secret. */
  public static final String DKIM_DIR = "/etc/mailfleet/dkim";

  /** Key of the PEM private key in a DKIM Secret. */
  public static final String DKIM_KEY = "private.key";

  /** Mount point of the tier's admin token Secret. */
  public static final String ADMIN_TOKEN_DIR = "/etc/mailfleet/admin-token";

  /** Key of the admin token in its Secret, and its file name in {@link #ADMIN_TOKEN_DIR}. */
  public static final String ADMIN_TOKEN = "token";

  /** Writable scratch space: the root file system is read-only. */
  public static final String TMP_DIR = "/tmp";

  /** Admin API paths the MTA serves (mta-image admin.AdminHandler). */
  public static final String HEALTH_PATH = "/healthz";

  /** Readiness: false while draining or while the spool is unavailable. */
  public static final String READY_PATH = "/readyz";

  /** Stops the MTA taking new mail; in-flight transactions finish. POST only. */
  public static final String DRAIN_PATH = "/api/v1/drain";

  /**
   * The preStop hook: {@code POST /api/v1/drain} to the MTA's own admin port with the admin token
   * in {@code tokenFile}, so the pod stops taking mail (and turns unready) before SIGTERM. A
   * kubelet httpGet hook cannot POST, and the image has no HTTP client; bash, which the Debian base
   * image has, opens the TCP connection. The token is read and sent by bash itself, so it never
   * shows in a process's arguments.
   */
  public static List<String> drainCommand(int adminPort, String tokenFile) {
    String request =
        "POST "
            + DRAIN_PATH
            + " HTTP/1.1\\r\\nHost: localhost\\r\\nAuthorization: Bearer %s\\r\\n"
            + "Content-Length: 0\\r\\nConnection: close\\r\\n\\r\\n";
    return List.of(
        "/bin/bash",
        "-c",
        "token=$(< '"
            + tokenFile
            + "') && exec 3<>/dev/tcp/127.0.0.1/"
            + adminPort
            + " && printf '"
            + request
            + "' \"$token\" >&3 && cat <&3");
  }

  /** The full path of the admin token file inside the pod. */
  public static String adminTokenFile() {
    return ADMIN_TOKEN_DIR + "/" + ADMIN_TOKEN;
  }

  /** User and group the MTA runs as: the distroless "nonroot" ids, owner of the spool. */
  public static final long RUN_AS = 65532;

  private MtaPodLayout() {}

  /** Where the DKIM key of Secret {@code secretName} is inside the pod. */
  public static String dkimKeyFile(String secretName) {
    return DKIM_DIR + "/" + secretName + "/" + DKIM_KEY;
  }

  /** The full path of the configuration file inside the pod. */
  public static String configPath() {
    return CONFIG_DIR + "/" + CONFIG_FILE;
  }
}
