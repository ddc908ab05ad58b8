/**
 * The layers of src/ and the way imports may run between them, read off the real import statements (import,
 * import type, export … from, dynamic import() and import() types) with TypeScript's own parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The rule, bottom to top: a layer may import itself and the layers it names, nothing else. `holds` are folders
 * (`src/x/`) or `src/*.ts`, the files directly in src/. Everything the project imports goes through this table.
 */
const LAYERS: readonly { layer: string; holds: readonly string[]; mayImport: readonly string[]; why: string }[] = [
  { layer: 'util', holds: ['src/util/'], mayImport: [], why: 'helpers every layer uses: errors, plural, atomic writes, own copies' },
  { layer: 'model', holds: ['src/model/'], mayImport: [], why: 'the records every layer shares' },
  { layer: 'sources', holds: ['src/sources/'], mayImport: ['util', 'model'], why: 'read the outside world into typed records' },
  {
    layer: 'log-index',
    holds: ['src/log-index/'],
    mayImport: ['util', 'model', 'sources'],
    why: 'the log hot path: the one place that knows offsets and file identities',
  },
  { layer: 'analysis', holds: ['src/analysis/'], mayImport: ['util', 'model', 'sources'], why: 'pure judgement of merged, plain records' },
  { layer: 'render', holds: ['src/render/'], mayImport: ['util', 'model', 'sources', 'analysis'], why: 'one reporter per format, and redaction' },
  {
    layer: 'apply',
    holds: ['src/apply/'],
    mayImport: ['util', 'model', 'sources', 'analysis', 'render'],
    why: 'what writes (a bundle is redacted by render/redact.ts)',
  },
  {
    layer: 'run',
    holds: ['src/run/'],
    mayImport: ['util', 'model', 'sources', 'log-index', 'analysis', 'render', 'apply'],
    why: 'what every command shares: read and analyse, write out, say what went wrong',
  },
  {
    layer: 'commands',
    holds: ['src/commands/'],
    mayImport: ['util', 'model', 'sources', 'log-index', 'analysis', 'render', 'apply', 'run'],
    why: 'one thin file per command',
  },
  {
    layer: 'cli',
    holds: ['src/*.ts'],
    mayImport: ['util', 'model', 'sources', 'log-index', 'analysis', 'render', 'apply', 'run', 'commands'],
    why: 'cli.ts and the helpers only it uses',
  },
];

/** Modules that, inside their layer's rule, only some folders may import, and why. */
const PRIVATE_MODULES: readonly { module: string; onlyFrom: readonly string[]; why: string }[] = [
  {
    module: 'src/sources/desktop-log/read-file.ts',
    onlyFrom: ['src/sources/desktop-log/', 'src/log-index/'],
    why: 'the Desktop log reader hands out byte offsets, which only the log index turns into events and texts',
  },
];

interface Import {
  /** The module specifier as written. */
  specifier: string;
  /** 1-based line of the statement. */
  line: number;
  /** Set for a dynamic import() whose argument is not a string literal (which no rule can be checked for). */
  computed?: boolean;
}

