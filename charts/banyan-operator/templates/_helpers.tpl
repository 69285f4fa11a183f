{{/*
Chart name, overridable with nameOverride. Kubernetes names are limited to 63 characters.
*/}}
{{- define "banyan-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name used as the prefix of every resource: <release>-<chart>, or just the release name when
it already contains the chart name (so `helm install banyan-operator ...` does not double it).
*/}}
{{- define "banyan-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart label value: name-version, with "+" (not allowed in labels) replaced.
*/}}
{{- define "banyan-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels every resource of the release carries.
*/}}
{{- define "banyan-operator.labels" -}}
helm.sh/chart: {{ include "banyan-operator.chart" . }}
{{ include "banyan-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: banyan
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the operator pods; they must never change between upgrades (Deployment
selectors are immutable).
*/}}
{{- define "banyan-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "banyan-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the operator runs as.
*/}}
{{- define "banyan-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "banyan-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference; the tag defaults to the chart's appVersion.
*/}}
{{- define "banyan-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
"true" when leader election is on: asked for, or required because more than one replica runs.
*/}}
{{- define "banyan-operator.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{/*
Name of the leader-election Lease.
*/}}
{{- define "banyan-operator.leaseName" -}}
{{- default (printf "%s-leader" (include "banyan-operator.fullname" .)) .Values.leaderElection.leaseName | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Value of QUARKUS_OPERATOR_SDK_NAMESPACES: the watched namespaces joined by commas, or JOSDK's
constant for "all namespaces" (an empty value would fall back to the build-time default instead).
*/}}
{{- define "banyan-operator.watchedNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- join "," .Values.watchNamespaces }}
{{- else -}}
JOSDK_ALL_NAMESPACES
{{- end }}
{{- end }}

{{/*
RBAC rules for the resources the operator manages in watched namespaces. Used by the ClusterRole
(all namespaces) and by the per-namespace Roles (watchNamespaces set), so both grant exactly the
same verbs. Each verb is here because the reconciler or the failover manager uses it; nothing else.
*/}}
{{- define "banyan-operator.storeRules" -}}
- apiGroups: ["banyan.io"]
  resources: ["storeclusters"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["banyan.io"]
  resources: ["storeclusters/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["banyan.io"]
  resources: ["storeclusters/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "create", "delete", "patch", "update"]
# patch: raising a claim's storage request when spec.storage.size grows (volume expansion).
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "create", "delete", "patch"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# The auth secret is only read, by name, when a cluster is reconciled (its password is handed to
# the data nodes). create/update: the operator's own Secrets — <cluster>-auth (the password it
# generates when spec.auth names no Secret) and <cluster>-operator-credentials (its own users),
# both created once, never updated; <cluster>-acl (the aclfile the nodes load, hashes only),
# updated during a rotation — (RBAC cannot limit create to a name; these names are per cluster). No list, watch or delete (the owner
# reference lets Kubernetes delete it), so the operator cannot enumerate the namespace's secrets.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/*
Cluster-scoped reads: CustomResourceDefinitions (the operator checks at start-up that the
StoreCluster CRD is installed, and which version, before it starts its controllers) and
StorageClasses (whether a volume may grow).
*/}}
{{- define "banyan-operator.crdRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  verbs: ["get", "list"]
# StorageClasses (cluster-scoped) are read when a volume must grow: get by the claim's class name,
# list to find the default class; no watch (read at most once a minute, only while resizing).
- apiGroups: ["storage.k8s.io"]
  resources: ["storageclasses"]
  verbs: ["get", "list"]
{{- end }}
