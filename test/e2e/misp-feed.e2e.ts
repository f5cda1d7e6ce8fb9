import { createHash, randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { published } from '../advisories.js';
import { demo, organizationCaller, useGraph } from '../graph.js';
import { added, newIncident } from '../indicators.js';

/** The MISP feed as a partner's MISP reads it: manifest.json, then each event file it lists, and hashes.csv. */

const graph = useGraph();
const feed = () => `${graph().gatewayUrl.replace(/\/graphql$/, '')}/misp`;

async function get(path: string, token?: string) {
  const res = await fetch(`${feed()}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

type MispEvent = {
  uuid: string;
  info: string;
  date: string;
  analysis: string;
  threat_level_id: string;
  timestamp: string;
  distribution: string;
  Orgc: { name: string; uuid: string };
  Tag: { name: string; colour: string }[];
  Attribute: { uuid: string; type: string; category: string; value: string; to_ids: boolean; distribution: string }[];
};

const TLP_TAGS = ['tlp:clear', 'tlp:green', 'tlp:amber', 'tlp:amber+strict', 'tlp:red'];
const DISTRIBUTION: Record<string, string> = {
  'tlp:clear': '3',
  'tlp:green': '1',
  'tlp:amber': '0',
  'tlp:amber+strict': '0',
  'tlp:red': '0',
};

/** Reads the whole feed as MISP does and checks that manifest, event files and hashes agree; gives the events. */
async function readFeed(token?: string): Promise<MispEvent[]> {
  const manifestFile = await get('/manifest.json', token);
  expect(manifestFile.status).toBe(200);
  expect(manifestFile.type).toMatch(/^application\/json/);
  const manifest = JSON.parse(manifestFile.text) as Record<string, Record<string, unknown>>;
  const events: MispEvent[] = [];
  for (const [uuid, entry] of Object.entries(manifest)) {
    const file = await get(`/${uuid}.json`, token);
    expect([uuid, file.status]).toEqual([uuid, 200]);
    const { Event: event } = JSON.parse(file.text) as { Event: MispEvent };
    expect(event.uuid).toBe(uuid);
    // The manifest says of each event what its file says.
    expect(entry).toEqual({
      Orgc: event.Orgc,
      Tag: event.Tag,
      info: event.info,
      date: event.date,
      analysis: Number(event.analysis),
      threat_level_id: Number(event.threat_level_id),
      timestamp: Number(event.timestamp),
    });
    expect(event.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(event.Orgc.name).toBe('ThaiCERT');
    const tlp = event.Tag.map((t) => t.name).filter((name) => TLP_TAGS.includes(name));
    expect(tlp).toHaveLength(1);
    expect(event.distribution).toBe(DISTRIBUTION[tlp[0]!]);
    for (const attribute of event.Attribute)
      expect(attribute).toMatchObject({ uuid: expect.any(String), type: expect.any(String), category: expect.any(String) });
    events.push(event);
  }
  // hashes.csv: exactly the MD5 of every attribute value of every event, with the event's uuid.
  const hashes = await get('/hashes.csv', token);
  expect(hashes.status).toBe(200);
  const lines = hashes.text.split('\n').filter(Boolean).sort();
  const expected = events.flatMap((e) => e.Attribute.map((a) => `${createHash('md5').update(a.value).digest('hex')},${e.uuid}`)).sort();
  expect(lines).toEqual(expected);
  return events;
}

describe('MISP feed', () => {
  it('lists every event in the manifest, serves each as <uuid>.json, and hashes every attribute in hashes.csv', async () => {
    const g = graph();
    const incidentId = await newIncident(g);
    const advisory = await published(g, { tlp: 'GREEN', cveIds: ['CVE-2024-3400'] });
    await added(g, { incidentId, tlp: 'GREEN', kind: 'DOMAIN_NAME', value: 'evil.example' });
    await added(g, { incidentId, tlp: 'GREEN', kind: 'FILE_HASH', value: 'd41d8cd98f00b204e9800998ecf8427e' });
    await added(g, { incidentId, tlp: 'CLEAR', kind: 'URL', value: 'https://evil.example/x' });
    const events = await readFeed(g.tokens.thaicert);
    const advisoryEvent = events.find((e) => e.info.startsWith(`${advisory.identifier}:`));
    expect(advisoryEvent).toMatchObject({ Tag: [{ name: 'tlp:green' }], distribution: '1', threat_level_id: '1' });
    expect(advisoryEvent!.Attribute).toContainEqual(expect.objectContaining({ type: 'vulnerability', value: 'CVE-2024-3400' }));
    const sets = events.filter((e) => e.info.includes(incidentId));
    expect(sets.map((e) => [e.Tag[0]!.name, e.Attribute.map((a) => [a.type, a.value, a.to_ids])])).toEqual([
      [
        'tlp:green',
        [
          ['domain', 'evil.example', true],
          ['md5', 'd41d8cd98f00b204e9800998ecf8427e', true],
        ],
      ],
      ['tlp:clear', [['url', 'https://evil.example/x', true]]],
    ]);
    expect((await get(`/${randomUUID()}.json`, g.tokens.thaicert)).status).toBe(404);
  });

  it('gives each caller the events TLP lets it read: the public TLP:CLEAR only, not an AMBER one outside its sectors', async () => {
    const g = graph();
    const incidentId = await newIncident(g);
    await added(g, { incidentId, tlp: 'AMBER', value: '203.0.113.77', targetSectorIds: ['BANKING_FINANCE'] });
    const amberEvent = (await readFeed(g.tokens.thaicert)).find((e) => e.info.includes(incidentId))!;
    expect(amberEvent.distribution).toBe('0');
    const publicEvents = await readFeed();
    expect(publicEvents.length).toBeGreaterThan(0);
    expect(new Set(publicEvents.map((e) => e.Tag[0]!.name))).toEqual(new Set(['tlp:clear']));
    const telelink = await g.token(organizationCaller(demo.organization('thai-telelink')));
    expect((await readFeed(telelink)).map((e) => e.uuid)).not.toContain(amberEvent.uuid);
    expect((await get(`/${amberEvent.uuid}.json`, telelink)).status).toBe(404);
    expect((await readFeed(g.tokens.organization)).map((e) => e.uuid)).toContain(amberEvent.uuid);
  });
});
