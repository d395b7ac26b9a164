package org.beamlake.aws.emr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beamlake emr iam}: the IAM documents for the config's roles, written to a folder. */
@Command(name = "iam", mixinStandardHelpOptions = true,
    description = "Writes the least-privilege IAM policy documents for this lake and cluster config (EMR service "
        + "role, EC2 instance profile, the user running beamlake) into a folder, and prints the AWS CLI commands "
        + "that create the roles from them. Nothing is changed in the account.",
    footer = {"", "Examples:",
        "  beamlake emr iam --config emr.yaml --lake s3://my-lake/lakes/sales --account 123456789012 --out iam/"})
final class IamCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the cluster's config: an emr.yaml, or a project with an emr: section")
  Path config;

  @Option(names = "--lake", required = true, description = "the lake's s3:// URI")
  String lake;

  @Option(names = "--account", required = true, paramLabel = "ACCOUNT_ID", description = "the 12-digit AWS account")
  String account;

  @Option(names = "--region", description = "the region the clusters run in (default: the config's region)")
  String region;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder the documents are written to")
  Path out;

  @Override
  public Integer call() {
    return EmrCommand.guard(() -> {
      EmrConfig c = EmrConfig.load(config);
      String where = region != null ? region : c.region();
      if (where == null) {
        throw new IllegalArgumentException("no region: pass --region or set region in " + config);
      }
      IamPolicies policies = new IamPolicies(c, lake, account, where);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.createDirectories(out);
      PrintStream console = System.out;
      for (Map.Entry<String, ObjectNode> doc : policies.documents().entrySet()) {
        Files.writeString(out.resolve(doc.getKey()), json.writeValueAsString(doc.getValue()) + "\n");
        console.println("wrote " + out.resolve(doc.getKey()));
      }
      String d = out.toString().replaceFirst("/*$", "/");
      String service = c.serviceRole();
      String ec2 = c.instanceProfile();
      console.println("create the roles with:");
      console.println("  aws iam create-role --role-name " + service + " --assume-role-policy-document file://" + d
          + "service-role-trust.json");
      console.println("  aws iam attach-role-policy --role-name " + service + " --policy-arn "
          + IamPolicies.SERVICE_POLICY_ARN);
      console.println("  aws iam put-role-policy --role-name " + service + " --policy-name beamlake-pass-role "
          + "--policy-document file://" + d + "service-role-policy.json");
      console.println("  aws iam create-role --role-name " + ec2 + " --assume-role-policy-document file://" + d
          + "instance-profile-trust.json");
      console.println("  aws iam put-role-policy --role-name " + ec2 + " --policy-name beamlake-lake "
          + "--policy-document file://" + d + "instance-profile-policy.json");
      console.println("  aws iam create-instance-profile --instance-profile-name " + ec2);
      console.println("  aws iam add-role-to-instance-profile --instance-profile-name " + ec2 + " --role-name " + ec2);
      console.println("and give the user (or group) running beamlake " + d + "user-policy.json, e.g.:");
      console.println("  aws iam put-user-policy --user-name USER --policy-name beamlake-emr --policy-document file://"
          + d + "user-policy.json");
      return 0;
    });
  }
}
