import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REFERENCE_DIR } from '../helpers/openapi';
import { ownDocuments } from '../helpers/ownOpenapi';

/**
 * The documents of the APIs with an official twin name it, in their description (for a reader) and in
 * `x-official-twins` (the mark that lets them answer errors in that API's forms, documents.test.ts), and the
 * file is in the reference folder. The rules every document follows (OpenAPI 3.0.3, prefixes, $refs,
 * operationIds, path parameters, described responses) are documents.test.ts's.
 */
const TWINS: Record<string, string[]> = {
  'aca-gpd.yaml': ['paCreatePosition.json', 'gpd-4-aca.json'],
  'gpd-receipts.yaml': ['gpd_payments.json'],
  'payments-pull.yaml': ['gpd-payments-pull/openapi.json'],
  'fdr-psp.yaml': ['fdr_psp.json'],
  'fdr-org.yaml': ['fdr_organization.json'],
  'biz-events.yaml': ['biz_events.json'],
  'backoffice.yaml': ['openapi_backoffice_external_ec.json', 'openapi_backoffice_external_psp.json'],
  'carts.yaml': ['checkout_v1.json', 'checkout_v2.json'],
};

describe.each(Object.keys(TWINS))('openapi/%s', (file) => {
  const doc = ownDocuments().find((d) => `${d.name}.yaml` === file)!.doc as Record<string, any>;

  it('names its official twin, which is in the reference folder', () => {
    expect(doc['x-official-twins']).toEqual(TWINS[file]);
    for (const twin of TWINS[file]!) {
      expect(doc.info.description).toContain(`\`${twin}\``);
      const full = twin.includes('/') ? path.join(REFERENCE_DIR, twin) : path.join(REFERENCE_DIR, 'pagopa-api/openapi', twin);
      if (fs.existsSync(REFERENCE_DIR)) expect(fs.existsSync(full)).toBe(true);
    }
  });
});

it('no other document claims an official twin', () => {
  const claiming = ownDocuments()
    .filter((d) => d.doc['x-official-twins'] !== undefined)
    .map((d) => `${d.name}.yaml`)
    .sort();
  expect(claiming).toEqual(Object.keys(TWINS).sort());
});
