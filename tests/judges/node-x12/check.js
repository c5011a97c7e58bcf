#!/usr/bin/env node
// Outside judge for b2bgate's X12 output (tests/it/x12_judge.rs): every FILE must parse under
// node-x12 (pinned in package.json) in strict mode, `new X12Parser(true).parse(text)`, which
// throws on a malformed ISA (length, delimiters), segments outside their group or set, and
// IEA01/IEA02, GE01/GE02 and SE01/SE02 that do not match what they close.
//
// TA1 output is NOT fed to this judge: node-x12 rejects a TA1 between ISA and GS (and an
// interchange made of a TA1 alone) as "segment cannot appear outside of a functional group",
// although X12 puts it exactly there (aaronhuggins/node-x12#46).
//
// Usage: node check.js FILE...   Prints "OK FILE" or "FAIL FILE: error" per file; exits 1 if any
// file failed (or none was given).
'use strict';

const fs = require('fs');
const { X12Parser } = require('node-x12');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.js FILE...');
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const parsed = new X12Parser(true).parse(text);
    const interchanges = parsed.interchanges !== undefined ? parsed.interchanges : [parsed];
    if (interchanges.length === 0 || interchanges.some((ic) => ic.header === undefined || ic.trailer === undefined)) {
      throw new Error('no complete ISA…IEA interchange');
    }
    const sets = interchanges
      .flatMap((ic) => ic.functionalGroups)
      .flatMap((g) => g.transactions)
      .map((t) => t.header.valueOf(1));
    console.log(`OK ${file} (${interchanges.length} interchange(s), sets: ${sets.join(' ') || 'none'})`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${file}: ${e && e.message ? e.message : e}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
