import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/** GitHub's issue body column at a 1280-pixel window: the width a pasted report is read at. */
const GITHUB_BODY_WIDTH = 830;

/**
 * The rules of github-markdown-css that decide a report's size: tables are blocks that scroll sideways when wider
 * than the column, cells are padded, code and fences use a smaller monospace font, details start closed.
 */
const GITHUB_CSS = `
body { margin: 0; }
.markdown-body { box-sizing: border-box; width: ${GITHUB_BODY_WIDTH}px; padding: 16px; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; word-wrap: break-word; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; margin: 0 0 16px; }
.markdown-body td, .markdown-body th { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body code { font: 85%/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: .2em .4em; }
.markdown-body pre { overflow: auto; padding: 16px; font: 85%/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.markdown-body pre code { padding: 0; font-size: 100%; }
`;

/** The report as GitHub's markdown (GFM: tables, autolinks, raw HTML such as details) turns it into HTML. */
export function githubHtml(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

export interface PageLayout {
  /** Height of the page with every `<details>` closed, as a reader first sees it. */
  height: number;
  /** Height with every `<details>` open. */
  openHeight: number;
  /** Tables wider than the column (GitHub then scrolls them sideways), every `<details>` open: first header cell, widths. */
  overflowingTables: { head: string; scrollWidth: number; clientWidth: number }[];
  /** Mermaid blocks' heights are GitHub's to decide; counted apart as the number of arrows. */
  mermaidArrows: number[];
  /** Where each section (h2) starts, from the top of the page, details closed. */
  sections: { heading: string; top: number }[];
}

/** Debian's Chromium, where the project's CI installs it; null where there is none. */
export function chromiumPath(): string | null {
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(path)) return path;
  return null;
}

/**
 * Lays the rendered report out in headless Chromium at GitHub's column width and reads back its size. The page
 * measures itself on load and writes the figures into the DOM, which `--dump-dom` prints.
 */
export function layOut(markdown: string, chromium: string, screenshot?: string): PageLayout {
  const dir = mkdtempSync(join(tmpdir(), 'codex-logs-page-'));
  try {
    const measure = `<script>
      const height = document.documentElement.scrollHeight;
      const sections = [...document.querySelectorAll('h2')].map((h) => ({ heading: h.textContent.trim(), top: Math.round(h.getBoundingClientRect().top + window.scrollY) }));
      for (const d of document.querySelectorAll('details')) d.open = true;
      const tables = [...document.querySelectorAll('table')].filter((t) => t.scrollWidth > t.clientWidth + 1)
        .map((t) => ({ head: (t.querySelector('th')?.textContent ?? '').trim(), scrollWidth: t.scrollWidth, clientWidth: t.clientWidth }));
      const mermaidArrows = [...document.querySelectorAll('pre code.language-mermaid')].map((c) => (c.textContent.match(/->>|-->>/g) ?? []).length);
      const out = document.createElement('output');
      out.id = 'layout';
      out.textContent = JSON.stringify({ height, openHeight: document.documentElement.scrollHeight, overflowingTables: tables, mermaidArrows, sections });
      document.body.append(out);
    </script>`;
    const page = join(dir, 'report.html');
    writeFileSync(
      page,
      `<!doctype html><meta charset="utf-8"><style>${GITHUB_CSS}</style><body><article class="markdown-body">${githubHtml(markdown)}</article>${measure}</body>`,
    );
    const flags = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--window-size=1280,900',
    ];
    const run = spawnSync(chromium, [...flags, '--dump-dom', `file://${page}`], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
    const found = /<output id="layout">(.*?)<\/output>/s.exec(run.stdout ?? '');
    if (found === null) throw new Error(`chromium printed no layout (exit ${run.status}): ${(run.stderr ?? '').slice(0, 500)}`);
    if (screenshot !== undefined)
      spawnSync(chromium, [...flags, `--screenshot=${screenshot}`, '--window-size=880,4000', `file://${page}`], { timeout: 120_000 });
    return JSON.parse(
      found[1]!
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    ) as PageLayout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
