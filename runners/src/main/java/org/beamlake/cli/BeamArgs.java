package org.beamlake.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.beamlake.capture.Secrets;

/**
 * The extra Beam options of a command (after {@code --}), with {@code ${env:NAME}} references
 * resolved. An option that holds a credential (its name ends in key, token, secret, password or
 * connectionString, e.g. {@code --accessKey}, {@code --sasToken}, {@code --azureConnectionString})
 * is accepted only as a reference: a literal would sit in shell histories, process lists and CI
 * files. Resolved values are handed to Beam and never printed.
 */
final class BeamArgs {
  private static final Pattern CREDENTIAL = Pattern.compile(".*(key|token|secret|password|connectionstring)",
      Pattern.CASE_INSENSITIVE);

  private BeamArgs() {}

  static List<String> resolve(List<String> args) {
    Secrets secrets = Secrets.fromEnvironment();
    List<String> resolved = new ArrayList<>(args.size());
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        resolved.add(arg);
        continue;
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      if (CREDENTIAL.matcher(name.toLowerCase(Locale.ROOT)).matches() && !value.isEmpty()
          && !Secrets.hasReference(value)) {
        throw new IllegalArgumentException("--" + name + " holds a credential: give it as a reference to an "
            + "environment variable, e.g. --" + name + "='${env:" + suggestedVariable(name) + "}', never the value");
      }
      resolved.add(Secrets.hasReference(value) ? "--" + name + "=" + secrets.resolve(value) : arg);
    }
    return resolved;
  }

  private static String suggestedVariable(String option) {
    return switch (option) {
      case "accessKey" -> "AZURE_STORAGE_KEY";
      case "sasToken" -> "AZURE_STORAGE_SAS_TOKEN";
      case "azureConnectionString" -> "AZURE_STORAGE_CONNECTION_STRING";
      default -> option.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    };
  }
}
