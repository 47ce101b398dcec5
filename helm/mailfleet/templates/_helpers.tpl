{{/* Full name of the release's objects. */}}
{{- define "mailfleet.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "mailfleet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "mailfleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mailfleet
{{- end -}}

{{/* Labels that select the operator's pods. */}}
{{- define "mailfleet.selectorLabels" -}}
app.kubernetes.io/name: mailfleet-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* A map of labels as key=value,key=value, how the operator reads label selectors from env. */}}
{{- define "mailfleet.labelList" -}}
{{- $pairs := list -}}
{{- range $key, $value := . -}}
{{- $pairs = append $pairs (printf "%s=%s" $key $value) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{- define "mailfleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "mailfleet.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The rules the operator needs on the namespaces it watches: exactly the kinds it reads and
writes, with the verbs it uses. Server-side apply creates and changes with PATCH.
*/}}
{{- define "mailfleet.watchRules" -}}
- apiGroups: ["mailfleet.io"]
  resources: ["mailclusters", "deliverytiers", "sendingippools"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["mailfleet.io"]
  resources: ["mailclusters/status", "deliverytiers/status", "sendingippools/status"]
  verbs: ["get", "patch", "update"]
# A pool's finalizer: added before its first AWS call, removed once AWS holds nothing of it.
- apiGroups: ["mailfleet.io"]
  resources: ["sendingippools"]
  verbs: ["patch", "update"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "update"]
# get: the Secrets a MailCluster names must exist. list, watch, create, patch: each tier's admin
# token Secret, which the operator creates once (server-side apply) and never updates; its
# informer lists only Secrets labelled as the operator's.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# A MailCluster's spec.monitoring: the PodMonitor or ServiceMonitor of its MTA pods, applied
# server-side, and deleted when monitoring is turned off or changes kind.
- apiGroups: ["monitoring.coreos.com"]
  resources: ["podmonitors", "servicemonitors"]
  verbs: ["get", "create", "patch", "delete"]
# The tiers' MTA pods (their informer lists only pods labelled mailfleet-mta): their IPs are
# where the operator reads queues, drains and starts transfers when it scales a tier.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
{{- end -}}
