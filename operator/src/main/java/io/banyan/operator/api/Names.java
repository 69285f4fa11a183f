package io.banyan.operator.api;

/**
 * Name patterns shared by the schema and {@link SpecValidation}, and the stable node names: a
 * master-eligible position of a zone is {@code <zone>-<index>}, a read replica {@code
 * <zone>-<name>}. Names never say "master": roles move, names stay.
 */
public final class Names {
  /** A DNS label starting with a letter. */
  public static final String DNS_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

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
