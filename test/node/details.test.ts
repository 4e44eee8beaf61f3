// What the root's public events say (src/state/details.ts, src/state/confirmed.ts), from the flow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Order } from '../../contract/index.ts';
import { ReverError } from '../../src/services/errors.ts';
import { confirmedDetail } from '../../src/state/confirmed.ts';
import { errorDetail, orderFoundDetail } from '../../src/state/details.ts';
import type { Done } from '../../src/state/flow.ts';

const line = (id: string, returned: number) => ({
  id,
  name: `Item ${id}`,
  variant_name: 'M',
  quantity: 2,
  quantity_in_progress: 0,
  quantity_returned: returned,
  quantity_not_returnable: 0,
  available_return_reasons: [{ id: 'r1' }],
  total: 2000,
  product: { images: [] },
});

describe('the public events’ details', () => {
  it('rever-order-found counts the lines and those with something left to return', () => {
    const order: Order = {
      id: 'o1',
      currency: 'EUR',
      return_id: 'ret_1',
      customer_token: 'tok',
      line_items: [line('a', 0), line('b', 2), line('c', 1)],
    };
    assert.deepEqual(orderFoundDetail(order), {
      orderId: 'o1',
      currency: 'EUR',
      lineCount: 3,
      returnableLineCount: 2,
    });
  });

  it('rever-error gives a ReverError’s code and status, anything else as a bad response', () => {
    assert.deepEqual(errorDetail(new ReverError('server', 503), 'items'), {
      code: 'server',
      status: 503,
      step: 'items',
    });
    assert.deepEqual(errorDetail(new ReverError('network'), 'lookup'), {
      code: 'network',
      step: 'lookup',
    });
    assert.deepEqual(errorDetail(new TypeError('x is undefined'), 'review'), {
      code: 'bad-response',
      step: 'review',
    });
  });

  it('rever-return-confirmed gives REVER’s totals, and no cost nor method when none was chosen', () => {
    const done: Done = {
      step: 'done',
      orderId: 'o1',
      orderNumber: '1001',
      session: { returnId: 'ret_1', customerToken: 'tok' },
      confirmation: {
        return_id: 'ret_1',
        status: 'RUNNING',
        summary: { refund_total: 1500, credit_total: 500, currency: 'EUR' },
      },
    };
    assert.deepEqual(confirmedDetail(done, done.confirmation), {
      returnId: 'ret_1',
      orderId: 'o1',
      status: 'RUNNING',
      refundTotal: 1500,
      creditTotal: 500,
      currency: 'EUR',
      returnCost: 0,
      returnMethod: null,
    });
  });
});
