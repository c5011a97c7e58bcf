#!/usr/bin/env node
// Outside judge for b2bgate's UBL billing output (tests/it/ubl_judge.rs): every FILE is checked
// against a Schematron (default: the CEN EN 16931 UBL rules, CEN-EN16931-UBL.sch) with
// node-schematron (pinned in package.json). Every failed assert (flag fatal or warning) is
// printed with its id and location; the process exits 1 if any file has a failed fatal assert.
//
// Usage: node check.js SCHEMATRON FILE...   Prints "OK FILE" or "FAIL FILE" followed by the
// failed asserts. Exit 0 all files pass, 1 some fatal assert failed, 2 usage / schematron error.
'use strict';

const fs = require('fs');
const { Schema } = require('node-schematron');

const [schPath, ...files] = process.argv.slice(2);
if (!schPath || files.length === 0) {
  console.error('usage: node check.js SCHEMATRON FILE...');
  process.exit(2);
}

let schema;
let schText = '';
try {
  schText = fs.readFileSync(schPath, 'utf8');
  schema = Schema.fromString(schText);
} catch (e) {
  console.error(`cannot load ${schPath}: ${e && e.message ? e.message : e}`);
  process.exit(2);
}

// The flag (fatal / warning) of each assert id, read from the schematron text: node-schematron's
// results carry the assert id but not its flag.
const flags = new Map();
for (const m of schText.matchAll(/<(?:\w+:)?assert\b[^>]*>/g)) {
  const id = /\bid="([^"]*)"/.exec(m[0]);
  const flag = /\bflag="([^"]*)"/.exec(m[0]);
  if (id) flags.set(id[1], flag ? flag[1] : 'fatal');
}

let failed = 0;
for (const file of files) {
  let results;
  try {
    results = schema.validateString(fs.readFileSync(file, 'utf8'), { debug: true });
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${file}: ${e && e.message ? e.message : e}`);
    continue;
  }
  const asserts = results.filter((r) => !r.isReport);
  const flagOf = (r) => flags.get(r.assertId) || 'fatal';
  const fatal = asserts.filter((r) => flagOf(r) !== 'warning');
  console.log(`${fatal.length > 0 ? 'FAIL' : 'OK'} ${file} (${asserts.length} failed assert(s), ${fatal.length} fatal)`);
  for (const r of asserts) {
    const flag = flagOf(r);
    const id = r.assertId || '?';
    const msg = String(r.message || '').replace(/\s+/g, ' ').trim();
    console.log(`  [${flag}] ${id}: ${msg}`);
  }
  if (fatal.length > 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
