package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where backups live: a bucket (and prefix) of an S3-compatible object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Spec {
  /** The Secret keys holding the access key pair. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Credentials {
    @JsonPropertyDescription("Secret (in the StoreCluster's namespace) holding the access keys.")
    @Required
    @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
    public String secretName;

    @JsonPropertyDescription("Key of the access key id in the Secret.")
    @Default("AWS_ACCESS_KEY_ID")
    public String accessKeyIdKey = "AWS_ACCESS_KEY_ID";

    @JsonPropertyDescription("Key of the secret access key in the Secret.")
    @Default("AWS_SECRET_ACCESS_KEY")
    public String secretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";
  }

  @JsonPropertyDescription("Bucket name; it must exist.")
  @Required
  @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
  public String bucket;

  @JsonPropertyDescription(
      "Key prefix of this cluster's backups, without leading or trailing '/'; default"
          + " <namespace>/<cluster>.")
  @Pattern("^[^/].*[^/]$|^[^/]$")
  public String path;

  @JsonPropertyDescription(
      "Endpoint URL of an S3-compatible store (MinIO, Ceph, ...); absent: AWS S3 of the region.")
  @Pattern("^https?://\\S+$")
  public String endpoint;

  @JsonPropertyDescription("Region the requests are signed for.")
  @Default("us-east-1")
  public String region = "us-east-1";

  @JsonPropertyDescription(
      "Address the bucket in the path (endpoint/bucket/key), as most self-hosted stores want.")
  @Default("false")
  public Boolean forcePathStyle = false;

  @JsonPropertyDescription("The access key pair; absent: the SDK's default chain (IRSA, ...).")
  public Credentials credentials;

  /** The key prefix: {@link #path}, or {@code <namespace>/<cluster>}. */
  public String prefix(String namespace, String cluster) {
    return path != null && !path.isEmpty() ? path : namespace + "/" + cluster;
  }
}
