import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.YamlDumpSettingsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Puts the Age printer column of every generated CRD last, where {@code kubectl get} shows it for
 * built-in kinds. The CRD generator orders printer columns by JSON path, which puts {@code
 * .metadata.creationTimestamp} before every spec and status column, and offers no setting for it;
 * the build runs this program on its output, before the CRDs are compared with crds/.
 *
 * <p>Run as a source-file program with the operator's classpath: {@code java -cp CLASSPATH
 * CrdPrinterColumns.java DIR}. The CRDs are written back as the generator writes them: its header
 * comment, then YAML with every string quoted.
 */
public final class CrdPrinterColumns {

  static final String AGE_PATH = ".metadata.creationTimestamp";

  private static final KubernetesSerialization YAML =
      new KubernetesSerialization(
          new ObjectMapper(),
          false,
          new YamlDumpSettingsBuilder().setMinimizeQuotes(false).build());

  private CrdPrinterColumns() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CrdPrinterColumns DIR (the generated CRDs)");
    }
    try (Stream<Path> files = Files.list(Path.of(args[0]))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        rewrite(file);
      }
    }
  }

  private static void rewrite(Path file) throws IOException {
    String text = Files.readString(file);
    String header =
        text.lines()
            .takeWhile(line -> line.startsWith("#"))
            .map(line -> line + "\n")
            .collect(Collectors.joining());
    CustomResourceDefinition crd = YAML.unmarshal(text, CustomResourceDefinition.class);
    crd.getSpec().getVersions().forEach(CrdPrinterColumns::ageLast);
    String yaml = YAML.asYaml(crd);
    Files.writeString(file, header + (yaml.startsWith("---\n") ? yaml.substring(4) : yaml));
  }

  /** The version's columns in the generator's order, except that Age comes last. */
  private static void ageLast(CustomResourceDefinitionVersion version) {
    if (version.getAdditionalPrinterColumns() == null) {
      return;
    }
    List<CustomResourceColumnDefinition> columns =
        new ArrayList<>(version.getAdditionalPrinterColumns());
    // A stable sort: every other column keeps its place.
    columns.sort(Comparator.comparing(column -> AGE_PATH.equals(column.getJsonPath())));
    version.setAdditionalPrinterColumns(columns);
  }
}
