package io.banyan.operator.model;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Pod Security Standards' {@code restricted} profile (which includes {@code baseline}) as a
 * pure checker: the controls listed on kubernetes.io/docs/concepts/security/pod-security-standards
 * (policy version "latest"), each as the fields it restricts and the values it allows. Pod Security
 * Admission enforces these on a namespace labelled {@code
 * pod-security.kubernetes.io/enforce=restricted}.
 */
final class RestrictedProfile {
  /** Baseline, Capabilities: what may be added beyond the runtime's default set. */
  private static final Set<String> BASELINE_ADDABLE =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  /** Baseline, Sysctls: the safe set. */
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  /** Baseline, SELinux: allowed types. */
  private static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private RestrictedProfile() {}

  /** Every control the pod breaks, as "control: field"; empty when the pod is admitted. */
  static List<String> violations(Pod pod) {
    List<String> v = new ArrayList<>();
    PodSpec spec = pod.getSpec();
    PodSecurityContext psc =
        spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
    List<Container> containers = containers(spec);

    // ---- baseline ----
    if (psc.getWindowsOptions() != null
        && Boolean.TRUE.equals(psc.getWindowsOptions().getHostProcess())) {
      v.add("HostProcess: spec.securityContext.windowsOptions.hostProcess");
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())
        || Boolean.TRUE.equals(spec.getHostPID())
        || Boolean.TRUE.equals(spec.getHostIPC())) {
      v.add("Host Namespaces: spec.hostNetwork/hostPID/hostIPC");
    }
    for (Volume volume : spec.getVolumes()) {
      if (volume.getHostPath() != null) {
        v.add("HostPath Volumes: spec.volumes[" + volume.getName() + "].hostPath");
      }
      if (!restrictedVolumeType(volume)) {
        v.add("Volume Types: spec.volumes[" + volume.getName() + "]");
      }
    }
    selinux(psc.getSeLinuxOptions(), "spec.securityContext", v);
    if (psc.getSeccompProfile() != null && "Unconfined".equals(psc.getSeccompProfile().getType())) {
      v.add("Seccomp: spec.securityContext.seccompProfile.type");
    }
    if (psc.getAppArmorProfile() != null && !appArmorAllowed(psc.getAppArmorProfile().getType())) {
      v.add("AppArmor: spec.securityContext.appArmorProfile.type");
    }
    psc.getSysctls().stream()
        .filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
        .forEach(s -> v.add("Sysctls: " + s.getName()));
    Map<String, String> annotations =
        pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
    annotations.forEach(
        (k, value) -> {
          if (k.startsWith("container.apparmor.security.beta.kubernetes.io/")
              && !(value.equals("runtime/default") || value.startsWith("localhost/"))) {
            v.add("AppArmor: metadata.annotations[" + k + "]");
          }
        });

    // ---- restricted ----
    if (psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
      v.add("Running as Non-root user: spec.securityContext.runAsUser");
    }
    boolean podNonRoot = Boolean.TRUE.equals(psc.getRunAsNonRoot());
    boolean podSeccomp = seccompSet(psc.getSeccompProfile());

    for (Container c : containers) {
      String at = "containers[" + c.getName() + "].securityContext";
      SecurityContext sc =
          c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
      if (sc.getWindowsOptions() != null
          && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
        v.add("HostProcess: " + at + ".windowsOptions.hostProcess");
      }
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        v.add("Privileged Containers: " + at + ".privileged");
      }
      for (ContainerPort p : c.getPorts()) {
        if (p.getHostPort() != null && p.getHostPort() != 0) {
          v.add("Host Ports: containers[" + c.getName() + "].ports[].hostPort");
        }
      }
      selinux(sc.getSeLinuxOptions(), at, v);
      if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
        v.add("/proc Mount Type: " + at + ".procMount");
      }
      if (sc.getAppArmorProfile() != null && !appArmorAllowed(sc.getAppArmorProfile().getType())) {
        v.add("AppArmor: " + at + ".appArmorProfile.type");
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        v.add("Privilege Escalation: " + at + ".allowPrivilegeEscalation must be false");
      }
      if (Boolean.FALSE.equals(sc.getRunAsNonRoot())
          || (!podNonRoot && !Boolean.TRUE.equals(sc.getRunAsNonRoot()))) {
        v.add("Running as Non-root: " + at + ".runAsNonRoot (or the pod's) must be true");
      }
      if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        v.add("Running as Non-root user: " + at + ".runAsUser");
      }
      SeccompProfile seccomp = sc.getSeccompProfile();
      if (seccomp != null && "Unconfined".equals(seccomp.getType())) {
        v.add("Seccomp: " + at + ".seccompProfile.type");
      } else if (!podSeccomp && !seccompSet(seccomp)) {
        v.add(
            "Seccomp: "
                + at
                + ".seccompProfile (or the pod's) must be RuntimeDefault or Localhost");
      }
      Capabilities caps = sc.getCapabilities();
      if (caps == null || !caps.getDrop().contains("ALL")) {
        v.add("Capabilities: " + at + ".capabilities.drop must include ALL");
      }
      if (caps != null) {
        for (String add : caps.getAdd()) {
          if (!add.equals("NET_BIND_SERVICE")) {
            v.add("Capabilities: " + at + ".capabilities.add " + add);
          }
          if (!BASELINE_ADDABLE.contains(add)) {
            v.add("Capabilities (baseline): " + at + ".capabilities.add " + add);
          }
        }
      }
    }
    return v;
  }

  private static List<Container> containers(PodSpec spec) {
    List<Container> all = new ArrayList<>(spec.getContainers());
    all.addAll(spec.getInitContainers());
    // Ephemeral containers carry the same security fields; the operator creates none.
    return all;
  }

  /** Restricted, Volume Types: only these volume sources. */
  private static boolean restrictedVolumeType(Volume v) {
    long allowed =
        Stream.of(
                v.getConfigMap(),
                v.getCsi(),
                v.getDownwardAPI(),
                v.getEmptyDir(),
                v.getEphemeral(),
                v.getPersistentVolumeClaim(),
                v.getProjected(),
                v.getSecret())
            .filter(java.util.Objects::nonNull)
            .count();
    return allowed == 1;
  }

  private static boolean seccompSet(SeccompProfile p) {
    return p != null && ("RuntimeDefault".equals(p.getType()) || "Localhost".equals(p.getType()));
  }

  private static boolean appArmorAllowed(String type) {
    return type == null || type.equals("RuntimeDefault") || type.equals("Localhost");
  }

  private static void selinux(SELinuxOptions o, String at, List<String> v) {
    if (o == null) {
      return;
    }
    if (o.getType() != null && !SELINUX_TYPES.contains(o.getType())) {
      v.add("SELinux: " + at + ".seLinuxOptions.type");
    }
    if ((o.getUser() != null && !o.getUser().isEmpty())
        || (o.getRole() != null && !o.getRole().isEmpty())) {
      v.add("SELinux: " + at + ".seLinuxOptions.user/role");
    }
  }
}
