import { readFileSync } from 'node:fs';

/** Resident and peak resident memory of a process, in MB, from /proc (Linux). */
export interface Memory {
  readonly rssMb: number;
  readonly peakRssMb: number;
}

export function readMemory(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
