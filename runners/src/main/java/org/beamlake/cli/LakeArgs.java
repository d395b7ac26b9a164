package org.beamlake.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.lake.Lake;
import picocli.CommandLine.Parameters;

/**
 * What the commands that work on a lake without running a stage take ({@code lake init}, {@code
 * report}, {@code serve}): the lake, then Beam options for its filesystem after {@code --}.
 */
final class LakeArgs {
  @Parameters(index = "0", paramLabel = "LAKE", description = "lake location: a path, s3://bucket/prefix, "
      + "azfs://account/container/prefix or abfss://container@account.dfs.core.windows.net/prefix")
  String lake;

  @Parameters(index = "1..*", paramLabel = "BEAM_OPTION", description = "extra Beam options for the lake's "
      + "filesystem, after -- (e.g. --awsRegion=eu-west-1)")
  List<String> beamArgs = new ArrayList<>();

  /** The options for the lake's filesystem, also made the default of Beam's {@code FileSystems}. */
  PipelineOptions useFileSystems() {
    PipelineOptions options = RunnerChoice.DIRECT.options(beamArgs, false, "local[1]");
    LakeFileSystems.use(options, beamArgs, lake);
    return options;
  }

  Lake lake() {
    return Lake.at(lake);
  }
}
