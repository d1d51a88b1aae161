/**
 * Lint is what keeps the layers of docs/engineering.md ("Layers") apart; this proves it does.
 * Each probe is a file that exists only in memory, placed in a real project's source folder
 * and linted with the repository's ESLint configuration. The projects come from the Nx
 * project graph, so a new project is covered without editing this file; the layer order is
 * written here rather than read from eslint.config.js, so loosening the configuration fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readCachedProjectGraph, type ProjectGraph, type ProjectGraphProjectNode } from '@nx/devkit';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../..');
const RULE = '@nx/enforce-module-boundaries';
/** Lowest first: each may import its own layer and the ones below it. */
const LAYERS = ['type:infra', 'type:domain', 'type:intelligence', 'type:platform', 'type:app'];
const TESTING = 'type:testing';
const ALL_LAYERS = [...LAYERS, TESTING];

let graph: ProjectGraph;
let eslint: ESLint;

beforeAll(() => {
  // The rule reads the cached project graph: rebuild it so the tags on disk are the ones checked.
  execFileSync('npx', ['nx', 'show', 'projects'], { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
  graph = readCachedProjectGraph();
  // ESLint would import() eslint.config.js, which Jest's CommonJS runtime cannot: hand it the same config.
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: require(path.join(ROOT, 'eslint.config.js')) });
}, 120_000);

const projects = () => Object.values(graph.nodes);
const layersOf = (p: ProjectGraphProjectNode) => (p.data.tags ?? []).filter((t) => ALL_LAYERS.includes(t));
const inLayer = (layer: string) => projects().filter((p) => layersOf(p)[0] === layer);
const isDashboard = (p: ProjectGraphProjectNode) => (p.data.tags ?? []).includes('scope:dashboard');
/** The dashboard and the browser-safe libs: their scope rule speaks before the layers do. */
const isBrowserScoped = (p: ProjectGraphProjectNode) => (p.data.tags ?? []).some((t) => t === 'scope:dashboard' || t === 'scope:browser');

/** How other code imports a project: the nearest package name plus the path below it (libs/health/testing → @northstar/health/testing). */
function importPathOf(p: ProjectGraphProjectNode): string | undefined {
  for (let dir = p.data.root; dir !== '.'; dir = path.dirname(dir)) {
    const pkg = path.join(ROOT, dir, 'package.json');
    if (existsSync(pkg)) return path.posix.join(JSON.parse(readFileSync(pkg, 'utf8')).name, path.relative(dir, p.data.root));
  }
  return undefined;
}

