#!/usr/bin/env node
// Outside judge for b2bgate's EDIFACT output (tests/it/edifact_judge.rs): every FILE must go
// through npm `edifact` (pinned in package.json) — its streaming Parser with a Validator loaded
// with the library's segment and element definitions (element counts, component counts, an/n
// formats and lengths) and the character repertoire of the interchange's syntax level (UNB S001:
// UNOA, UNOB, UNOC, UNOY; UNOW is read as UNOY, the UTF-8 octets it declares).
//
// Usage: node check.js FILE...   Prints "OK FILE" or "FAIL FILE: error" per file; exits 1 if any
// file failed (or none was given).
'use strict';

const fs = require('fs');
const { Parser, Validator } = require('edifact');
const segments = require('edifact/segments.js');
const elements = require('edifact/elements.js');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.js FILE...');
  process.exit(2);
}

const LEVELS = { UNOA: 'UNOA', UNOB: 'UNOB', UNOC: 'UNOC', UNOY: 'UNOY', UNOW: 'UNOY' };

let failed = 0;
for (const file of files) {
  try {
    const bytes = fs.readFileSync(file);
    const probe = bytes.toString('latin1');
    const m = /UNB\+(UNO[A-Z])/.exec(probe);
    if (!m) throw new Error('no UNB with a syntax identifier');
    const level = LEVELS[m[1]];
    if (!level) throw new Error(`syntax level ${m[1]} is not one the judge reads`);
    const text = level === 'UNOY' ? bytes.toString('utf8') : probe;
    const validator = new Validator();
    validator.define(segments);
    validator.define(elements);
    const parser = new Parser(validator);
    parser.encoding(level);
    const names = [];
    parser.on('opensegment', (s) => names.push(s));
    parser.write(text);
    parser.end();
    if (names[0] !== 'UNB' && names[0] !== 'UNA') throw new Error(`starts with ${names[0]}`);
    if (names[names.length - 1] !== 'UNZ') throw new Error(`ends with ${names[names.length - 1]}`);
    const messages = names.filter((n) => n === 'UNH').length;
    console.log(`OK ${file} (${level}, ${names.length} segments, ${messages} message(s))`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${file}: ${e && e.message ? e.message : e}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
