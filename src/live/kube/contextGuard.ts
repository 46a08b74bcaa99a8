/**
 * Destructive experiments (stopping nodes, deleting pods) run only against kind clusters, whose
 * contexts kind names "kind-<cluster>", unless the user names the context explicitly with
 * --allow-context. A typo in --context must not take down production.
 */
export function destructiveRefusal(context: string, allowContexts: readonly string[]): string | undefined {
  if (context.startsWith('kind-')) return undefined;
  if (allowContexts.includes(context)) return undefined;
  return `refusing to run a destructive experiment against context "${context}": it is not a kind cluster (kind-*). If you mean it, add --allow-context ${context}`;
}
