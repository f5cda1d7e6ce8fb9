import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

/**
 * deploy/kubernetes rendered as `kubectl apply -k` would, without kustomize (not on the machine):
 * the subset of kustomize the manifests use, and nothing else — `resources` (files and
 * directories with their own kustomization.yaml), `patches` given by `path` (strategic merge:
 * maps merge key by key, `null` deletes a key, the lists Kubernetes merges by `name` —
 * containers, env, volumes — merge item by item, other lists are replaced whole, and a patch
 * with `$patch: delete` removes the object), then `namespace`, `labels` (metadata only) and
 * `images`. Any other kustomization field fails the rendering, so a manifest cannot start
 * relying on something this does not do.
 */

export const ROOT = join(import.meta.dirname, '..');
export const KUBERNETES = join(ROOT, 'deploy', 'kubernetes');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: any;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  patches?: { path: string }[];
  namespace?: string;
  labels?: { pairs: Record<string, string> }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'patches', 'namespace', 'labels', 'images']);

/** Every YAML document of a file (comments and empty documents dropped); a syntax error throws, naming the file. */
export function readYaml(path: string): any[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  return documents.flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors.map((e) => e.message).join('; ')}`);
    const value = document.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

/** Every YAML file under deploy/ (the Kubernetes manifests, the observability configuration). */
export function yamlFiles(dir = join(ROOT, 'deploy')): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

/** Lists Kubernetes' strategic merge merges item by item, and the field naming an item. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `patch` merged into `target` (neither is changed). */
export function strategicMerge(target: any, patch: any): any {
  if (!isObject(target) || !isObject(patch)) return structuredClone(patch);
  const merged: Record<string, any> = structuredClone(target);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete merged[key];
    } else if (Array.isArray(value) && MERGE_KEYS[key] && Array.isArray(merged[key])) {
      const mergeKey = MERGE_KEYS[key];
      const list: any[] = merged[key];
      for (const item of value) {
        const at = list.findIndex((existing) => existing[mergeKey] === item[mergeKey]);
        if (item.$patch === 'delete') {
          if (at >= 0) list.splice(at, 1);
        } else if (at >= 0) {
          list[at] = strategicMerge(list[at], item);
        } else {
          list.push(structuredClone(item));
        }
      }
    } else {
      merged[key] = key in merged ? strategicMerge(merged[key], value) : structuredClone(value);
    }
  }
  return merged;
}

const NOT_NAMESPACED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
]);

/** Every container of an object that has pods: a Deployment's, a Job's. */
export function podSpecOf(object: K8sObject): any | undefined {
  return object.spec?.template?.spec;
}

/** The objects `kubectl apply -k <dir>` would create (see the module's comment for what is supported). */
export function render(dir: string): K8sObject[] {
  const kustomizationPath = join(dir, 'kustomization.yaml');
  const [kustomization] = readYaml(kustomizationPath) as [Kustomization];
  const unsupported = Object.keys(kustomization).filter((field) => !KUSTOMIZATION_FIELDS.has(field));
  if (unsupported.length > 0) throw new Error(`${kustomizationPath}: ${unsupported.join(', ')} not supported by test/deploy-kubernetes.ts`);
  let objects: K8sObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    if (!existsSync(path)) throw new Error(`${kustomizationPath}: resource ${resource} does not exist`);
    objects.push(...(statSync(path).isDirectory() ? render(path) : (readYaml(path) as K8sObject[])));
  }
  for (const { path } of kustomization.patches ?? []) {
    for (const patch of readYaml(join(dir, path)) as K8sObject[]) {
      const at = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (at < 0) throw new Error(`${join(dir, path)}: patches ${patch.kind} ${patch.metadata.name}, which no resource defines`);
      if (patch.$patch === 'delete') objects.splice(at, 1);
      else objects[at] = strategicMerge(objects[at], patch);
    }
  }
  objects = objects.map((object) => {
    const copy = structuredClone(object);
    if (kustomization.namespace && !NOT_NAMESPACED.has(copy.kind)) copy.metadata.namespace = kustomization.namespace;
    for (const { pairs } of kustomization.labels ?? []) copy.metadata.labels = { ...copy.metadata.labels, ...pairs };
    for (const container of podSpecOf(copy)?.containers ?? []) {
      for (const image of kustomization.images ?? []) {
        const [name, tag] = String(container.image).split(':');
        if (name === image.name) container.image = `${image.newName ?? name}:${image.newTag ?? tag ?? 'latest'}`;
      }
    }
    return copy;
  });
  return objects;
}

/** The overlays, each a directory of deploy/kubernetes/overlays, and the base. */
export function kustomizations(): { name: string; dir: string }[] {
  const overlays = join(KUBERNETES, 'overlays');
  return [
    { name: 'base', dir: join(KUBERNETES, 'base') },
    ...readdirSync(overlays).map((name) => ({ name: `overlays/${name}`, dir: join(overlays, name) })),
  ];
}

/** The module path of the kubernetes-models class for an apiVersion and kind (`apps/v1` `Deployment`, `v1` `Service`). */
export function modelPath(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/** Does a label selector (`matchLabels`, `matchExpressions`) select these labels? An empty selector selects everything. */
export function selects(selector: any, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const has = key(expression) in labels;
    const value = labels[key(expression)];
    switch (expression.operator) {
      case 'In':
        if (!has || !expression.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && expression.values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${expression.operator}`);
    }
  }
  return true;
}
const key = (expression: { key: string }) => expression.key;

/** Where a path of the Dockerfile's final image comes from: `COPY --from=build /app/<path> <path>` lines. */
export function imagePaths(): string[] {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m);
  const final = stages.at(-1)!;
  return [...final.matchAll(/^COPY --from=build \/app\/(\S+) (\S+)$/gm)].map((match) => match[2]!);
}

export const repoPath = (...parts: string[]) => join(ROOT, ...parts);
export const folderOf = (path: string) => dirname(path);

/**
 * kubernetes-models' validators accept fields they do not know, which `kubectl apply` (strict
 * field validation) refuses: a misspelt `readinesProbe` would pass them and fail in the cluster.
 * So each object is also checked against the models' TypeScript interfaces as an object literal,
 * whose excess-property check finds an unknown field at any depth. Returns the compiler's
 * complaints, each naming the object.
 */
export function unknownFields(objects: K8sObject[]): string[] {
  const dir = join(ROOT, 'node_modules', '.cache', 'ncsa-graph-test', `deploy-types-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `objects-${Date.now()}.mts`);
  const lines = objects.map((object, i) => {
    const type = `I${object.kind}`;
    return `import type { ${type} as T${i} } from '${modelPath(object.apiVersion, object.kind)}';\nexport const o${i}: T${i} = ${JSON.stringify(object)};`;
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    const source = program.getSourceFile(file)!;
    return ts.getPreEmitDiagnostics(program, source).map((diagnostic) => {
      const line = diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
      const object = objects[Math.floor(line / 2)];
      return `${object?.kind}/${object?.metadata.name}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
