import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file the dashboard serves: its content type and where it is on disk. */
interface Asset {
  readonly type: string;
  readonly file: () => string;
}

// The page's own files sit in the package's public/ (beside dist/ and src/ alike).
const PUBLIC = join(__dirname, '..', 'public');
// uplot has no exports map (deep paths resolve); lightweight-charts exports its package.json.
const uplotDir = (): string => dirname(require.resolve('uplot/package.json'));
const lightweightDir = (): string => dirname(require.resolve('lightweight-charts/package.json'));

const ASSETS: Readonly<Record<string, Asset>> = {
  '/': { type: 'text/html; charset=utf-8', file: () => join(PUBLIC, 'index.html') },
  '/dashboard.js': { type: 'text/javascript; charset=utf-8', file: () => join(PUBLIC, 'dashboard.js') },
  '/dashboard.css': { type: 'text/css; charset=utf-8', file: () => join(PUBLIC, 'dashboard.css') },
  '/vendor/uplot.js': { type: 'text/javascript; charset=utf-8', file: () => join(uplotDir(), 'dist', 'uPlot.iife.min.js') },
  '/vendor/uplot.css': { type: 'text/css; charset=utf-8', file: () => join(uplotDir(), 'dist', 'uPlot.min.css') },
  '/vendor/lightweight-charts.js': { type: 'text/javascript; charset=utf-8', file: () => join(lightweightDir(), 'dist', 'lightweight-charts.standalone.production.js') },
};

const cache = new Map<string, Buffer>();

/**
 * The static file at a path of the dashboard (the page, its script and style, the chart libraries from the
 * installed packages: no CDN), or undefined. Read once, then kept.
 *
 * @example
 * ```ts
 * staticFile('/vendor/uplot.js')?.type // 'text/javascript; charset=utf-8'
 * ```
 */
export function staticFile(path: string): { type: string; body: Buffer } | undefined {
  const asset = ASSETS[path];
  if (asset === undefined) return undefined;
  let body = cache.get(path);
  if (body === undefined) cache.set(path, (body = readFileSync(asset.file())));
  return { type: asset.type, body };
}
