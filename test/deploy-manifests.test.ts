import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { defaultPortOf } from '../contracts/subgraph-catalog.js';
import { ADMIN_PORT_OFFSET, type Env } from '../platform/env.js';
import { readThaicertKeySource } from '../platform/thaicert-openpgp-key.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';
import {
  imagePaths,
  kustomizations,
  modelPath,
  podSpecOf,
  render,
  repoPath,
  selects,
  unknownFields,
  yamlFiles,
  type K8sObject,
} from './deploy-kubernetes.js';
import { TEST_THAICERT_OPENPGP_KEY } from './graph.js';

/**
 * deploy/kubernetes, checked as an operator would rely on it: every YAML parses, every rendered
 * object (base and each overlay) validates against the Kubernetes API's schemas
 * (kubernetes-models, Kubernetes 1.35), and what matters is checked service by service, derived
 * from the code rather than listed again here — the variables each service's env.ts reads, the
 * other services each one calls (its `<NAME>_URL`), the subgraphs the supergraph names.
 */

const NAMESPACE = 'ncsa-graph';

/** Every service of the graph: the gateway and the registry's subgraphs (mail among them). */
const SERVICES = ['gateway', ...SUBGRAPHS.map((s) => s.name)];

/** Variables whose value is a credential: they must come from a Secret, never a ConfigMap or the manifest itself. */
const SECRET_VARIABLES = /(_SECRET|_KEY|_PASSPHRASE|^DATABASE_URL|^DATABASE_LISTEN_URL|_REDIS_URL|^SMTP_URL)$/;

/**
 * What an operator puts in the Secrets the manifests leave as placeholders (`replace-me`, which
 * production refuses), and in the one CloudNativePG creates (graph-db-app): valid values, so a
 * service's configuration is read as it would be in the cluster.
 */
const OPERATOR_VALUES: Record<string, string> = {
  INTERNAL_IDENTITY_SECRET: randomBytes(32).toString('hex'),
  DATABASE_URL: 'postgres://ncsa:an-operator-chosen-password@pgbouncer.example.internal:6432/ncsa_graph',
  DATABASE_LISTEN_URL: 'postgres://ncsa:an-operator-chosen-password@postgresql.example.internal:5432/ncsa_graph',
  THAICERT_OPENPGP_KEY: TEST_THAICERT_OPENPGP_KEY,
  THAICERT_OPENPGP_PASSPHRASE: '',
};
/** The keys CloudNativePG writes into a Cluster's `<cluster>-app` Secret (its generated passwords are letters and digits). */
const CNPG_APP_SECRET = (cluster: string): Record<string, string> => ({
  username: 'app',
  password: 'GeneratedByTheOperator0123456789',
  dbname: 'app',
  host: `${cluster}-rw`,
  port: '5432',
  uri: `postgresql://app:GeneratedByTheOperator0123456789@${cluster}-rw.${NAMESPACE}:5432/app`,
});

interface Resolved {
  env: Record<string, string | undefined>;
  /** Where each variable comes from. */
  source: Record<string, 'secret' | 'configMap' | 'literal'>;
}

const rendered = kustomizations().map(({ name, dir }) => ({ name, objects: render(dir) }));

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

/** A Secret's keys and values, from the manifests or (for the one CloudNativePG creates) as the operator writes them. */
function secretData(objects: K8sObject[], name: string): Record<string, string> | undefined {
  const secret = named(objects, 'Secret', name);
  if (secret) {
    const data = {
      ...secret.stringData,
      ...Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString()])),
    };
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, OPERATOR_VALUES[k] ?? String(v)]));
  }
  const cluster = byKind(objects, 'Cluster').find((c) => name === `${c.metadata.name}-app`);
  return cluster && CNPG_APP_SECRET(cluster.metadata.name);
}

