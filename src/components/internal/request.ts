import type { ReactiveControllerHost } from 'lit';

/** A request's state, numbered as @lit/task's `TaskStatus` (the later steps' Tasks share it). */
export const TaskStatus = { INITIAL: 0, PENDING: 1, COMPLETE: 2, ERROR: 3 } as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

interface RequestOptions<A, R> {
  task: (args: A, options: { signal: AbortSignal }) => Promise<R>;
  onComplete: (result: R) => void;
  onError: (error: unknown) => void;
}

/**
 * @internal One request run on demand, as @lit/task's `Task` with `autoRun: false` runs it
 * (status, error, `run`, `abort`; a run superseded by a newer one is ignored), for the lookup: the
 * first load then needs no @lit/task, which comes with the later steps.
 */
export class Request<A, R> {
  status: TaskStatus = TaskStatus.INITIAL;
  error: unknown;
  private _runs = 0;
  private _abort?: AbortController;

  constructor(
    private _host: Pick<ReactiveControllerHost, 'requestUpdate'>,
    private _options: RequestOptions<A, R>,
  ) {}

  async run(args: A): Promise<void> {
    if (this.status === TaskStatus.PENDING) this._abort?.abort();
    this.status = TaskStatus.PENDING;
    this._host.requestUpdate();
    const run = ++this._runs;
    const abort = (this._abort = new AbortController());
    let result: R | undefined;
    let error: unknown;
    let failed = false;
    try {
      result = await this._options.task(args, { signal: abort.signal });
    } catch (e) {
      failed = true;
      error = e;
    }
    if (run !== this._runs) return;
    try {
      if (failed) this._options.onError(error);
      else this._options.onComplete(result as R);
    } catch {
      // As a Task: the callbacks' own errors do not change the request's outcome.
    }
    this.status = failed ? TaskStatus.ERROR : TaskStatus.COMPLETE;
    this.error = error;
    this._host.requestUpdate();
  }

  /** Aborts the pending run, if any (its signal is aborted). */
  abort(): void {
    if (this.status === TaskStatus.PENDING) this._abort?.abort();
  }
}
