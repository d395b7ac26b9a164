package org.beamlake.aws.emr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.beamlake.lake.Lake;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The least-privilege IAM policy documents for running a lake on EMR, from the config and the lake:
 * the EMR service role (trust, plus AWS's {@code AmazonEMRServicePolicy_v2}, which acts only on
 * resources tagged {@code for-use-with-amazon-emr-managed-policies=true}, as beamlake's clusters are,
 * plus passing the instance profile's role), the EC2 instance profile's role (the lake's zones, the
 * staging prefix, the log prefix, the KMS key), and the user who runs beamlake (clusters tagged with a
 * beamlake run id, passing exactly the two roles, the staging and log prefixes).
 */
final class IamPolicies {
  static final String SERVICE_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final EmrConfig config;
  private final String account;
  private final String region;
  private final S3Prefix lake;

  /** An {@code s3://bucket/prefix/} split, the prefix without a leading slash and with a trailing one. */
  record S3Prefix(String bucket, String prefix) {
    static S3Prefix of(URI uri) {
      String path = uri.getPath().replaceFirst("^/", "");
      return new S3Prefix(uri.getHost(), path.isEmpty() || path.endsWith("/") ? path : path + "/");
    }

    String bucketArn() {
      return "arn:aws:s3:::" + bucket;
    }

    String objects(String under) {
      return "arn:aws:s3:::" + bucket + "/" + prefix + under + "*";
    }
  }

  IamPolicies(EmrConfig config, String lake, String account, String region) {
    if (!account.matches("\\d{12}")) {
      throw new IllegalArgumentException("--account: expected a 12-digit AWS account id, got '" + account + "'");
    }
    if (!lake.startsWith("s3://")) {
      throw new IllegalArgumentException("--lake: expected s3://bucket/prefix, got '" + lake + "'");
    }
    this.config = config;
    this.account = account;
    this.region = region;
    this.lake = S3Prefix.of(URI.create(Lake.at(lake).base()));
  }

  /** Every document by its file name, in the order they are created. */
  Map<String, ObjectNode> documents() {
    Map<String, ObjectNode> docs = new LinkedHashMap<>();
    docs.put("service-role-trust.json", trust("elasticmapreduce.amazonaws.com"));
    docs.put("service-role-policy.json", servicePolicy());
    docs.put("instance-profile-trust.json", trust("ec2.amazonaws.com"));
    docs.put("instance-profile-policy.json", instancePolicy());
    docs.put("user-policy.json", userPolicy());
    return docs;
  }

  String roleArn(String name) {
    return "arn:aws:iam::" + account + ":role/" + name;
  }

  private ObjectNode trust(String service) {
    ObjectNode doc = document();
    ObjectNode s = statement(doc, null, "sts:AssumeRole", null);
    s.putObject("Principal").put("Service", service);
    s.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", account);
    return doc;
  }

  private ObjectNode servicePolicy() {
    ObjectNode doc = document();
    ObjectNode pass = statement(doc, "PassInstanceProfileRole", "iam:PassRole", List.of(roleArn(config.instanceProfile())));
    pass.putObject("Condition").putObject("StringLike").put("iam:PassedToService", "ec2.amazonaws.com*");
    return doc;
  }

  private ObjectNode instancePolicy() {
    ObjectNode doc = document();
    list(doc, "ListLake", lake);
    statement(doc, "ReadLake", List.of("s3:GetObject"), List.of(lake.objects("")));
    statement(doc, "WriteZones", List.of("s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
        Lake.ZONES.stream().map(zone -> lake.objects(zone + "/")).toList());
    S3Prefix staging = S3Prefix.of(config.staging());
    list(doc, "ListStaging", staging);
    statement(doc, "ReadStaging", List.of("s3:GetObject"), List.of(staging.objects("")));
    if (config.logUri() != null) {
      statement(doc, "WriteLogs", List.of("s3:PutObject"), List.of(S3Prefix.of(config.logUri()).objects("")));
    }
    kms(doc);
    return doc;
  }

  private ObjectNode userPolicy() {
    ObjectNode doc = document();
    ObjectNode start = statement(doc, "StartTaggedClusters", List.of("elasticmapreduce:RunJobFlow"), List.of("*"));
    ObjectNode startIf = start.putObject("Condition");
    startIf.putObject("StringEquals").put("aws:RequestTag/" + ClusterRequest.MANAGED_POLICY_TAG, "true");
    startIf.putObject("Null").put("aws:RequestTag/" + ClusterRequest.RUN_TAG, "false");
    String clusters = "arn:aws:elasticmapreduce:" + region + ":" + account + ":cluster/*";
    ObjectNode tag = statement(doc, "TagNewClusters", List.of("elasticmapreduce:AddTags"), List.of(clusters));
    tag.putObject("Condition").putObject("Null").put("aws:RequestTag/" + ClusterRequest.RUN_TAG, "false");
    ObjectNode own = statement(doc, "UseBeamlakeClusters", List.of("elasticmapreduce:DescribeCluster",
        "elasticmapreduce:ListSteps", "elasticmapreduce:AddJobFlowSteps",
        "elasticmapreduce:TerminateJobFlows"), List.of(clusters));
    own.putObject("Condition").putObject("Null").put("aws:ResourceTag/" + ClusterRequest.RUN_TAG, "false");
    statement(doc, "FindClusters", List.of("elasticmapreduce:ListClusters"), List.of("*"));
    ObjectNode pass = statement(doc, "PassEmrRoles", List.of("iam:PassRole"),
        List.of(roleArn(config.serviceRole()), roleArn(config.instanceProfile())));
    pass.putObject("Condition").putObject("StringEquals").put("iam:PassedToService", "elasticmapreduce.amazonaws.com");
    S3Prefix staging = S3Prefix.of(config.staging());
    list(doc, "ListStaging", staging);
    statement(doc, "WriteStaging", List.of("s3:GetObject", "s3:PutObject"), List.of(staging.objects("")));
    if (config.logUri() != null) {
      S3Prefix logs = S3Prefix.of(config.logUri());
      list(doc, "ListStepLogs", logs);
      statement(doc, "ReadStepLogs", List.of("s3:GetObject"), List.of(logs.objects("")));
    }
    kms(doc);
    return doc;
  }

  private void kms(ObjectNode doc) {
    if (config.kmsKey() != null) {
      String key = config.kmsKey().startsWith("arn:") ? config.kmsKey()
          : "arn:aws:kms:" + region + ":" + account + ":key/" + config.kmsKey();
      statement(doc, "UseLakeKey", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(key));
    }
  }

  /** {@code s3:ListBucket} limited to the prefix: also what makes a missing object a 404, not a 403. */
  private static void list(ObjectNode doc, String sid, S3Prefix where) {
    ObjectNode s = statement(doc, sid, List.of("s3:ListBucket"), List.of(where.bucketArn()));
    s.putObject("Condition").putObject("StringLike").putArray("s3:prefix").add(where.prefix()).add(where.prefix() + "*");
  }

  private static ObjectNode document() {
    ObjectNode doc = JSON.objectNode();
    doc.put("Version", "2012-10-17");
    doc.putArray("Statement");
    return doc;
  }

  private static ObjectNode statement(ObjectNode doc, @Nullable String sid, Object actions,
      @Nullable List<String> resources) {
    ObjectNode s = ((ArrayNode) doc.get("Statement")).addObject();
    if (sid != null) {
      s.put("Sid", sid);
    }
    s.put("Effect", "Allow");
    if (actions instanceof String one) {
      s.put("Action", one);
    } else {
      ArrayNode list = s.putArray("Action");
      ((List<?>) actions).forEach(a -> list.add((String) a));
    }
    if (resources != null) {
      ArrayNode list = s.putArray("Resource");
      resources.forEach(list::add);
    }
    return s;
  }
}
