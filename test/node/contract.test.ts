import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { generateApiTypes, OPENAPI_FILE, TYPES_FILE } from '../../scripts/api-types.ts';
import { generateValidators, VALIDATORS_FILE } from '../../scripts/validators.ts';
import { buildPath, matchOperation, OPERATIONS } from '../../contract/index.ts';

interface OpenApi {
  paths: Record<string, Record<string, { operationId?: string }>>;
}

describe('the contract', () => {
  it('has generated types that match the OpenAPI document (run `npm run gen:api`)', async () => {
    assert.equal(await readFile(TYPES_FILE, 'utf8'), await generateApiTypes());
  });

  it('has generated request validators that match the OpenAPI document (run `npm run gen:validate`)', async () => {
    const committed = await readFile(VALIDATORS_FILE, 'utf8');
    assert.equal(committed, await generateValidators());
    // Plain functions that import nothing (no Ajv at run time) and make no code from strings.
    assert.doesNotMatch(committed, /^import |\brequire\(|new Function|\beval\(/m);
  });

  it('generates a validator for an operation added to the document, with no edit elsewhere', async () => {
    const yaml = await readFile(OPENAPI_FILE, 'utf8');
    const added = yaml.replace(
      /^paths:\n/m,
      `paths:
  /returns/{return_id}/pickup:
    post:
      operationId: bookPickup
      parameters:
        - $ref: '#/components/parameters/ReturnId'
        - { name: slot, in: query, required: true, schema: { type: string, maxLength: 3 } }
      requestBody:
        content:
          application/json:
            schema: { type: object, required: [day], properties: { day: { type: integer } } }
      responses: { '200': { description: ok } }
`,
    );
    const code = await generateValidators(added);
    assert.match(
      code,
      /bookPickup: \{\s*query: \[[^\]]*name: 'slot', required: true, repeated: false/,
    );
    assert.match(code, /body: bookPickup_body/);
  });

  it('lists in contract.ts exactly the operations of the OpenAPI document', async () => {
    const doc = parse(await readFile(OPENAPI_FILE, 'utf8')) as OpenApi;
    const fromDoc = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(
        ([method, op]) => `${op.operationId} ${method.toUpperCase()} ${path}`,
      ),
    );
    const fromCode = Object.entries(OPERATIONS).map(([id, op]) => `${id} ${op.method} ${op.path}`);
    assert.deepEqual(fromCode.sort(), fromDoc.sort());
  });

  it('marks every operation REVER does not document as assumed', async () => {
    const doc = parse(await readFile(OPENAPI_FILE, 'utf8')) as OpenApi;
    const documented = ['startReturnIntent', 'getActiveReturns', 'saveClientPreferences'];
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item) as { operationId: string; 'x-assumed'?: boolean }[]) {
        assert.equal(
          op['x-assumed'] === true,
          !documented.includes(op.operationId),
          op.operationId,
        );
      }
    }
  });

  it('matches a method and path to its operation and parameters', () => {
    assert.deepEqual(matchOperation('post', '/returns/ret_1/line_items'), {
      id: 'addReturnLineItem',
      params: { return_id: 'ret_1' },
    });
    assert.deepEqual(matchOperation('DELETE', '/returns/ret_1/line_items/li-2'), {
      id: 'removeReturnLineItem',
      params: { return_id: 'ret_1', line_item_id: 'li-2' },
    });
    assert.equal(matchOperation('POST', '/returns/intent/start')?.id, 'startReturnIntent');
    assert.equal(matchOperation('GET', '/returns')?.id, 'getActiveReturns');
  });

  for (const path of [
    '/returns/',
    '//returns',
    '/returns/../admin/confirm',
    '/returns/%2e%2e/confirm',
    '/returns/a%2Fb/confirm',
    '/returns/ret_1/confirm/',
    '/returns/ret_1/confirm?x=1',
    '/v2/returns',
    '/returns/ret 1/confirm',
  ]) {
    it(`refuses ${path}`, () => assert.equal(matchOperation('POST', path), undefined));
  }

  it('refuses a known path under another method', () => {
    assert.equal(matchOperation('GET', '/returns/intent/start'), undefined);
    assert.equal(matchOperation('PUT', '/returns/ret_1/confirm'), undefined);
  });

  it('builds paths only from path-safe ids', () => {
    assert.equal(buildPath('confirmReturn', { return_id: 'ret_9' }), '/returns/ret_9/confirm');
    assert.throws(() => buildPath('confirmReturn', { return_id: '../x' }), TypeError);
    assert.throws(() => buildPath('confirmReturn', {}), TypeError);
  });
});
