#!/usr/bin/env node
// Outside judge for b2bgate's UBL billing output (tests/it/ubl_judge.rs): every FILE is checked
// against a Schematron (the CEN EN 16931 UBL rules CEN-EN16931-UBL.sch, or the Peppol BIS
// Billing 3 rules PEPPOL-EN16931-UBL.sch) with node-schematron (pinned in package.json). Every failed assert (flag fatal or warning) is
// printed with its id and location; the process exits 1 if any file has a failed fatal assert.
//
// Usage: node check.js SCHEMATRON FILE...   Prints "OK FILE" or "FAIL FILE" followed by the
// failed asserts. Exit 0 all files pass, 1 some fatal assert failed, 2 usage / schematron error.
'use strict';

const fs = require('fs');
const { Schema, registerCustomXPathFunction } = require('node-schematron');

// The Peppol schematron (PEPPOL-EN16931-UBL.sch) declares helper functions as inline
// xsl:function elements (namespace "utils"), which node-schematron does not evaluate. They are
// registered here as JavaScript ports of the same XSLT. The Italian identifier checks
// (PEPPOL-COMMON-R044..R048, all flag="warning") are ported loosely (shape only).
const U = 'utils';
const str = (v) => (v === null || v === undefined ? '' : String(v));
const digitsOf = (s) => Array.from(s).map((c) => c.charCodeAt(0) - 48);
function register(name, arity, ret, fn) {
  registerCustomXPathFunction({ namespaceURI: U, localName: name },
    Array(arity).fill('xs:anyAtomicType?'), ret, (_ctx, ...args) => fn(...args.map(str)));
}
register('gln', 1, 'xs:boolean', (v) => {
  if (!/^[0-9]+$/.test(v)) return false;
  const d = digitsOf(v.slice(0, -1)).reverse();
  const sum = d.reduce((acc, x, i) => acc + x * (1 + (((i + 1) % 2) * 2)), 0);
  return (10 - (sum % 10)) % 10 === Number(v.slice(-1));
});
register('slack', 3, 'xs:boolean', (exp, val, slack) => {
  const [e, v, s] = [Number(exp), Number(val), Number(slack)];
  return e + s + 1e-9 >= v && e - s - 1e-9 <= v;
});
register('mod11', 1, 'xs:boolean', (v) => {
  const d = digitsOf(v.slice(0, -1)).reverse();
  const sum = d.reduce((acc, x, i) => acc + x * ((i % 6) + 2), 0);
  return Number(v) > 0 && (11 - (sum % 11)) % 11 === Number(v.slice(-1));
});
register('mod97-0208', 1, 'xs:boolean', (v) => {
  const calc = 97 - (parseInt(v.slice(0, 8), 10) % 97);
  return Number(v.slice(8, 10)) === calc;
});
register('abn', 1, 'xs:boolean', (v) => {
  const w = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const d = digitsOf(v);
  d[0] -= 1;
  return w.reduce((acc, x, i) => acc + x * d[i], 0) % 89 === 0;
});
register('TinVerification', 1, 'xs:boolean', (v) => {
  const d = digitsOf(v);
  const sum = [256, 128, 64, 32, 16, 8, 4, 2].reduce((acc, x, i) => acc + x * d[i], 0);
  return (sum % 11) % 10 === d[8];
});
register('checkSEOrgnr', 1, 'xs:boolean', (v) => {
  if (!/^[0-9]+$/.test(v)) return false;
  const main = digitsOf(v.slice(0, 9));
  const sum = main.reduce((acc, x, i) => {
    const y = i % 2 === 0 ? x * 2 : x;
    return acc + (y > 9 ? y - 9 : y);
  }, 0);
  return (10 - (sum % 10)) % 10 === Number(v.slice(9, 10));
});
register('checkCodiceIPA', 1, 'xs:boolean', (v) => /^[A-Za-z0-9]{6}$/.test(v));
register('checkCF', 1, 'xs:boolean', (v) => /^[A-Za-z0-9]{16}$/.test(v) || /^[0-9]{11}$/.test(v));
register('checkCF16', 1, 'xs:boolean', (v) => /^[A-Za-z0-9]{16}$/.test(v));
register('checkPIVAseIT', 1, 'xs:boolean', (v) => /^(IT)?[0-9]{11}$/.test(v));

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
