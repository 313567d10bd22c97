import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { parseRegistry } from '../../src/nodo/registryFile';
import { maskKey, maskRegistry, unmaskRegistry } from '../../src/nodo/registrySecrets';

const DEMO = parseRegistry(YAML.parse(fs.readFileSync(path.resolve(__dirname, '../../registry/demo.yaml'), 'utf8')));

/** In process: what the black-box test cannot see, the stored station passwords, survive a round trip. */
describe('registry secrets', () => {
  it('mask → unmask gives back the stored document, station passwords included', () => {
    const masked = JSON.parse(JSON.stringify(maskRegistry(DEMO)));
    expect(JSON.stringify(masked)).not.toContain('pwdpwdpwd');
    expect(parseRegistry(unmaskRegistry(masked, DEMO))).toEqual(DEMO);
  });

  it('keys of one owner with the same mask map in order; short keys show no suffix', () => {
    expect(maskKey('short-k1')).toBe('***');
    expect(maskKey('a-key-of-sixteen')).toBe('***teen');
    const doc = {
      ...DEMO,
      subscriptionKeys: [
        { key: 'first-key', creditorInstitutionCode: '66666666666' },
        { key: 'second-key', creditorInstitutionCode: '66666666666' },
      ],
    };
    const back = unmaskRegistry(JSON.parse(JSON.stringify(maskRegistry(doc))), doc) as typeof doc;
    expect(back.subscriptionKeys.map((k) => k.key)).toEqual(['first-key', 'second-key']);
  });

  it('a station stored without a password cannot be given "***"', () => {
    const doc = { ...DEMO, stations: DEMO.stations.map((s, i) => (i === 0 ? { ...s, password: undefined } : s)) };
    const raw = JSON.parse(JSON.stringify(maskRegistry(DEMO)));
    expect(() => unmaskRegistry(raw, doc)).toThrow(
      `stations[0].password: "***" keeps the stored password, but station "${DEMO.stations[0]!.stationCode}" has none: give its password`,
    );
  });
});