/** A container's environment as the kubelet builds it: envFrom first, then env in order, `$(VAR)` expanded from what came before. */
function resolveEnv(objects: K8sObject[], container: any): Resolved {
  const env: Resolved['env'] = {};
  const source: Resolved['source'] = {};
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const map = named(objects, 'ConfigMap', from.configMapRef.name);
      expect(map, `ConfigMap ${from.configMapRef.name}`).toBeDefined();
      for (const [k, v] of Object.entries(map!.data ?? {})) [env[prefix + k], source[prefix + k]] = [String(v), 'configMap'];
    }
    if (from.secretRef) {
      const data = secretData(objects, from.secretRef.name);
      expect(data, `Secret ${from.secretRef.name}`).toBeDefined();
      for (const [k, v] of Object.entries(data!)) [env[prefix + k], source[prefix + k]] = [v, 'secret'];
    }
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
    if (variable.valueFrom?.secretKeyRef) {
      const data = secretData(objects, ref.name);
      if (!ref.optional) expect(data?.[ref.key], `Secret ${ref.name} key ${ref.key} (${variable.name})`).toBeDefined();
      if (data?.[ref.key] !== undefined) [env[variable.name], source[variable.name]] = [data[ref.key], 'secret'];
    } else if (variable.valueFrom?.configMapKeyRef) {
      const value = named(objects, 'ConfigMap', ref.name)?.data?.[ref.key];
      if (!ref.optional) expect(value, `ConfigMap ${ref.name} key ${ref.key}`).toBeDefined();
      if (value !== undefined) [env[variable.name], source[variable.name]] = [String(value), 'configMap'];
    } else {
      const references = [...String(variable.value).matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]!);
      for (const reference of references)
        expect(env[reference], `${variable.name} refers to $(${reference}), defined before it`).toBeDefined();
      env[variable.name] = String(variable.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (_, name: string) => env[name]!);
      // A value put together from secrets (a URL with the operator's password in it) is as secret as they are.
      source[variable.name] = references.some((r) => source[r] === 'secret') ? 'secret' : 'literal';
    }
  }
  return { env, source };
}

/** What a service's env.ts makes of an environment, and which variables it read to do so. */
async function readServiceConfig(service: string, env: Env): Promise<{ read: Set<string>; error?: Error }> {
  const module = service === 'gateway' ? '../gateway/src/env.js' : `../subgraphs/${service}/src/env.js`;
  const { readConfig } = (await import(module)) as { readConfig: (env: Env) => unknown };
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  try {
    readConfig(recording);
    return { read };
  } catch (error) {
    return { read, error: error as Error };
  }
}

/** The subgraphs the supergraph names: whom the gateway calls. */
const supergraphSubgraphs = [
  ...readFileSync(repoPath('schema', 'supergraph.graphql'), 'utf8').matchAll(/@join__graph\(name: "([^"]+)"/g),
].map((m) => m[1]!);

/** The pod a Deployment or Job runs, for network policies: its labels, and its container's ports by name. */
interface Pod {
  service: string;
  labels: Record<string, string>;
  ports: Record<string, number>;
}

function podsOf(objects: K8sObject[]): Pod[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({
      service: o.metadata.name,
      labels: podSpecOf(o) && o.spec.template.metadata.labels,
      ports: Object.fromEntries(
        (podSpecOf(o).containers[0].ports ?? []).map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]),
      ),
    }));
}

/** A destination: a pod of the namespace (or the operator's), or an address outside the cluster. */
type Destination = { pod: Pod } | { address: string };

function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  return (toNumber(address) & mask) >>> 0 === (toNumber(base!) & mask) >>> 0;
}

const portMatches = (rulePorts: any[] | undefined, port: number, pod?: Pod) =>
  !rulePorts || rulePorts.some((p) => p.port === undefined || p.port === port || (pod && pod.ports[p.port] === port));

/** A peer of a rule (podSelector in this namespace, ipBlock) matching a pod or an address; an absent peer list matches everything. */
function peerMatches(peers: any[] | undefined, target: Destination): boolean {
  if (!peers) return true;
  return peers.some((peer) => {
    if (peer.ipBlock) return 'address' in target && inCidr(target.address, peer.ipBlock.cidr);
    // Another namespace (ingress controller, monitoring, kube-system, the operator): never one of these pods.
    if (peer.namespaceSelector) return false;
    return 'pod' in target && selects(peer.podSelector, target.pod.labels);
  });
}

