package io.banyan.operator.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CRD schema cannot check in {@code spec.backup} and {@code spec.bootstrap}: the cron
 * expression and the endpoint URL. Messages name the field.
 */
final class BackupValidation {
  private BackupValidation() {}

  static List<String> validate(StoreClusterSpec spec) {
    List<String> errors = new ArrayList<>();
    if (spec.backup != null) {
      String cron = CronSchedule.check(spec.backup.schedule);
      if (cron != null) {
        errors.add(cron);
      }
      checkS3(spec.backup.s3, "spec.backup.s3", errors);
    }
    if (spec.bootstrap != null && spec.bootstrap.fromBackup != null) {
      checkS3(spec.bootstrap.fromBackup.s3, "spec.bootstrap.fromBackup.s3", errors);
      if (spec.bootstrap.fromBackup.key == null || spec.bootstrap.fromBackup.key.isBlank()) {
        errors.add("spec.bootstrap.fromBackup.key: the object key of the backup is required");
      }
    }
    return errors;
  }

  private static void checkS3(S3Spec s3, String field, List<String> errors) {
    if (s3 == null) {
      errors.add(field + ": required");
      return;
    }
    if (s3.bucket == null || s3.bucket.isBlank()) {
      errors.add(field + ".bucket: required");
    }
    if (s3.endpoint != null) {
      try {
        URI uri = URI.create(s3.endpoint);
        if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
          errors.add(field + ".endpoint: must be an http(s) URL with a host");
        }
      } catch (IllegalArgumentException e) {
        errors.add(field + ".endpoint: not a URL (" + e.getMessage() + ")");
      }
    }
    if (s3.credentials != null && s3.credentials.secretName == null) {
      errors.add(field + ".credentials.secretName: required");
    }
  }
}
