// Starts the real `motcua serve --demo --port 0` on a throwaway database and reads its port from
// the "listening on http://HOST:PORT" line, as the C++ integration tests do.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

function findBinary() {
  if (process.env.MOTCUA_BINARY) return process.env.MOTCUA_BINARY;
  for (const dir of ['build/debug', 'build/release', 'build/h-web']) {
    const p = path.join(ROOT, dir, 'motcua');
    if (fs.existsSync(p)) return p;
  }
  throw new Error('motcua binary not found: build it or set MOTCUA_BINARY');
}

// `extraArgs` are added to the command line (e.g. ['--smtp-url', 'smtp://127.0.0.1:2525']).
async function startServer(extraArgs = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-'));
  const args = ['serve', '--demo', '--port', '0', '--address', '127.0.0.1',
                '--db', path.join(dir, 'motcua.db'), '--data-dir', ROOT, ...extraArgs];
  const child = spawn(findBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + out)), 60000);
    const check = () => {
      const m = out.match(/listening on (http:\/\/[^:\s]+:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace('localhost', '127.0.0.1')); }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error('server exited ' + code + ':\n' + out)); });
  });
  return {
    url,
    dbPath: path.join(dir, 'motcua.db'),  // for `motcua import` beside the running server
    binary: findBinary(),
    log: () => out,
    stop: () => new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => { fs.rmSync(dir, { recursive: true, force: true }); resolve(); });
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10000).unref();
    }),
  };
}

module.exports = { startServer, ROOT };
