#!/usr/bin/env node
// Writes a facts-only extract of Flink's OpenAPI documents: paths, methods, operationIds, parameters,
// request and response schemas, and the component schemas they refer to. Prose (description, summary,
// examples, contact) is left out. Output is deterministic: keys sorted, two-space JSON with any value
// that fits on one line kept on one line (compact, and a change in the spec is a small diff).
// Usage:
//   node packages/flink-client/scripts/extract-openapi.js <in-dir> <out-dir>
// <in-dir> holds Flink's generated files as `<folder>/<name>.yml` (e.g. flink-2.1_2.2/rest_v1_dispatcher.yml);
// each becomes `<out-dir>/<folder>/<name>.json`.
'use strict';
const { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { parse } = require('yaml');

// Keys whose value is an object keyed by names (paths, schema names, property names, media types,
// status codes): their keys are data, never keywords, so a property called "description" stays.
const NAME_MAPS = new Set(['paths', 'schemas', 'properties', 'content', 'responses', 'mapping', 'headers', 'variables', 'securitySchemes', 'links', 'callbacks', 'encoding', 'parameters@components', 'requestBodies']);
// Keywords that carry prose or illustrations, not facts of the API.
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'externalDocs', 'contact', 'termsOfService']);
const WIDTH = 120;

/** The facts of one parsed OpenAPI document. */
function facts(node, key) {
  if (Array.isArray(node)) return node.map((item) => facts(item, undefined));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  const nameMap = NAME_MAPS.has(key);
  for (const name of Object.keys(node).sort()) {
    if (!nameMap && PROSE.has(name)) continue;
    // `components` maps kinds to name maps; every other child is keyed by its own keyword.
    out[name] = facts(node[name], nameMap ? undefined : key === 'components' ? componentKind(name) : name);
  }
  return out;
}

function componentKind(name) {
  return name === 'parameters' ? 'parameters@components' : NAME_MAPS.has(name) ? name : 'schemas';
}

/** JSON with sorted keys (already sorted by facts), one line per value unless it does not fit. */
function format(value, indent) {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + format(item, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${format(value[k], inner)}`).join(',\n')}\n${indent}}`;
}

/** The extract of one YAML document's text, as the bytes written to disk. */
function extractOpenApi(yamlText) {
  return `${format(facts(parse(yamlText), undefined), '')}\n`;
}

function main(inDir, outDir) {
  const written = [];
  for (const folder of readdirSync(inDir).sort()) {
    if (!statSync(join(inDir, folder)).isDirectory()) continue;
    for (const file of readdirSync(join(inDir, folder)).sort()) {
      if (!file.endsWith('.yml') && !file.endsWith('.yaml')) continue;
      mkdirSync(join(outDir, folder), { recursive: true });
      const target = join(outDir, folder, file.replace(/\.ya?ml$/, '.json'));
      writeFileSync(target, extractOpenApi(readFileSync(join(inDir, folder, file), 'utf8')));
      written.push(`${folder}/${file}`);
    }
  }
  if (written.length === 0) throw new Error(`no <folder>/<name>.yml files under ${inDir}`);
  process.stdout.write(`extracted ${written.length} files into ${outDir}\n`);
}

module.exports = { extractOpenApi };

if (require.main === module) {
  const [inDir, outDir] = process.argv.slice(2);
  if (inDir === undefined || outDir === undefined) {
    process.stderr.write('usage: extract-openapi.js <in-dir> <out-dir>\n');
    process.exitCode = 2;
  } else {
    main(inDir, outDir);
  }
}