/** May `from` open a connection to `to` on `port`, by the namespace's NetworkPolicies (egress of one, ingress of the other)? */
function allowed(policies: K8sObject[], from: Pod, to: Destination, port: number): boolean {
  const applying = (pod: Pod, type: string) =>
    policies.filter((p) => selects(p.spec.podSelector, pod.labels) && (p.spec.policyTypes ?? ['Ingress']).includes(type));
  const egress = applying(from, 'Egress');
  const out =
    egress.length === 0 ||
    egress.some((p) =>
      (p.spec.egress ?? []).some(
        (rule: any) => peerMatches(rule.to, to) && portMatches(rule.ports, port, 'pod' in to ? to.pod : undefined),
      ),
    );
  if (!out || !('pod' in to)) return out;
  const ingress = applying(to.pod, 'Ingress');
  return (
    ingress.length === 0 ||
    ingress.some((p) =>
      (p.spec.ingress ?? []).some((rule: any) => peerMatches(rule.from, { pod: from }) && portMatches(rule.ports, port, to.pod)),
    )
  );
}

/** CPU and memory quantities in one unit each (millicores, bytes), to compare requests with limits. */
function quantity(value: string | number): number {
  const text = String(value);
  const units: Record<string, number> = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 };
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(text);
  if (!match) throw new Error(`not a quantity: ${text}`);
  return Number(match[1]) * (match[2] ? units[match[2]]! : 1);
}

describe('deploy/: every YAML file parses', () => {
  it.each(yamlFiles().map((path) => [path.slice(repoPath().length + 1), path]))('%s', async (_, path) => {
    const { readYaml } = await import('./deploy-kubernetes.js');
    expect(readYaml(path).length).toBeGreaterThan(0);
  });
});

