#!/usr/bin/env node
// A stand-in for the native `solc` binary, built on the npm `solc` package (the same compiler
// compiled to WebAssembly, identical bytecode for the same version). It answers the two ways
// py-solc-x and brownie call solc: `--version` and `--standard-json` (JSON on stdin, JSON on
// stdout), and resolves imports from the working directory, `--base-path`, `--include-path` and
// `--allow-paths` folders, as the native binary does.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

function parseArgs(argv) {
  const args = { searchDirs: [process.cwd()], mode: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--version' || a === '-v') args.mode = 'version';
    else if (a === '--standard-json') args.mode = 'standard-json';
    else if (a === '--allow-paths' || a === '--base-path' || a === '--include-path') {
      for (const dir of (argv[++i] || '').split(',')) if (dir) args.searchDirs.push(path.resolve(dir));
    } else if (a.startsWith('--allow-paths=') || a.startsWith('--base-path=') || a.startsWith('--include-path=')) {
      for (const dir of a.slice(a.indexOf('=') + 1).split(',')) if (dir) args.searchDirs.push(path.resolve(dir));
    }
  }
  return args;
}

function importResolver(searchDirs) {
  return (importPath) => {
    const candidates = path.isAbsolute(importPath)
      ? [importPath]
      : searchDirs.map((dir) => path.join(dir, importPath));
    for (const candidate of candidates) {
      try {
        return { contents: fs.readFileSync(candidate, 'utf8') };
      } catch (_) { /* try the next folder */ }
    }
    return { error: `File not found: ${importPath} (searched ${searchDirs.join(', ')})` };
  };
}

const args = parseArgs(process.argv.slice(2));
if (args.mode === 'version') {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
} else if (args.mode === 'standard-json') {
  const input = fs.readFileSync(0, 'utf8');
  process.stdout.write(solc.compile(input, { import: importResolver(args.searchDirs) }));
} else {
  process.stderr.write('solcjs-launcher: only --version and --standard-json are supported\n');
  process.exit(2);
}
