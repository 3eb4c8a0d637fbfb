/** Resident memory of another process (the server's engine process), for the memory-bound tests. Linux only. */
import { readFileSync } from 'node:fs';

/** VmRSS of `pid` in MB, from /proc. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) / 1024;
}
