// Preloaded by bench/sim.ts into the `raftsim` processes it times (`node --import
// ./bench/cpu-at-exit.js bin/raftsim.js ...`): at exit, one last line on stderr with the
// process's CPU time, all threads (Node has no way to read a child's). Plain JavaScript, so the
// timed process loads no TypeScript compiler.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.cpuUsage();
  writeSync(2, `\ncpu-ms ${Math.round((u.user + u.system) / 1000)}\n`);
});
