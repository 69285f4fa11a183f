package io.banyan.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A replicated Redis-protocol store spread over zones (datacenters). */
@Group(StoreCluster.GROUP)
@Version(StoreCluster.VERSION)
@Kind("StoreCluster")
@Plural("storeclusters")
@ShortNames("sc")
@AdditionalPrinterColumn(name = "Master", jsonPath = ".status.currentMaster", type = Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyNodes", type = Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class StoreCluster extends CustomResource<StoreClusterSpec, StoreClusterStatus>
    implements Namespaced {
  public static final String GROUP = "banyan.io";
  public static final String VERSION = "v1alpha1";
  public static final String CRD_NAME = "storeclusters." + GROUP;
}
