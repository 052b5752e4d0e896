// What both peer scripts share: loading augurs' wasm modules from the scratch install, Markdown tables.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// augurs ships one wasm-bindgen module per feature; in node each is initialised from its .wasm bytes
// (the default initialiser would fetch() them, as in a browser).
export async function loadAugurs(packageDir, names) {
  const modules = {};
  for (const name of names) {
    const module = await import(pathToFileURL(path.join(packageDir, `${name}.js`)).href);
    module.initSync({ module: fs.readFileSync(path.join(packageDir, `${name}_bg.wasm`)) });
    modules[name] = module;
  }
  return modules;
}

export function mean(values) {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}

// `numeric[i]`: column i holds figures (right-aligned); the others are text.
export function markdownTable(header, rows, numeric) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (numeric[i] ? '---:' : '---'))), ...rows.map(line)].join('\n');
}
