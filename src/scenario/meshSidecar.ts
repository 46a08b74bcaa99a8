/**
 * Istio's default sidecar proxy requests (values.global.proxy.resources.requests: cpu 100m, memory
 * 128Mi; docs/references.md, "Per-node agents"). defaults.ts's MESH_SIDECAR stays 0/0 until the lead
 * makes this the default: it moves the bundled results of every design with a mesh.
 */
export const ISTIO_SIDECAR = { cpuMillicores: 100, memoryBytes: 128 * 1024 * 1024 } as const;
