package org.beamlake.azure.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.beamlake.project.DatabricksConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which source the workspace and token come from, and what is said when there is none. */
class DatabricksAuthTest {
  @TempDir Path home;
  private final Map<String, String> env = new HashMap<>();
  private DatabricksAuth auth;

  @BeforeEach
  void chain() {
    auth = new DatabricksAuth(env::get, home);
  }

  private void config(String... lines) throws Exception {
    Files.writeString(home.resolve(".databrickscfg"), String.join("\n", lines) + "\n");
  }

  private static DatabricksConfig project(String host, String profile) {
    return new DatabricksConfig(host, profile, null, null, null, null, null, null, null, Map.of(), null, null, null);
  }

  private static final String[] PROFILES = {
      "; written by databricks configure", "[DEFAULT]", "host = https://adb-1.azuredatabricks.net/",
      "token = dapi-default", "", "[prod]", "host = https://adb-2.azuredatabricks.net", "token = dapi-prod"};

  @Test
  void theCommandLineWinsOverEverything() throws Exception {
    config(PROFILES);
    env.put("DATABRICKS_HOST", "https://adb-env.azuredatabricks.net");
    env.put("DATABRICKS_TOKEN", "dapi-env");
    env.put("MY_TOKEN", "dapi-mine");
    assertEquals(new DatabricksAuth.Credentials(URI.create("https://adb-cli.azuredatabricks.net"), "dapi-mine"),
        auth.resolve("https://adb-cli.azuredatabricks.net", "${env:MY_TOKEN}", "prod", project("https://x", null)));
  }

  @Test
  void aChosenProfileWinsOverTheEnvironment() throws Exception {
    config(PROFILES);
    env.put("DATABRICKS_HOST", "https://adb-env.azuredatabricks.net");
    env.put("DATABRICKS_TOKEN", "dapi-env");
    assertEquals(new DatabricksAuth.Credentials(URI.create("https://adb-2.azuredatabricks.net"), "dapi-prod"),
        auth.resolve(null, null, "prod", null));
    assertEquals(new DatabricksAuth.Credentials(URI.create("https://adb-2.azuredatabricks.net"), "dapi-prod"),
        auth.resolve(null, null, null, project(null, "prod")), "the project's profile");
  }

  @Test
  void theProjectsHostThenTheEnvironmentThenTheDefaultProfile() throws Exception {
    config(PROFILES);
    env.put("WORKSPACE", "https://adb-project.azuredatabricks.net");
    env.put("DATABRICKS_TOKEN", "dapi-env");
    assertEquals(new DatabricksAuth.Credentials(URI.create("https://adb-project.azuredatabricks.net"), "dapi-env"),
        auth.resolve(null, null, null, project("${env:WORKSPACE}", null)));
    env.put("DATABRICKS_HOST", "https://adb-env.azuredatabricks.net");
    assertEquals(new DatabricksAuth.Credentials(URI.create("https://adb-env.azuredatabricks.net"), "dapi-env"),
        auth.resolve(null, null, null, null));
    env.clear();
    assertEquals(new DatabricksAuth.Credentials(URI.create("https://adb-1.azuredatabricks.net"), "dapi-default"),
        auth.resolve(null, null, null, null));
  }

  @Test
  void configFileAndProfileFromTheEnvironment() throws Exception {
    Path elsewhere = home.resolve("cfg");
    Files.writeString(elsewhere, "[ci]\nhost = https://adb-ci.azuredatabricks.net\ntoken = dapi-ci\n");
    env.put("DATABRICKS_CONFIG_FILE", elsewhere.toString());
    env.put("DATABRICKS_CONFIG_PROFILE", "ci");
    assertEquals(new DatabricksAuth.Credentials(URI.create("https://adb-ci.azuredatabricks.net"), "dapi-ci"),
        auth.resolve(null, null, null, null));
  }

  @Test
  void noTokenNamesEverySourceTriedAndNoValue() throws Exception {
    config("[prod]", "host = https://adb-2.azuredatabricks.net");
    Path file = home.resolve(".databrickscfg");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> auth.resolve(null, null, "prod", null));
    assertEquals("no Databricks token: tried --token, the profile 'prod' of " + file + ", $DATABRICKS_TOKEN, the "
        + "DEFAULT profile of " + file + " (personal access token profiles only); export DATABRICKS_TOKEN or give "
        + "--token '${env:NAME}'", e.getMessage());
  }

  @Test
  void noHostNamesEverySourceTried() {
    env.put("DATABRICKS_TOKEN", "dapi-env");
    Path file = home.resolve(".databrickscfg");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> auth.resolve(null, null, null, null));
    assertEquals("no Databricks workspace: tried --host, databricks.host in the project, $DATABRICKS_HOST, the "
        + "DEFAULT profile of " + file + "; pass --host https://adb-….azuredatabricks.net or set DATABRICKS_HOST",
        e.getMessage());
  }

  @Test
  void anUnknownProfileListsThoseThere() throws Exception {
    config(PROFILES);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> auth.resolve(null, null, "staging", null));
    assertEquals("no profile 'staging' in " + home.resolve(".databrickscfg") + " (profiles there: DEFAULT, prod)",
        e.getMessage());
  }

  @Test
  void aTokenWrittenOutIsRefusedAndNeverShown() {
    env.put("DATABRICKS_HOST", "https://adb-env.azuredatabricks.net");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> auth.resolve(null, "dapi123", null, null));
    assertEquals("--token must be a reference such as '${env:DATABRICKS_TOKEN}', never the token itself",
        e.getMessage());
    assertFalse(new DatabricksAuth.Credentials(URI.create("https://h"), "dapi-secret").toString().contains("dapi"));
  }

  @Test
  void aMalformedLineIsNamedByNumberWithoutItsContent() throws Exception {
    config("[DEFAULT]", "host = https://adb-1.azuredatabricks.net", "dapi-pasted-by-mistake");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> auth.resolve(null, null, null, null));
    assertEquals(home.resolve(".databrickscfg") + ":3: expected [PROFILE] or key = value", e.getMessage());
  }
}
