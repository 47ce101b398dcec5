package io.mailfleet.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@code kubectl explain} prints: the field tree and each field's description. */
final class ExplainPage {

  /** A field line: indentation, name, tab, {@code <type>}. */
  private static final Pattern FIELD = Pattern.compile("^( +)(\\S+)\\t<([^>]+)>.*$");

  /** What kubectl prints in place of a missing description. */
  private static final String NO_DESCRIPTION = "<no description>";

  private ExplainPage() {}

  /**
   * The paths of every object-valued field in the output of {@code kubectl explain <root>
   * --recursive}, {@code root} included: the pages to open to see every field's description.
   */
  static List<String> objectPaths(String root, String recursiveOutput) {
    List<String> paths = new ArrayList<>(List.of(root));
    List<String> stack = new ArrayList<>();
    for (String line : fieldLines(recursiveOutput)) {
      Matcher field = FIELD.matcher(line);
      if (!field.matches()) {
        continue;
      }
      int depth = field.group(1).length() / 2 - 1;
      stack.subList(Math.min(depth, stack.size()), stack.size()).clear();
      stack.add(field.group(2));
      if (field.group(3).endsWith("Object")) {
        paths.add(root + "." + String.join(".", stack));
      }
    }
    return paths;
  }

  /** The fields of a non-recursive {@code kubectl explain} page that carry no description. */
  static List<String> fieldsWithoutDescription(String output) {
    List<String> undocumented = new ArrayList<>();
    String current = null;
    boolean described = true;
    for (String line : fieldLines(output)) {
      Matcher field = FIELD.matcher(line);
      if (field.matches() && field.group(1).length() == 2) {
        if (!described) {
          undocumented.add(current);
        }
        current = field.group(2);
        described = false;
      } else if (line.startsWith("    ") && !line.isBlank() && !line.contains(NO_DESCRIPTION)) {
        described = true;
      }
    }
    if (!described) {
      undocumented.add(current);
    }
    return undocumented;
  }

  private static List<String> fieldLines(String output) {
    List<String> lines = output.lines().toList();
    int fields = lines.indexOf("FIELDS:");
    return fields < 0 ? List.of() : lines.subList(fields + 1, lines.size());
  }
}
