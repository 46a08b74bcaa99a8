/**
 * Istio's default sidecar proxy requests (values.global.proxy.resources.requests: cpu 100m, memory
 * 128Mi; docs/references.md, "Per-node agents"): the default of a design's mesh (defaults.ts MESH_SIDECAR).
 */
export const ISTIO_SIDECAR = { cpuMillicores: 100, memoryBytes: 128 * 1024 * 1024 } as const;
