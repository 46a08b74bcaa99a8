/**
 * A minimal client for etcd's v3 JSON gateway (HTTP, keys and values base64): enough to write, to read
 * a member's status (who it thinks leads), and to list members. Node's fetch, no extra package.
 * Every call has a timeout: a request to a member without a leader can otherwise hang for etcd's
 * whole request timeout (5 s + 2 × election timeout).
 */

export interface MemberStatus {
  /** Member id, decimal (as the gateway prints uint64s). */
  memberId: string;
  /** Leader id as this member sees it; "0" when it knows none. */
  leaderId: string;
  raftTerm: number;
  raftIndex: number;
  raftAppliedIndex: number;
  version: string;
}

export interface MemberInfo {
  id: string;
  name: string;
  peerUrls: string[];
  clientUrls: string[];
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

async function post(baseUrl: string, path: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  const json = JSON.parse(text) as Record<string, unknown>;
  // The gateway reports gRPC errors in the body, sometimes with a 200.
  if (typeof json.error === 'string' || typeof json.code === 'number') throw new Error(`${path}: ${String(json.error ?? json.message ?? json.code)}`);
  return json;
}

/** Put key=value; resolves when the write is committed and applied, rejects on error or timeout. */
export async function put(baseUrl: string, key: string, value: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const json = (await post(baseUrl, '/v3/kv/put', { key: b64(key), value: b64(value) }, timeoutMs, signal)) as { header?: { revision?: string } };
  if (json.header?.revision === undefined) throw new Error('put: no revision in the reply');
}

export async function status(baseUrl: string, timeoutMs: number): Promise<MemberStatus> {
  const j = (await post(baseUrl, '/v3/maintenance/status', {}, timeoutMs)) as Record<string, unknown> & { header?: { member_id?: string } };
  return {
    memberId: String(j.header?.member_id ?? ''),
    leaderId: String(j.leader ?? '0'),
    raftTerm: Number(j.raftTerm ?? 0),
    raftIndex: Number(j.raftIndex ?? 0),
    raftAppliedIndex: Number(j.raftAppliedIndex ?? 0),
    version: String(j.version ?? ''),
  };
}

export async function memberList(baseUrl: string, timeoutMs: number): Promise<MemberInfo[]> {
  const j = (await post(baseUrl, '/v3/cluster/member/list', {}, timeoutMs)) as { members?: Array<Record<string, unknown>> };
  return (j.members ?? []).map((m) => ({
    id: String(m.ID ?? ''),
    name: String(m.name ?? ''),
    peerUrls: (m.peerURLs as string[] | undefined) ?? [],
    clientUrls: (m.clientURLs as string[] | undefined) ?? [],
  }));
}

/** A member id as rafthttp writes it in the X-Server-From header: hexadecimal. */
export function memberIdHex(decimalId: string): string {
  return BigInt(decimalId).toString(16);
}
