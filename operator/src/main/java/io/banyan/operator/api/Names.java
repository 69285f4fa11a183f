package io.banyan.operator.api;

/** Name patterns shared by the schema and {@link SpecValidation}. */
public final class Names {
  /** A DNS label starting with a letter. */
  public static final String DNS_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  private Names() {}
}
