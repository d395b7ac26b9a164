package org.beamlake.azure.databricks;

import java.net.URI;
import org.beamlake.capture.Secrets;
import picocli.CommandLine.Option;

/** The workspace options every {@code databricks} command takes: its URL and the token, by reference. */
final class Workspace {
  @Option(names = "--host", paramLabel = "URL", description = "the workspace URL, e.g. "
      + "https://adb-1234567890123456.7.azuredatabricks.net (default: the project's databricks.host, else "
      + "$DATABRICKS_HOST)")
  String host;

  @Option(names = "--token", paramLabel = "$${env:NAME}", defaultValue = "$${env:DATABRICKS_TOKEN}",
      description = "the access token, as a reference to an environment variable, never the value itself "
          + "(default: ${DEFAULT-VALUE})")
  String token;

  DatabricksClient client() {
    return client(null);
  }

  /** A client for {@code --host}, else the project's {@code databricks.host}, else {@code DATABRICKS_HOST}. */
  DatabricksClient client(org.beamlake.project.DatabricksConfig project) {
    String fromProject = project == null || project.host() == null ? null
        : Secrets.fromEnvironment().resolve(project.host());
    String url = host != null ? host : fromProject != null ? fromProject : System.getenv("DATABRICKS_HOST");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no Databricks workspace: pass --host https://adb-….azuredatabricks.net or "
          + "set DATABRICKS_HOST");
    }
    if (!Secrets.hasReference(token)) {
      throw new IllegalArgumentException("--token must be a reference such as '${env:DATABRICKS_TOKEN}', never the "
          + "token itself");
    }
    return DatabricksClient.of(URI.create(url), Secrets.fromEnvironment().resolve(token));
  }
}
