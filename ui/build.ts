// Builds the screens under /ui/: one ES-module bundle with a chunk per page
// (the XLSX reader only loads when an XLSX file is chosen), plus the style
// sheet, into ui/dist, which api/plugins/ui.ts serves.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export const UI_DIST = path.join(__dirname, 'dist');

export async function buildUi(): Promise<void> {
  fs.rmSync(UI_DIST, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(__dirname, 'src', 'main.ts')],
    outdir: UI_DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(__dirname, 'static', 'ui.css'), path.join(UI_DIST, 'ui.css'));
}

if (require.main === module) {
  buildUi().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
