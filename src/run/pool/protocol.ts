/** Messages between the worker pool and its workers (structured clone). */
export interface JobRequest<J> {
  readonly id: number;
  readonly job: J;
}

export type JobReply<R, P> =
  | { readonly id: number; readonly result: R }
  | { readonly id: number; readonly progress: P }
  | { readonly id: number; readonly error: string; readonly stack: string | null };
