package io.banyan.operator.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A streamed S3 multipart upload as an {@link OutputStream}: bytes fill one fixed-size part buffer,
 * each full part is uploaded before more is accepted, so memory stays at one part whatever the
 * snapshot's size. {@link #complete} finishes the object; {@link #abort} (after any failure)
 * removes the parts, so a failed backup leaves nothing billed behind.
 */
final class MultipartSink extends OutputStream {
  private final S3Client client;
  private final String bucket;
  private final String key;
  private final String uploadId;
  private final byte[] part;
  private final List<CompletedPart> parts = new ArrayList<>();
  private int filled;
  private long total;
  private boolean finished;

  MultipartSink(
      S3Client client, String bucket, String key, Map<String, String> metadata, int partSize) {
    this.client = client;
    this.bucket = bucket;
    this.key = key;
    this.part = new byte[partSize];
    this.uploadId =
        client
            .createMultipartUpload(
                r ->
                    r.bucket(bucket)
                        .key(key)
                        .metadata(metadata)
                        .contentType("application/octet-stream"))
            .uploadId();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, part.length - filled);
      System.arraycopy(b, off, part, filled, n);
      filled += n;
      off += n;
      len -= n;
      total += n;
      if (filled == part.length) {
        uploadPart();
      }
    }
  }

  private void uploadPart() throws IOException {
    int number = parts.size() + 1;
    try {
      String etag =
          client
              .uploadPart(
                  r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                  RequestBody.fromBytes(java.util.Arrays.copyOf(part, filled)))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      filled = 0;
    } catch (SdkException e) {
      throw new IOException("uploading part " + number + " of " + key + ": " + e.getMessage(), e);
    }
  }

  /** Uploads the last part and completes the object; returns its size in bytes. */
  long complete() throws IOException {
    if (filled > 0 || parts.isEmpty()) {
      uploadPart(); // the last part may be short (or empty for an empty object)
    }
    try {
      client.completeMultipartUpload(
          r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(u -> u.parts(parts)));
    } catch (SdkException e) {
      throw new IOException("completing the upload of " + key + ": " + e.getMessage(), e);
    }
    finished = true;
    return total;
  }

  /** Abandons the upload (best effort: a failure here is what lifecycle rules clean up). */
  void abort() {
    if (finished) {
      return;
    }
    finished = true;
    try {
      client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException ignored) {
      // the original failure is what the caller reports
    }
  }

  @Override
  public void close() {
    abort(); // a sink closed without complete() was abandoned
  }
}
