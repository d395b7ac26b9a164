package org.beamlake.azure.databricks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.beamlake.catalog.RefinedTable;
import org.beamlake.lake.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beamlake databricks ddl}: Databricks SQL tables over every committed refined table of a lake. */
@Command(name = "ddl", mixinStandardHelpOptions = true,
    description = "Prints Databricks SQL that declares every committed refined table of LAKE as an external Parquet "
        + "table (CREATE TABLE IF NOT EXISTS ... USING PARQUET [PARTITIONED BY] LOCATION ...; MSCK REPAIR TABLE for "
        + "partitioned ones), for a SQL warehouse or a notebook. azfs:// locations are written as the abfss:// "
        + "URIs Databricks reads.",
    footer = {"", "Examples:",
        "  beamlake databricks ddl azfs://acct/lake/lakes/world --schema main.world -- \\",
        "      --blobServiceEndpoint=https://acct.blob.core.windows.net --accountName=acct "
            + "'--accessKey=$${env:AZURE_STORAGE_KEY}'",
        "  beamlake databricks ddl lake --schema world --location-base abfss://lake@acct.dfs.core.windows.net/lakes/world"})
final class DdlCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LAKE", description = "the lake to read the tables' markers from")
  String lake;

  @Parameters(index = "1..*", paramLabel = "BEAM_OPTION", description = "Beam options for the lake's filesystem, "
      + "after -- (credentials only as $${env:NAME})")
  List<String> beamArgs = new ArrayList<>();

  @Option(names = "--schema", description = "the schema (or catalog.schema) of the tables")
  String schema;

  @Option(names = "--location-base", paramLabel = "URI", description = "the lake's location as Databricks reads it, "
      + "when it differs from LAKE (e.g. a copy, or a mount)")
  String locationBase;

  @Override
  public Integer call() {
    return DatabricksCommand.guard(() -> {
      List<String> resolved = new ArrayList<>();
      org.beamlake.capture.Secrets secrets = org.beamlake.capture.Secrets.fromEnvironment();
      for (String arg : beamArgs) {
        resolved.add(secrets.resolve(arg));
      }
      org.apache.beam.sdk.options.PipelineOptions options =
          PipelineOptionsFactory.fromArgs(resolved.toArray(String[]::new)).create();
      if (org.beamlake.azure.adls.HadoopLakes.bridged(lake)) {
        org.beamlake.azure.adls.HadoopLakes.use(options, lake,
            org.beamlake.azure.adls.HadoopLakes.fromEnvironment(System.getenv()),
            resolved.stream().anyMatch(a -> a.startsWith("--hdfsConfiguration")));
      }
      FileSystems.setDefaultPipelineOptions(options);
      Lake source = Lake.at(lake);
      String base = locationBase != null ? Lake.at(locationBase).base() : DatabricksDdl.clusterLocation(source.base());
      List<RefinedTable> tables = RefinedTable.all(source);
      if (tables.isEmpty()) {
        throw new IllegalStateException("no committed table under " + source.base() + "refined/; run the analytics "
            + "stage first");
      }
      System.out.println("-- Databricks SQL for the refined tables of " + source.base());
      for (RefinedTable table : tables) {
        for (String statement : DatabricksDdl.table(schema, table.name(), table.commit(),
            base + "refined/" + table.name() + "/")) {
          System.out.println();
          System.out.println(statement + ";");
        }
      }
      return 0;
    });
  }
}
