package io.banyan.local.scheduler;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.List;

/** A pod's inter-pod (anti-)affinity terms and whom they select. Pure. */
final class Terms {
  private Terms() {}

  static List<PodAffinityTerm> requiredAffinity(Pod pod) {
    Affinity a = pod.getSpec().getAffinity();
    return a == null
            || a.getPodAffinity() == null
            || a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of()
        : a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  static List<PodAffinityTerm> requiredAntiAffinity(Pod pod) {
    Affinity a = pod.getSpec().getAffinity();
    return a == null
            || a.getPodAntiAffinity() == null
            || a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of()
        : a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  static List<WeightedPodAffinityTerm> preferredAffinity(Pod pod) {
    Affinity a = pod.getSpec().getAffinity();
    return a == null
            || a.getPodAffinity() == null
            || a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of()
        : a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
  }

  static List<WeightedPodAffinityTerm> preferredAntiAffinity(Pod pod) {
    Affinity a = pod.getSpec().getAffinity();
    return a == null
            || a.getPodAntiAffinity() == null
            || a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of()
        : a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
  }

  /**
   * Whether {@code owner}'s term selects {@code candidate}: the candidate is in one of the term's
   * namespaces (the owner's own when none is listed; every namespace for an empty {@code
   * namespaceSelector}) and its labels match the term's selector.
   */
  static boolean selects(Pod owner, PodAffinityTerm term, Pod candidate) {
    String ns = candidate.getMetadata().getNamespace();
    boolean allNamespaces =
        term.getNamespaceSelector() != null
            && (term.getNamespaceSelector().getMatchLabels() == null
                || term.getNamespaceSelector().getMatchLabels().isEmpty())
            && (term.getNamespaceSelector().getMatchExpressions() == null
                || term.getNamespaceSelector().getMatchExpressions().isEmpty());
    boolean inNamespace =
        allNamespaces
            || (term.getNamespaces() == null || term.getNamespaces().isEmpty()
                ? ns.equals(owner.getMetadata().getNamespace())
                : term.getNamespaces().contains(ns));
    return inNamespace
        && Selectors.matches(term.getLabelSelector(), candidate.getMetadata().getLabels());
  }
}