/** Whether `from` depends on `to`: an import the other way would close a cycle, which the rule reports instead. */
function reaches(from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    const next = queue.shift()!;
    if (next === to) return true;
    for (const { target } of graph.dependencies[next] ?? []) {
      if (seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return false;
}

/** A production project of `layer` (not a browser-scoped one) that may probe an import of `target`. */
function sourceFor(layer: string, target: ProjectGraphProjectNode): ProjectGraphProjectNode {
  const source = inLayer(layer).find((s) => s !== target && !isBrowserScoped(s) && !reaches(target.name, s.name));
  if (!source) throw new Error(`no ${layer} project can probe an import of ${target.name}`);
  return source;
}

/** Importable projects of a layer, each with the import path other code would write. */
const importable = (layer: string) =>
  inLayer(layer).flatMap((p) => {
    const imp = importPathOf(p);
    return imp ? [{ project: p, imp }] : [];
  });

async function boundaryErrors(source: ProjectGraphProjectNode, code: string, file = 'layer-probe.ts'): Promise<string[]> {
  const filePath = path.join(ROOT, source.data.sourceRoot ?? source.data.root, file);
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

const onlyDependOn = (layer: string) => [expect.stringContaining(`A project tagged with "${layer}" can only depend on libs tagged with`)];

// Apps are never a target: Nx refuses imports of apps whatever the tags say.
const libLayers = LAYERS.filter((l) => l !== 'type:app');
const upward = libLayers.flatMap((to, j) => libLayers.slice(0, j).map((from) => [from, to]));
const allowed = LAYERS.flatMap((from, i) => libLayers.slice(0, i + 1).map((to) => [from, to]));

it('gives every project exactly one layer', () => {
  const wrong = projects().filter((p) => layersOf(p).length !== 1).map((p) => `${p.name} [${(p.data.tags ?? []).join(', ')}]`);
  expect(wrong).toEqual([]);
});

it.each(upward)('fails lint when %s imports %s', async (from, to) => {
  const { project, imp } = importable(to)[0];
  expect(await boundaryErrors(sourceFor(from, project), `import '${imp}';\n`)).toEqual(onlyDependOn(from));
});

it.each(allowed)('lets %s import %s', async (from, to) => {
  const { project, imp } = importable(to)[0];
  expect(await boundaryErrors(sourceFor(from, project), `import '${imp}';\n`)).toEqual([]);
});

it.each(LAYERS)('fails lint when %s production code imports test support', async (from) => {
  const support = importable(TESTING);
  expect(support.map((s) => s.imp)).toEqual(expect.arrayContaining(['@northstar/testing', '@northstar/health/testing']));
  for (const { project, imp } of support) {
    expect({ imp, errors: await boundaryErrors(sourceFor(from, project), `import '${imp}';\n`) }).toEqual({ imp, errors: onlyDependOn(from) });
  }
});

it("fails lint when a lib's production code imports its own testing entry", async () => {
  const entries = importable(TESTING).filter(({ project }) => project.name.endsWith('-testing'));
  expect(entries.length).toBeGreaterThan(0);
  for (const { project, imp } of entries) {
    const owner = graph.nodes[project.name.slice(0, -'-testing'.length)];
    expect(await boundaryErrors(owner, `import '${imp}';\n`)).toEqual(onlyDependOn(layersOf(owner)[0]));
    expect(await boundaryErrors(owner, `import '../testing';\n`)).toEqual([
      expect.stringContaining('Projects cannot be imported by a relative or absolute path'),
    ]);
  }
});

it('fails lint when production code imports the offline migration tool', async () => {
  const prisma = graph.nodes['prisma'];
  const tool = path.relative(path.join(ROOT, prisma.data.sourceRoot!), path.join(ROOT, 'tools/prisma-migrate'));
  expect(await boundaryErrors(prisma, `import '${tool}';\n`)).toEqual([
    expect.stringContaining('External resources cannot be imported using a relative or absolute path'),
  ]);
});

it('lets tests and test support import test support', async () => {
  const support = importable(TESTING).map(({ imp }) => `import '${imp}';\n`).join('');
  const [{ project: lib }] = importable('type:domain');
  expect(await boundaryErrors(lib, support, 'layer-probe.spec.ts')).toEqual([]);
  expect(await boundaryErrors(graph.nodes['health-testing'], support)).toEqual([]);
});

it('keeps the dashboard and browser-safe libs off server code', async () => {
  const dashboard = projects().find(isDashboard)!;
  expect(await boundaryErrors(dashboard, `import '@northstar/config';\n`)).toEqual([
    expect.stringContaining('A project tagged with "scope:dashboard" can only depend on libs tagged with'),
  ]);
  const browser = projects().filter((p) => (p.data.tags ?? []).includes('scope:browser'));
  expect(browser.length).toBeGreaterThan(0);
  for (const lib of browser) {
    expect(await boundaryErrors(dashboard, `import '${importPathOf(lib)}';\n`)).toEqual([]);
    expect(await boundaryErrors(lib, `import '@northstar/config';\n`)).toEqual([
      expect.stringContaining('A project tagged with "scope:browser" can only depend on libs tagged with'),
    ]);
    expect(await boundaryErrors(lib, `import '@nestjs/common';\n`)).toEqual([
      expect.stringContaining('A project tagged with "scope:browser" is not allowed to import "@nestjs/common"'),
    ]);
  }
});
