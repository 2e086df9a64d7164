// Preloaded by bench/sim.ts into the `raftsim` processes it times (`node --import
// ./bench/cpu-at-exit.js bin/raftsim.js ...`): at exit, one last line on stderr with the
// process's CPU time, all threads (Node has no way to read a child's), and on Linux the main
// thread's own (from /proc: V8's compiler and GC threads are the rest; with --workers 1 the
// runs are all on the main thread). Plain JavaScript, so the timed process loads no TypeScript
// compiler.
import { readFileSync, writeSync } from 'node:fs';

/** The main thread's CPU time in ms, or -1 where /proc is not there (clock ticks of 10 ms). */
function mainThreadMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return -1;
  }
}

process.on('exit', () => {
  const u = process.cpuUsage();
  writeSync(2, `\nmain-ms ${mainThreadMs()}\ncpu-ms ${Math.round((u.user + u.system) / 1000)}\n`);
});