describe.each(rendered)('deploy/kubernetes/$name', ({ name, objects }) => {
  it('validates against the Kubernetes API schemas (kubernetes-models), each object once', async () => {
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const object of objects) {
      const id = `${object.kind}/${object.metadata.name}`;
      expect(seen.has(id), `${id} defined twice`).toBe(false);
      seen.add(id);
      if (object.apiVersion.startsWith('postgresql.cnpg.io/')) continue; // the operator's own kinds: below
      const { [object.kind]: Model } = (await import(modelPath(object.apiVersion, object.kind))) as Record<
        string,
        new (data: unknown) => { validate(): void }
      >;
      try {
        new Model!(object).validate();
      } catch (error) {
        failures.push(`${id}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    // …and no field they do not define (kubectl's strict field validation).
    expect(unknownFields(objects.filter((o) => !o.apiVersion.startsWith('postgresql.cnpg.io/')))).toEqual([]);
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === NAMESPACE)).toBe(true);
  });

  it('runs every service, from the image the Dockerfile builds, with an entry point that exists', () => {
    const copied = imagePaths();
    for (const service of SERVICES) {
      const deployment = named(objects, 'Deployment', service);
      expect(deployment, `Deployment ${service}`).toBeDefined();
      const [container, ...others] = podSpecOf(deployment!).containers;
      expect(others).toEqual([]);
      expect(container.image).toMatch(/ncsa-graph:/);
      const [node, script] = container.command;
      expect(node).toBe('node');
      expect(
        copied.some((path) => script.startsWith(path)),
        `${script} is in the image (Dockerfile COPY)`,
      ).toBe(true);
      expect(existsSync(repoPath(script.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), script).toBe(true);
    }
  });

  it('probes each service on its admin port (/ready, /health), and bounds its CPU and memory', () => {
    for (const deployment of byKind(objects, 'Deployment')) {
      const service = deployment.metadata.name;
      const container = podSpecOf(deployment).containers[0];
      const { env } = resolveEnv(objects, container);
      const variable = service.toUpperCase();
      const port = Number(env[`${variable}_PORT`]);
      const admin = Number(env[`${variable}_ADMIN_PORT`]);
      expect(port, `${service}'s port`).toBe(service === 'gateway' ? 4000 : defaultPortOf(service));
      expect(admin).toBe(port + ADMIN_PORT_OFFSET);
      const ports = Object.fromEntries(container.ports.map((p: any) => [p.name, p.containerPort]));
      // …and the mail subgraph's reporting address, when its intake is on (MAIL_INTAKE_PORT), on the port it listens on.
      const intake = service === 'mail' && env.MAIL_INTAKE_PORT !== undefined ? { smtp: Number(env.MAIL_INTAKE_PORT) } : {};
      expect(ports).toEqual({ http: port, admin, ...intake });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'admin' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'admin' });
      for (const resource of ['cpu', 'memory']) {
        const request = container.resources?.requests?.[resource];
        const limit = container.resources?.limits?.[resource];
        expect(request && limit, `${service} ${resource} request and limit`).toBeTruthy();
        expect(quantity(request), `${service} ${resource}`).toBeLessThanOrEqual(quantity(limit));
      }
    }
  });

  it('gives each service every variable its env.ts needs in production, every credential from a Secret', async () => {
    for (const service of SERVICES) {
      const deployment = named(objects, 'Deployment', service)!;
      const { env, source } = resolveEnv(objects, podSpecOf(deployment).containers[0]);
      expect(env.NODE_ENV).toBe('production');
      const { read, error } = await readServiceConfig(service, env);
      expect(error?.message, `${service} refuses the manifests' configuration`).toBeUndefined();
      for (const variable of Object.keys(env).filter((v) => SECRET_VARIABLES.test(v))) {
        expect(source[variable], `${service}'s ${variable} comes from a Secret`).toBe('secret');
      }
      // Not vacuous: production does need something, which only the manifests gave.
      expect((await readServiceConfig(service, { NODE_ENV: 'production' })).error).toBeDefined();
      expect(read.size).toBeGreaterThan(3);
      // A service whose code reads ThaiCERT's key gets it from the Secret.
      const sources = readdirSync(repoPath(service === 'gateway' ? 'gateway/src' : `subgraphs/${service}/src`), { recursive: true })
        .map(String)
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
        .map((file) => readFileSync(repoPath(service === 'gateway' ? 'gateway/src' : `subgraphs/${service}/src`, file), 'utf8'));
      if (sources.some((text) => text.includes('thaicert-openpgp-key'))) {
        expect(source.THAICERT_OPENPGP_KEY, `${service} reads ThaiCERT's key`).toBe('secret');
        expect(readThaicertKeySource(env, true).kind).toBe('configured');
      }
    }
    // The migration Job reads what the subgraphs read about their database.
    const job = named(objects, 'Job', 'migrate')!;
    const { env, source } = resolveEnv(objects, podSpecOf(job).containers[0]);
    expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'dist/scripts/migrate.js']);
    expect(existsSync(repoPath('scripts', 'migrate.ts'))).toBe(true);
    expect(imagePaths()).toContain('dist/scripts/migrate.js');
    expect([source.DATABASE_URL, source.DATABASE_LISTEN_URL]).toEqual(['secret', 'secret']);
    expect(env.MIGRATE_ON_START, 'the services leave migrations to the Job').toBe('false');
    // Every subgraph's configuration but ThaiCERT's signing key and the mail subgraph's SMTP relay,
    // which a migration has no use for and is not given.
    expect(source.THAICERT_OPENPGP_KEY, 'the migration Job holds no signing key').toBeUndefined();
    expect(source.SMTP_URL, 'the migration Job holds no SMTP credential').toBeUndefined();
    const notGiven = {
      THAICERT_OPENPGP_KEY: TEST_THAICERT_OPENPGP_KEY,
      SMTP_URL: 'smtp://ncsa:a-password@smtp-relay.example.internal:587',
    };
    for (const service of SUBGRAPHS.map((s) => s.name)) {
      expect((await readServiceConfig(service, { ...env, ...notGiven })).error, service).toBeUndefined();
    }
  });

  it('has a Service for each Deployment and for every address the services are given', () => {
    for (const deployment of byKind(objects, 'Deployment')) {
      const labels = deployment.spec.template.metadata.labels;
      expect(selects(deployment.spec.selector, labels)).toBe(true);
      const service = named(objects, 'Service', deployment.metadata.name);
      expect(service, `Service ${deployment.metadata.name}`).toBeDefined();
      expect(Object.entries(service!.spec.selector).every(([k, v]) => labels[k] === v)).toBe(true);
      expect(service!.spec.ports.map((p: any) => p.targetPort).sort()).toEqual(['admin', 'http']);
      expect(service!.spec.sessionAffinity ?? 'None').toBe('None');
    }
    const config = byKind(objects, 'ConfigMap').flatMap((map) => Object.entries(map.data ?? {}));
    for (const [variable, value] of config.filter(([variable]) => /^[A-Z]+_URL$/.test(variable) && !variable.startsWith('JWT'))) {
      const url = new URL(String(value));
      const service = named(objects, 'Service', url.hostname);
      expect(service, `${variable}: Service ${url.hostname}`).toBeDefined();
      expect(
        service!.spec.ports.map((p: any) => p.port),
        variable,
      ).toContain(Number(url.port));
    }
  });

  it('keeps a PodDisruptionBudget and a CPU autoscaler on every Deployment, each aimed at one that exists', () => {
    for (const deployment of byKind(objects, 'Deployment')) {
      const labels = deployment.spec.template.metadata.labels;
      const budgets = byKind(objects, 'PodDisruptionBudget').filter((b) => selects(b.spec.selector, labels));
      expect(budgets, `PodDisruptionBudget for ${deployment.metadata.name}`).toHaveLength(1);
      expect(budgets[0]!.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
      const autoscalers = byKind(objects, 'HorizontalPodAutoscaler').filter((h) => h.spec.scaleTargetRef.name === deployment.metadata.name);
      expect(autoscalers, `HorizontalPodAutoscaler for ${deployment.metadata.name}`).toHaveLength(1);
      expect(autoscalers[0]!.spec.metrics).toEqual([
        expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) }),
      ]);
      expect(autoscalers[0]!.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
    for (const autoscaler of byKind(objects, 'HorizontalPodAutoscaler')) {
      expect(autoscaler.spec.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
      expect(named(objects, 'Deployment', autoscaler.spec.scaleTargetRef.name), autoscaler.metadata.name).toBeDefined();
      expect(autoscaler.spec.minReplicas).toBeLessThanOrEqual(autoscaler.spec.maxReplicas);
    }
  });

  it('lets through exactly the calls the services make: the gateway to the subgraphs, a subgraph to the feeds it follows', async () => {
    const policies = byKind(objects, 'NetworkPolicy');
    const pods = podsOf(objects);
    const expected = new Set<string>();
    for (const subgraph of supergraphSubgraphs) expected.add(`gateway→${subgraph}`);
    for (const service of SERVICES.filter((s) => s !== 'gateway')) {
      const deployment = named(objects, 'Deployment', service)!;
      const { env } = resolveEnv(objects, podSpecOf(deployment).containers[0]);
      const { read } = await readServiceConfig(service, env);
      for (const variable of read) {
        const target = /^([A-Z]+)_URL$/.exec(variable)?.[1]?.toLowerCase();
        if (target && SERVICES.includes(target) && target !== service) expected.add(`${service}→${target}`);
      }
    }
    const actual = new Set<string>();
    for (const from of pods) {
      for (const to of pods) {
        for (const [portName, port] of Object.entries(to.ports)) {
          if (from !== to && allowed(policies, from, { pod: to }, port)) {
            expect(portName, `${from.service} may reach ${to.service}'s ${portName} port: only monitoring should`).toBe('http');
            actual.add(`${from.service}→${to.service}`);
          }
        }
      }
    }
    expect([...actual].sort()).toEqual([...expected].sort());
  });

  it('lets only the subgraphs and the migration Job reach PostgreSQL', () => {
    const policies = byKind(objects, 'NetworkPolicy');
    const pods = podsOf(objects);
    const clusters = byKind(objects, 'Cluster');
    // The database: the Cluster's pods and its Pooler's (CloudNativePG),
    // or an address outside the cluster (10.20.0.0/24 in overlays/production).
    const databases: Destination[] = clusters.length
      ? [
          ...clusters.map((c) => ({ pod: { service: c.metadata.name, labels: { 'cnpg.io/cluster': c.metadata.name }, ports: {} } })),
          ...byKind(objects, 'Pooler').map((p) => ({
            pod: { service: p.metadata.name, labels: { 'cnpg.io/poolerName': p.metadata.name }, ports: {} },
          })),
        ]
      : [{ address: '10.20.0.10' }];
    const subgraphs = SERVICES.filter((s) => s !== 'gateway');
    for (const pod of pods) {
      const reaches = databases.some((database) => [5432, 6432].some((port) => allowed(policies, pod, database, port)));
      expect(reaches, `${pod.service} reaches PostgreSQL`).toBe([...subgraphs, 'migrate'].includes(pod.service));
    }
    if (clusters.length) {
      // …and the Pooler reaches the Cluster, its instances each other.
      const [cluster] = databases as { pod: Pod }[];
      for (const database of databases as { pod: Pod }[])
        expect(allowed(policies, database.pod, cluster!, 5432), database.pod.service).toBe(true);
    }
  });

  it('lets the Ingress reach only the gateway, with long-lived WebSocket upgrades and no sticky sessions', () => {
    const [ingress, ...others] = byKind(objects, 'Ingress');
    expect(others).toEqual([]);
    const backends = ingress!.spec.rules.flatMap((rule: any) => rule.http.paths.map((path: any) => path.backend.service));
    expect(backends).toEqual([{ name: 'gateway', port: { name: 'http' } }]);
    const annotations = ingress!.metadata.annotations ?? {};
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
    expect(annotations['nginx.ingress.kubernetes.io/proxy-http-version']).toBe('1.1');
    expect(Object.keys(annotations).filter((a) => /affinity|session-cookie|upstream-hash-by/.test(a))).toEqual([]);
    // The gateway's keep-alive outlasts the controller's upstream idle timeout (60 s), or requests meet closed sockets.
    expect(Number(named(objects, 'ConfigMap', 'graph-config')!.data.HTTP_KEEP_ALIVE_TIMEOUT_MS)).toBeGreaterThan(60_000);
  });

  it.runIf(name === 'overlays/cloudnative-pg')(
    'runs PostgreSQL as a CloudNativePG Cluster behind a transaction-mode Pooler (shape checked: no CRD schema offline)',
    () => {
      const [cluster] = byKind(objects, 'Cluster');
      expect(cluster).toMatchObject({
        apiVersion: 'postgresql.cnpg.io/v1',
        spec: { bootstrap: { initdb: { database: 'app', owner: 'app' } } },
      });
      expect(cluster!.spec.instances).toBeGreaterThanOrEqual(2);
      expect(Number.isInteger(cluster!.spec.instances)).toBe(true);
      expect(cluster!.spec.storage.size).toMatch(/^\d+(Gi|Ti)$/);
      for (const value of Object.values(cluster!.spec.postgresql.parameters)) expect(typeof value).toBe('string');
      const [pooler] = byKind(objects, 'Pooler');
      expect(pooler).toMatchObject({
        apiVersion: 'postgresql.cnpg.io/v1',
        spec: { cluster: { name: cluster!.metadata.name }, type: 'rw', pgbouncer: { poolMode: 'transaction' } },
      });
      for (const backup of byKind(objects, 'ScheduledBackup')) {
        expect(backup.spec.cluster.name).toBe(cluster!.metadata.name);
        expect(backup.spec.schedule.split(' ')).toHaveLength(6); // CloudNativePG's schedule has seconds first
      }
      expect(named(objects, 'Secret', 'graph-database'), 'the operator provides the database credentials').toBeUndefined();
      for (const service of SUBGRAPHS.map((s) => s.name)) {
        const { env } = resolveEnv(objects, podSpecOf(named(objects, 'Deployment', service)!).containers[0]);
        expect(new URL(env.DATABASE_URL!).hostname).toBe(pooler!.metadata.name);
        expect(new URL(env.DATABASE_LISTEN_URL!).hostname).toBe(`${cluster!.metadata.name}-rw.${NAMESPACE}`);
      }
    },
  );
});

