#!/usr/bin/env node
// The JavaScript each layout loads before it shows anything, gzip-compressed (zlib's default
// level, as a web server would send it). Run after `vite build`:
//   node scripts/bundle-size.mjs [outDir=dist] [--json]
// Initial = the scripts dist/index.html loads (entry and module preloads) and every chunk they
// import statically, plus the layout main.tsx imports for the mode (src/ui/App.tsx, or
// src/embed/EmbedApp.tsx for ?embed=1&panel=none) with its static imports. Workers and what a
// layout imports on demand (panels, Plotly, the expression compiler) are not initial.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LAYOUTS = { full: 'src/ui/App.tsx', embed: 'src/embed/EmbedApp.tsx' };

/** Scripts the HTML loads itself, as manifest file paths (`assets/…`). */
function htmlScripts(html) {
  const srcs = [...html.matchAll(/<script[^>]*\bsrc="\/?([^"]+\.js)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+\.js)"/g)];
  return srcs.map((m) => m[1]);
}

/** The manifest keys `key` loads before it runs: itself and its static imports, transitively. */
function staticClosure(manifest, key, into = new Set()) {
  if (into.has(key)) return into;
  if (!manifest[key]) throw new Error(`${key} is not in the Vite manifest`);
  into.add(key);
  for (const imported of manifest[key].imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

/** Sizes of the initial JavaScript of each layout in a build directory. */
export function bundleSizes(outDir) {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'));
  const fileOf = (key) => manifest[key].file;
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entry) throw new Error('The Vite manifest has no entry');
  const fromHtml = htmlScripts(readFileSync(join(outDir, 'index.html'), 'utf8'));
  const modes = {};
  for (const [mode, layout] of Object.entries(LAYOUTS)) {
    const keys = staticClosure(manifest, layout, staticClosure(manifest, entry));
    const files = [...new Set([...fromHtml, ...[...keys].map(fileOf)])].sort();
    const texts = files.map((f) => readFileSync(join(outDir, f)));
    modes[mode] = {
      files,
      rawBytes: texts.reduce((n, t) => n + t.length, 0),
      gzipBytes: texts.reduce((n, t) => n + gzipSync(t).length, 0),
      // Plotly's loader (plot code) among them: it names the Plotly chunk.
      mentionsPlotly: texts.some((t) => /plotly/i.test(t.toString('utf8'))),
    };
  }
  const chunks = Object.fromEntries(Object.entries(manifest).map(([key, v]) => [key, v.file]));
  return { outDir, modes, chunks, workers: manifest[entry].assets ?? [] };
}

const kB = (n) => `${(n / 1024).toFixed(1)} kB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const sizes = bundleSizes(args.find((a) => !a.startsWith('--')) ?? 'dist');
  if (args.includes('--json')) {
    console.log(JSON.stringify(sizes, null, 2));
  } else {
    console.log(`Initial JS of ${sizes.outDir} (gzip, zlib default level):`);
    for (const [mode, m] of Object.entries(sizes.modes)) {
      console.log(`  ${mode.padEnd(6)} ${kB(m.gzipBytes).padStart(9)} gzip  ${kB(m.rawBytes).padStart(9)} raw  ${m.files.length} files${m.mentionsPlotly ? '  (plot code)' : ''}`);
    }
  }
}
