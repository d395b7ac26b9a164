package org.beamlake.azure.blob;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code azfs://account/container/prefix} location, split as Beam's Azure filesystem reads it,
 * with the names checked against Azure's rules so a typo fails here rather than as an HTTP 400.
 *
 * @param prefix the path under the container, without leading or trailing {@code /}; may be empty
 */
public record AzfsLocation(String account, String container, String prefix) {
  private static final Pattern AZFS = Pattern.compile("azfs://([^/]+)/([^/]+)/?(.*)");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

  /** Parses a location; a malformed one fails naming what was expected. */
  public static AzfsLocation parse(String uri) {
    Matcher m = AZFS.matcher(uri);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + uri + "' is not an azfs:// location; expected "
          + "azfs://ACCOUNT/CONTAINER[/PREFIX]");
    }
    String account = m.group(1);
    String container = m.group(2);
    if (!ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException("'" + account + "' in " + uri + " is not a storage account name; expected "
          + "3 to 24 lower-case letters and digits");
    }
    if (!CONTAINER.matcher(container).matches()) {
      throw new IllegalArgumentException("'" + container + "' in " + uri + " is not a container name; expected 3 to "
          + "63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit");
    }
    return new AzfsLocation(account, container, m.group(3).replaceAll("/+$", ""));
  }

  /** The blob name of a folder under the prefix, e.g. {@code lakes/sales/raw}. */
  public String blobName(String folder) {
    return prefix.isEmpty() ? folder : prefix + "/" + folder;
  }

  /** The location as a URI, ending with {@code /}. */
  public String uri() {
    return "azfs://" + account + "/" + container + "/" + (prefix.isEmpty() ? "" : prefix + "/");
  }

  /** The public endpoint of the account, for when no endpoint is configured. */
  public String defaultEndpoint() {
    return "https://" + account + ".blob.core.windows.net";
  }
}
