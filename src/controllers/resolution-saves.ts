import { Task } from '@lit/task';
import { deepArrayEquals } from '@lit/task/deep-equals.js';
import type { ReactiveControllerHost } from 'lit';
import { nextSave, type LaterEffects, type Refusals, type Report } from '../state/effects.ts';
import type { Draft } from '../state/flow.ts';

interface SavesHost extends ReactiveControllerHost {
  draft: Draft;
}

/**
 * The resolution step's save queue: the first unsaved choice is saved; its answer changes the
 * draft, which runs the queue again for the next one. A choice changed mid-request aborts that
 * request and saves the newer choice instead. A choice REVER refuses is kept in `refusals` (the
 * line says so) and skipped, so it holds up no other line's save. DOM-free: it needs a host with
 * a draft, which node tests fake.
 */
export class ResolutionSaves {
  refusals: Refusals = {};

  readonly task: Task<[Draft['session'], ReturnType<typeof nextSave>]>;

  constructor(
    host: SavesHost,
    effects: () => Pick<LaterEffects, 'saveResolution'>,
    report: Report,
    failed: (e: unknown) => void,
  ) {
    this.task = new Task(host, {
      args: () => [host.draft.session, nextSave(host.draft, this.refusals)],
      argsEqual: deepArrayEquals,
      task: async ([, next], opts) => {
        if (!next) return;
        const refused = await effects().saveResolution(host.draft, next, report, opts);
        if (!refused) return;
        this.refusals = { ...this.refusals, [next[0]]: { resolution: next[1], error: refused } };
        host.requestUpdate();
        failed(refused);
      },
      onError: failed,
    });
  }
}
