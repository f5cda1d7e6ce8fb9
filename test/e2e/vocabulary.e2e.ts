import { readFile } from 'node:fs/promises';

import { Supergraph } from '@apollo/federation-internals';
import { isEnumType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

import { useGraph } from '../graph.js';

/** incidents serves the query; it follows the organizations' registry from its start. */
const graph = useGraph({ env: { PUBLIC_CACHE_SECONDS: '30' }, subgraphs: ['organizations', 'incidents'] });

const VOCABULARY = `{ vocabulary { name description choices { value labelTh labelEn } } }`;

interface ChoiceList {
  name: string;
  description: string;
  choices: { value: string; labelTh: string; labelEn: string }[];
}

/** Every enum of the composed API whose values all carry "<Thai> | <English>" (kit/labelled-enum.ts), with those labels. */
async function labelledEnumsOfTheSupergraph(): Promise<Map<string, ChoiceList['choices']>> {
  const supergraph = Supergraph.build(await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
  const api = supergraph.apiSchema().toGraphQLJSSchema();
  const labelled = new Map<string, ChoiceList['choices']>();
  for (const type of Object.values(api.getTypeMap())) {
    if (!isEnumType(type) || type.name.startsWith('__')) continue;
    const choices = type.getValues().map((v) => {
      const [labelTh, labelEn] = (v.description ?? '').split(' | ');
      return { value: v.name, labelTh: labelTh!, labelEn: labelEn! };
    });
    if (choices.every((c) => c.labelTh && c.labelEn)) labelled.set(type.name, choices);
  }
  return labelled;
}

describe('vocabulary', () => {
  let lists: ChoiceList[];
  let headers: Headers;
  beforeAll(async () => {
    const response = await graph().query(VOCABULARY);
    expect(response.errors).toBeUndefined();
    lists = response.data!.vocabulary;
    headers = response.headers;
  });

  it('is served to a caller without a token', () => {
    expect(lists.length).toBeGreaterThan(0);
  });

  it('serves every labelled enum of the supergraph, value by value with both labels', async () => {
    const expected = await labelledEnumsOfTheSupergraph();
    expect(expected.size).toBeGreaterThan(20);
    const served = new Map(lists.map((l) => [l.name, l.choices]));
    for (const [name, choices] of expected) expect(served.get(name), name).toEqual(choices);
  });

  it('serves the forms’ wording, e.g. threat category 2 of ก2 §ข3', () => {
    const categories = lists.find((l) => l.name === 'ThreatCategory')!;
    expect(categories.description).toMatch(/ก3 §1/);
    expect(categories.choices).toContainEqual({
      value: 'CAT2_RECONNAISSANCE',
      labelTh: 'การพยายามบุกรุกเพื่อสำรวจข้อมูลองค์กรเพื่อโจมตี',
      labelEn: 'Reconnaissance',
    });
  });

  it('is cacheable by anyone, as every public answer is', async () => {
    expect(headers.get('cache-control')).toBe('max-age=30, public');
    const again = await graph().query(VOCABULARY);
    expect(again.headers.get('age')).not.toBeNull();
  });
});