describe('the connection budget (README, Connections)', () => {
  const base = rendered.find((r) => r.name === 'base')!.objects;
  const cnpg = rendered.find((r) => r.name === 'overlays/cloudnative-pg')!.objects;
  const readme = readFileSync(repoPath('README.md'), 'utf8');
  /** Listeners per replica: one where the subgraph serves its outbox to subscriptions. */
  const listenersOf = (service: string) => {
    const server = repoPath('subgraphs', service, 'src', 'server.ts');
    return existsSync(server) && readFileSync(server, 'utf8').includes('serveOutboxEvents(') ? 1 : 0;
  };
  /** The migration Job (scripts/migrate.ts): a pool of 2, one subgraph at a time, and its lock's connection. */
  const JOB = 3;
  const rows = SERVICES.filter((s) => s !== 'gateway').map((service) => {
    const autoscaler = named(base, 'HorizontalPodAutoscaler', service)!;
    const { env } = resolveEnv(base, podSpecOf(named(base, 'Deployment', service)!).containers[0]);
    const pool = Number(env.DATABASE_POOL_SIZE);
    const listeners = listenersOf(service);
    const [min, max] = [autoscaler.spec.minReplicas as number, autoscaler.spec.maxReplicas as number];
    return { service, min, max, pool, listeners, direct: [min * (pool + listeners), max * (pool + listeners)] };
  });
  const total = [0, 1].map((i) => rows.reduce((sum, row) => sum + row.direct[i]!, JOB));

  it("matches the manifests' replicas, pools and the code's listeners, row by row", () => {
    expect(readFileSync(repoPath('scripts', 'migrate.ts'), 'utf8')).toContain('ormOptions(config.databaseListenUrl, 2, logger)');
    for (const row of rows) {
      expect(readme).toContain(
        `| ${row.service} | ${row.min}–${row.max} | ${row.pool} | ${row.listeners} | ${row.direct[0]} / ${row.direct[1]} |`,
      );
    }
    expect(readme).toContain(`| migration Job | 1 | 2 | 1 | ${JOB} / ${JOB} |`);
    expect(readme).toContain(`| **total** | | | | **${total[0]} / ${total[1]}** |`);
  });

  it("fits the CloudNativePG Cluster's max_connections, directly and through the Pooler", () => {
    const [cluster] = byKind(cnpg, 'Cluster');
    const [pooler] = byKind(cnpg, 'Pooler');
    const available = Number(cluster!.spec.postgresql.parameters.max_connections) - 3; // superuser_reserved_connections
    expect(total[1]).toBeLessThanOrEqual(available);
    const server = pooler!.spec.instances * Number(pooler!.spec.pgbouncer.parameters.default_pool_size);
    const listeners = rows.reduce((sum, row) => sum + row.max * row.listeners, 0);
    expect(readme).toContain(`${pooler!.spec.instances} × ${pooler!.spec.pgbouncer.parameters.default_pool_size} in the overlay`);
    expect(readme).toContain(`${server} + ${listeners} + ${JOB} = ${server + listeners + JOB}`);
    expect(server + listeners + JOB).toBeLessThanOrEqual(available);
    // The Pooler takes every replica's pool at once.
    expect(rows.reduce((sum, row) => sum + row.max * row.pool, 0)).toBeLessThanOrEqual(
      pooler!.spec.instances * Number(pooler!.spec.pgbouncer.parameters.max_client_conn),
    );
  });
});
