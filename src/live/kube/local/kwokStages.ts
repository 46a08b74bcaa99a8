/**
 * The KWOK configuration each fake node's kwok process loads: Stages that play a kubelet's part in
 * the API (KWOK's own defaults ship as kustomize files, not in the binary). Written for what the
 * experiments need and no more:
 * - node-ready: a new node gets its conditions (Ready among them, from KWOK's NodeConditions), its
 *   addresses, and reports the kubelet version of the control plane; its lease is KWOK's own
 *   (--node-lease-duration-seconds), renewed every quarter of the duration like a kubelet's.
 * - pod-ready: a bound, pending pod becomes Running and Ready after `podStartupMs` (the model's pod
 *   start-up time for the same run is this constant).
 * - pod-delete: a pod being deleted is removed (a kubelet confirms the deletion). A dead node's
 *   kwok is gone, so its pods stay Terminating, as with a real dead kubelet.
 */
export function kwokStagesYaml(opts: { podStartupMs: number; kubeletVersion: string }): string {
  if (!(opts.podStartupMs >= 0) || !Number.isFinite(opts.podStartupMs)) throw new RangeError(`pod start-up must be a non-negative duration, got ${opts.podStartupMs} ms`);
  return `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: node-ready
spec:
  resourceRef:
    apiGroup: v1
    kind: Node
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $now | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
      addresses:
      - address: {{ NodeIP | Quote }}
        type: InternalIP
      - address: {{ .metadata.name | Quote }}
        type: Hostname
      allocatable:
      {{ YAML .status.allocatable 1 }}
      capacity:
      {{ YAML .status.capacity 1 }}
      nodeInfo:
        architecture: amd64
        operatingSystem: linux
        kubeletVersion: ${JSON.stringify(opts.kubeletVersion)}
        kubeProxyVersion: ${JSON.stringify(opts.kubeletVersion)}
        containerRuntimeVersion: kwok
        kernelVersion: kwok
      phase: Running
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-ready
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
  delay:
    durationMilliseconds: ${Math.round(opts.podStartupMs)}
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: ContainersReady
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Ready
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        restartCount: 0
        started: true
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}
      {{ with NodeIPWith .spec.nodeName }}
      hostIP: {{ . | Quote }}
      {{ end }}
      {{ with PodIPWith .spec.nodeName false ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      podIP: {{ . | Quote }}
      {{ end }}
      phase: Running
      startTime: {{ $now | Quote }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-delete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'Exists'
  next:
    delete: true
`;
}
