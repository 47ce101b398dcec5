package io.mailfleet.operator.model;

import java.util.Locale;

/**
 * An address's reverse DNS as AWS reports it (DescribeAddressesAttribute domain-name).
 *
 * @param name the PTR name AWS serves, null when none
 * @param pendingName the name of the last ModifyAddressAttribute, null when none is under way
 * @param updateStatus AWS's status of that update (e.g. PENDING), null when none
 * @param updateReason AWS's reason when the update failed, null otherwise
 */
public record PtrRecord(String name, String pendingName, String updateStatus, String updateReason) {

  public PtrRecord {
    name = normalized(name);
    pendingName = normalized(pendingName);
  }

  /** No reverse DNS set and none requested. */
  public static final PtrRecord NONE = new PtrRecord(null, null, null, null);

  /** Whether the address has a PTR name, applied or requested. */
  public boolean isSet() {
    return name != null || pendingName != null;
  }

  /** Whether AWS serves {@code wanted} or is applying it. */
  public boolean serves(String wanted) {
    String w = normalized(wanted);
    return w.equals(name) || (w.equals(pendingName) && !failed());
  }

  /** Whether the last update failed (AWS reports a reason). */
  public boolean failed() {
    return updateReason != null
        || (updateStatus != null && updateStatus.toLowerCase(Locale.ROOT).contains("fail"));
  }

  /** Whether AWS refused to set {@code wanted}: the last update asked for it and failed. */
  public boolean refused(String wanted) {
    return failed() && normalized(wanted).equals(pendingName);
  }

  /** Whether AWS is still applying the last update. */
  public boolean pending() {
    return pendingName != null
        && !failed()
        && updateStatus != null
        && updateStatus.equalsIgnoreCase("pending");
  }

  // AWS answers with the root dot ("o0.mail.example.com."); names compare without it.
  private static String normalized(String dnsName) {
    if (dnsName == null || dnsName.isBlank()) {
      return null;
    }
    String lower = dnsName.trim().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
