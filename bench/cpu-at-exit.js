// Preloaded by bench/sim.ts into the `raftsim` processes it times (`node --import
// ./bench/cpu-at-exit.js bin/raftsim.js ...`): at exit, one last line on stderr with the
// process's CPU time, all threads, plus on Linux its worker processes' (`--workers K`, exited and
// waited for by then: their time is the process's children's in /proc), and on Linux the main
// thread's own (from /proc: V8's compiler and GC threads are the rest; with --workers 1 the
// runs are all on the main thread). Plain JavaScript, so the timed process loads no TypeScript
// compiler.
import { readFileSync, writeSync } from 'node:fs';

/** Fields of a /proc stat file after the command name, or null where there is no /proc. */
function statFields(path) {
  try {
    const stat = readFileSync(path, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The main thread's CPU time in ms, or -1 where /proc is not there (clock ticks of 10 ms). */
function mainThreadMs() {
  const f = statFields('/proc/thread-self/stat');
  return f === null ? -1 : (Number(f[11]) + Number(f[12])) * 10;
}

/** The CPU time in ms of the child processes that exited and were waited for (0 without /proc). */
function childrenMs() {
  const f = statFields('/proc/self/stat');
  return f === null ? 0 : (Number(f[13]) + Number(f[14])) * 10;
}

process.on('exit', () => {
  const u = process.cpuUsage();
  const cpuMs = Math.round((u.user + u.system) / 1000) + childrenMs();
  writeSync(2, `\nmain-ms ${mainThreadMs()}\ncpu-ms ${cpuMs}\n`);
});
