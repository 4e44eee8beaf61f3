/** What a promise rejected with; a promise that resolves fails the test. */
import assert from 'node:assert/strict';
import { ReverError } from '../../../src/services/errors.ts';

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** The ReverError a promise rejected with; anything else fails the test. */
export async function reverRejection(promise: Promise<unknown>): Promise<ReverError> {
  const error = await rejection(promise);
  assert.ok(error instanceof ReverError, `expected a ReverError, got ${String(error)}`);
  return error;
}