/** Every import of a module in `text`: import and export declarations, import() calls and import() types. */
function importsOf(fileName: string, text: string): Import[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (node: ts.Node, specifier: string, computed = false) =>
    found.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, ...(computed ? { computed } : {}) });
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node, node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const argument = node.arguments[0];
      if (argument !== undefined && ts.isStringLiteralLike(argument)) add(node, argument.text);
      else add(node, argument?.getText(source) ?? '', true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The layer that holds a file of src/ (a path relative to the repository, with `/`), or null. */
function layerOf(file: string): string | null {
  for (const { layer, holds } of LAYERS) {
    for (const held of holds) {
      if (held === 'src/*.ts' ? /^src\/[^/]+\.ts$/.test(file) : file.startsWith(held)) return layer;
    }
  }
  return null;
}

/** The file of src/ a relative specifier names, from `file`; null for a package or a built-in. */
function targetOf(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
}

/** What is wrong with `file` importing `specifier`, or null when the rule allows it. */
function breach(file: string, imported: Import): string | null {
  const at = `${file}:${imported.line}`;
  if (imported.computed === true) return `${at} imports a computed module name (${imported.specifier}): no rule can be checked for it`;
  const target = targetOf(file, imported.specifier);
  if (target === null) return null;
  const from = layerOf(file);
  const to = layerOf(target);
  if (to === null) return `${at} imports ${target}, which is in no layer of the table`;
  const rule = LAYERS.find((l) => l.layer === from);
  if (rule === undefined) return `${at}: ${file} is in no layer of the table`;
  if (from !== to && !rule.mayImport.includes(to))
    return `${at} imports ${target}: ${from} may import ${rule.mayImport.join(', ') || 'nothing of the project'}, not ${to}`;
  const guarded = PRIVATE_MODULES.find((p) => p.module === target);
  if (guarded !== undefined && !guarded.onlyFrom.some((folder) => file.startsWith(folder)))
    return `${at} imports ${target}: only ${guarded.onlyFrom.join(', ')} may (${guarded.why})`;
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const FILES = sourceFiles('src');
const IMPORTS = new Map(FILES.map((file) => [file, importsOf(file, readFileSync(join(ROOT, file), 'utf8'))]));

describe('the layers of src/', () => {
  it('hold every file of src/', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.filter((file) => layerOf(file) === null)).toEqual([]);
  });

  it('import only downwards, as the table says', () => {
    const breaches = FILES.flatMap((file) => IMPORTS.get(file)!.flatMap((imported) => breach(file, imported) ?? []));
    expect(breaches).toEqual([]);
  });

  it('have no import cycle, between layers or within one', () => {
    const graph = new Map(FILES.map((file) => [file, IMPORTS.get(file)!.flatMap((i) => targetOf(file, i.specifier) ?? [])]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of FILES) walk(file, []);
    expect(cycles).toEqual([]);
  });
});

describe('the import checker', () => {
  const text = [
    "import { a } from '../analysis/a.js';",
    "import type { B } from '../render/b.js';",
    "import {\n  c,\n  type D,\n} from '../commands/c.js';",
    "export { e } from '../apply/e.js';",
    "export * from '../log-index/f.js';",
    "import '../commands/side-effect.js';",
    "const g = await import('../analysis/g.js');",
    "type H = typeof import('../render/h.js');",
    "const name = './x.js';\nconst i = await import(name);",
    "// import { no } from '../analysis/comment.js';",
    'const s = "import { no } from \'../analysis/string.js\'";',
    "import { readFileSync } from 'node:fs';",
    "import { y } from './sibling.js';",
  ].join('\n');

  it('finds every form of import, and none in comments or strings', () => {
    expect(importsOf('src/sources/x.ts', text).map((i) => [i.specifier, i.line])).toEqual([
      ['../analysis/a.js', 1],
      ['../render/b.js', 2],
      ['../commands/c.js', 3],
      ['../apply/e.js', 7],
      ['../log-index/f.js', 8],
      ['../commands/side-effect.js', 9],
      ['../analysis/g.js', 10],
      ['../render/h.js', 11],
      ['name', 13],
      ['node:fs', 16],
      ['./sibling.js', 17],
    ]);
  });

  it('refuses each import that runs the wrong way, and a computed one', () => {
    const breaches = importsOf('src/sources/x.ts', text).flatMap((i) => breach('src/sources/x.ts', i) ?? []);
    expect(breaches).toEqual([
      'src/sources/x.ts:1 imports src/analysis/a.ts: sources may import util, model, not analysis',
      'src/sources/x.ts:2 imports src/render/b.ts: sources may import util, model, not render',
      'src/sources/x.ts:3 imports src/commands/c.ts: sources may import util, model, not commands',
      'src/sources/x.ts:7 imports src/apply/e.ts: sources may import util, model, not apply',
      'src/sources/x.ts:8 imports src/log-index/f.ts: sources may import util, model, not log-index',
      'src/sources/x.ts:9 imports src/commands/side-effect.ts: sources may import util, model, not commands',
      'src/sources/x.ts:10 imports src/analysis/g.ts: sources may import util, model, not analysis',
      'src/sources/x.ts:11 imports src/render/h.ts: sources may import util, model, not render',
      'src/sources/x.ts:13 imports a computed module name (name): no rule can be checked for it',
    ]);
  });

  it('lets model and util import nothing of the project, and keeps the reader of offsets to the log index', () => {
    expect(breach('src/model/x.ts', { specifier: '../util/plural.js', line: 1 })).toBe(
      'src/model/x.ts:1 imports src/util/plural.ts: model may import nothing of the project, not util',
    );
    expect(breach('src/util/x.ts', { specifier: '../model/report.js', line: 1 })).toMatch(/util may import nothing of the project, not model/);
    expect(breach('src/analysis/x.ts', { specifier: '../log-index/fold.js', line: 1 })).toMatch(/analysis may import util, model, sources, not log-index/);
    expect(breach('src/sources/collect.ts', { specifier: './desktop-log/read-file.js', line: 1 })).toMatch(
      /only src\/sources\/desktop-log\/, src\/log-index\/ may/,
    );
    expect(breach('src/log-index/collect.ts', { specifier: '../sources/desktop-log/read-file.js', line: 1 })).toBeNull();
    expect(breach('src/cli.ts', { specifier: './commands/analyze.js', line: 1 })).toBeNull();
    expect(layerOf('src/cli.ts')).toBe('cli');
    expect(layerOf('src/new-folder/x.ts')).toBeNull();
  });
});

// The table is this file's: keep its rows' paths real.
describe('the table', () => {
  it('names folders that exist, each once, and says why each layer is where it is', () => {
    const held = LAYERS.flatMap((l) => l.holds).filter((h) => h !== 'src/*.ts');
    expect(new Set(held).size).toBe(held.length);
    for (const folder of held)
      expect(
        FILES.some((f) => f.startsWith(folder)),
        folder,
      ).toBe(true);
    for (const p of PRIVATE_MODULES) expect(FILES, p.module).toContain(p.module);
    for (const l of LAYERS) expect(l.why, l.layer).not.toBe('');
    for (const l of LAYERS)
      for (const below of l.mayImport)
        expect(
          LAYERS.findIndex((m) => m.layer === below),
          `${l.layer} → ${below}`,
        ).toBeLessThan(LAYERS.indexOf(l));
  });
});
