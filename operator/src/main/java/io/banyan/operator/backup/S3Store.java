package io.banyan.operator.backup;

import io.banyan.operator.api.S3Spec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket of an S3-compatible store, as the backups use it (AWS SDK v2, blocking URLConnection
 * HTTP client): streamed multipart uploads, listing a prefix, deleting, reading an object.
 */
final class S3Store implements AutoCloseable {
  /** An access key pair read from the spec's Secret. */
  record Keys(String accessKeyId, String secretAccessKey) {}

  private final S3Client client;
  private final String bucket;

  private S3Store(S3Client client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  /**
   * @param keys the Secret's key pair, or null for the SDK's default chain (instance roles, IRSA)
   */
  static S3Store open(S3Spec spec, Keys keys) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(spec.region == null ? "us-east-1" : spec.region))
            .forcePathStyle(Boolean.TRUE.equals(spec.forcePathStyle))
            // Checksums only where S3 requires them: the SDK's default (CRC trailers on every
            // upload, since 2.30) is refused by many S3-compatible stores (S3Proxy, older MinIO
            // and Ceph); SigV4 still signs each part's SHA-256.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                keys == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())));
    if (spec.endpoint != null) {
      b.endpointOverride(URI.create(spec.endpoint));
    }
    return new S3Store(b.build(), spec.bucket);
  }

  String bucket() {
    return bucket;
  }

  /** A new multipart upload of {@code key}; the caller completes or aborts it. */
  MultipartSink upload(String key, Map<String, String> metadata, int partSize) {
    return new MultipartSink(client, bucket, key, metadata, partSize);
  }

  /** Every object under {@code prefix} (all pages). */
  List<S3Object> list(String prefix) {
    List<S3Object> out = new ArrayList<>();
    client
        .listObjectsV2Paginator(
            ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
        .contents()
        .forEach(out::add);
    return out;
  }

  void delete(String key) {
    client.deleteObject(r -> r.bucket(bucket).key(key));
  }

  /** The object's bytes as a stream; its response carries the size. The caller closes it. */
  ResponseInputStream<GetObjectResponse> get(String key) {
    return client.getObject(r -> r.bucket(bucket).key(key));
  }

  /** The object's size in bytes (HEAD). */
  long size(String key) {
    return client.headObject(r -> r.bucket(bucket).key(key)).contentLength();
  }

  /** For tests: the object's user metadata. */
  Map<String, String> metadata(String key) {
    return client.headObject(r -> r.bucket(bucket).key(key)).metadata();
  }

  @Override
  public void close() {
    client.close();
  }
}
