package io.banyan.operator.api;

/**
 * Name patterns shared by the schema and {@link SpecValidation}, and the stable node names: a
 * master-eligible position of a zone is {@code <zone>-<index>}, a read replica {@code
 * <zone>-<name>}. Names never say "master": roles move, names stay.
 */
public final class Names {
  /** A DNS label starting with a letter. */
  public static final String DNS_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  /** A DNS subdomain (RFC 1123): Kubernetes object names such as a ServiceAccount's. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /**
   * A label or annotation key: an optional DNS-subdomain prefix and {@code /}, then a name of
   * letters, digits, {@code -_.} starting and ending alphanumeric (Kubernetes' qualified name).
   */
  public static final String QUALIFIED_NAME =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

  /** A label value (may be empty; at most 63 characters, checked separately). */
  public static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

  /** A non-empty label value, as a node label value a zone maps to. */
  public static final String NON_EMPTY_LABEL_VALUE = "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

  private Names() {}

  /** The name of a master-eligible position; stable whichever of them is master now. */
  public static String eligible(String zone, int index) {
    return zone + "-" + index;
  }

  /** The name of a read replica. */
  public static String replica(String zone, String name) {
    return zone + "-" + name;
  }
}
