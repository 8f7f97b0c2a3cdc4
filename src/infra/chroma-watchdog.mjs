// Runs embedded Chroma on behalf of one Rounds process and kills it when that process goes away.
// Node has no PR_SET_PDEATHSIG, so a parent killed with SIGKILL cannot clean up its children itself. Instead
// Rounds holds the write end of this process's stdin: the kernel closes it however Rounds dies, stdin ends
// here, and the watchdog stops Chroma. Plain JavaScript so it starts in ~50 ms without a TypeScript loader.
//
// argv: <chroma cli.mjs> <data path> <port>   stdout: one line {"pid": <chroma pid>}
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';

const [cli, dataPath, port] = process.argv.slice(2);
if (!cli || !dataPath || !port) {
  process.stderr.write('usage: chroma-watchdog <chroma cli> <data path> <port>\n');
  process.exit(2);
}

const log = openSync(join(dataPath, 'rounds-server.log'), 'a');
const chroma = spawn(process.execPath, [cli, 'run', '--path', dataPath, '--host', '127.0.0.1', '--port', port], {
  stdio: ['ignore', log, log],
});
process.stdout.write(`${JSON.stringify({ pid: chroma.pid })}\n`);

let stopping = false;
function stop(reason) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`chroma-watchdog: stopping Chroma (${reason})\n`);
  chroma.kill('SIGTERM');
  // The Rust server normally exits within a second; do not let a stuck one outlive us.
  setTimeout(() => chroma.kill('SIGKILL'), 3000).unref();
}

chroma.on('exit', (code, signal) => {
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
chroma.on('error', (error) => {
  process.stderr.write(`chroma-watchdog: ${error.message}\n`);
  process.exit(1);
});

process.stdin.on('end', () => stop('owner exited'));
process.stdin.on('close', () => stop('owner exited'));
process.stdin.on('error', () => stop('owner pipe error'));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stop(signal));
