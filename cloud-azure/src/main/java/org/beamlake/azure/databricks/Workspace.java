package org.beamlake.azure.databricks;

import picocli.CommandLine.Option;

/** The workspace options every {@code databricks} command takes: its URL and the token, by reference. */
final class Workspace {
  @Option(names = "--host", paramLabel = "URL", description = "the workspace URL, e.g. "
      + "https://adb-1234567890123456.7.azuredatabricks.net (default: the project's databricks.host, the profile's host, "
      + "$DATABRICKS_HOST, the DEFAULT profile of ~/.databrickscfg)")
  String host;

  @Option(names = "--token", paramLabel = "$${env:NAME}", description = "the access token, as a reference to an "
      + "environment variable, never the token itself (default: the profile's token, else $DATABRICKS_TOKEN, else the "
      + "DEFAULT profile of ~/.databrickscfg)")
  String token;

  @Option(names = "--profile", paramLabel = "NAME", description = "a profile of ~/.databrickscfg (or "
      + "$DATABRICKS_CONFIG_FILE) to take the host and token from (default: the project's databricks.profile, else "
      + "$DATABRICKS_CONFIG_PROFILE)")
  String profile;

  DatabricksClient client() {
    return client(null);
  }

  /** A client for the workspace and token {@link DatabricksAuth} finds; the project's section may name both. */
  DatabricksClient client(org.beamlake.project.DatabricksConfig project) {
    DatabricksAuth.Credentials found = DatabricksAuth.fromEnvironment().resolve(host, token, profile, project);
    return DatabricksClient.of(found.host(), found.token());
  }
}
