package org.beamlake.aws.catalog;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.beamlake.capture.Secrets;
import org.beamlake.catalog.RefinedTable;
import org.beamlake.lake.Lake;
import org.beamlake.spi.CliCommand;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beamlake athena}: makes a lake's refined tables queryable in Athena without a crawler,
 * as DDL to run or registered directly in the Glue Data Catalog.
 */
@Command(
    name = "athena",
    mixinStandardHelpOptions = true,
    description = "Declares a lake's committed refined tables for Athena (the AWS Glue Data Catalog).",
    subcommands = {AthenaCommand.Ddl.class, AthenaCommand.Register.class},
    footer = {"", "Examples:",
        "  beamlake athena ddl s3://my-lake/lakes/world --database world -- --awsRegion=eu-west-1",
        "  beamlake athena register s3://my-lake/lakes/world --database world --region eu-west-1 -- --awsRegion=eu-west-1"})
public final class AthenaCommand implements Runnable, CliCommand {
  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "expected a subcommand: ddl or register");
  }

  /** The lake, its Beam options and where Athena reads it: what every subcommand takes. */
  static final class LakeTables {
    @CommandLine.Parameters(index = "0", paramLabel = "LAKE", description = "the lake to read the tables' markers "
        + "and Parquet footers from")
    String lake;

    @CommandLine.Parameters(index = "1..*", paramLabel = "BEAM_OPTION", description = "Beam options for the lake's "
        + "filesystem, after -- (e.g. --awsRegion=eu-west-1; credentials only as $${env:NAME})")
    List<String> beamArgs = new ArrayList<>();

    @Option(names = "--location-base", paramLabel = "URI", description = "the lake as Athena reads it, when it "
        + "differs from LAKE (e.g. s3://bucket/prefix for a local copy of a lake)")
    String locationBase;

    /** The lake's committed refined tables as the catalog describes them; none is an error. */
    List<CatalogTable> tables() throws Exception {
      Secrets secrets = Secrets.fromEnvironment();
      List<String> resolved = new ArrayList<>();
      for (String arg : beamArgs) {
        resolved.add(secrets.resolve(arg));
      }
      FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.fromArgs(resolved.toArray(String[]::new)).create());
      Lake source = Lake.at(lake);
      String base = locationBase != null ? Lake.at(locationBase).base() : source.base();
      if (!base.startsWith("s3://")) {
        throw new IllegalArgumentException("Athena reads tables from s3:// locations, and " + (locationBase != null
            ? "--location-base is " + base : "LAKE is " + base) + "; for a copy of an S3 lake, pass --location-base "
            + "s3://BUCKET/PREFIX (where Athena reads it)");
      }
      List<RefinedTable> refined = RefinedTable.all(source);
      if (refined.isEmpty()) {
        throw new IllegalStateException("no committed table under " + source.base() + "refined/; run the analytics "
            + "stage first");
      }
      List<CatalogTable> tables = new ArrayList<>();
      for (RefinedTable table : refined) {
        tables.add(CatalogTable.of(table, base));
      }
      return tables;
    }

    String base() {
      return Lake.at(lake).base();
    }
  }

  /** Runs a command body: any failure is one line on stderr and exit code 1. */
  static int guard(Callable<Integer> body) {
    try {
      return body.call();
    } catch (Exception e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }

  @Command(name = "ddl", mixinStandardHelpOptions = true,
      description = "Prints the Athena DDL of every committed refined table of LAKE: CREATE EXTERNAL TABLE IF NOT "
          + "EXISTS with the columns and types of its Parquet files, PARTITIONED BY its partition column, STORED AS "
          + "PARQUET, its LOCATION; then ALTER TABLE ADD IF NOT EXISTS PARTITION for each partition written. Every "
          + "statement can be run again.")
  static final class Ddl implements Callable<Integer> {
    @Mixin LakeTables lakeTables;

    @Option(names = "--database", paramLabel = "NAME", description = "the Glue database of the tables")
    String database;

    @Override
    public Integer call() {
      return guard(() -> {
        List<CatalogTable> tables = lakeTables.tables();
        System.out.println("-- Athena DDL for the refined tables of " + lakeTables.base());
        for (CatalogTable table : tables) {
          for (String statement : AthenaDdl.statements(database, table)) {
            System.out.println();
            System.out.println(statement + ";");
          }
        }
        return 0;
      });
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Registers every committed refined table of LAKE in the AWS Glue Data Catalog, as the DDL of "
          + "'athena ddl' would: creates the database if missing, creates each table or updates it, and adds the "
          + "partitions written that the catalog lacks. Safe to run again. Credentials come from AWS's default "
          + "chain (environment, profile, instance role).")
  static final class Register implements Callable<Integer> {
    @Mixin LakeTables lakeTables;

    @Option(names = "--database", required = true, paramLabel = "NAME", description = "the Glue database (created "
        + "if missing)")
    String database;

    @Option(names = "--region", paramLabel = "REGION", description = "the Glue region (default: AWS's region chain, "
        + "e.g. AWS_REGION)")
    String region;

    @Option(names = "--glue-endpoint", paramLabel = "URL", description = "another Glue endpoint (e.g. a VPC "
        + "endpoint)")
    URI endpoint;

    @Override
    public Integer call() {
      return guard(() -> {
        List<CatalogTable> tables = lakeTables.tables();
        GlueClientBuilder builder = GlueClient.builder();
        if (region != null) {
          builder.region(Region.of(region));
        }
        if (endpoint != null) {
          builder.endpointOverride(endpoint);
        }
        try (GlueClient glue = builder.build()) {
          new GlueCatalog(glue, database, System.out::println).register(tables);
        } catch (AwsServiceException e) {
          throw new IllegalStateException("Glue: " + e.awsErrorDetails().errorMessage() + " ("
              + e.awsErrorDetails().errorCode() + ", HTTP " + e.statusCode() + ")", e);
        } catch (SdkException e) {
          throw new IllegalStateException("Glue: " + e.getMessage(), e);
        }
        return 0;
      });
    }
  }
}
