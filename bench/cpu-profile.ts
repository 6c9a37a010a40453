/**
 * Reading a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, over the
 * samples taken in a window of the monotonic clock (the same clock as process.hrtime in any
 * process of this machine), so a bench can name what the server spent a measurement on.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One line of the top list: where, and its share of the window's samples (%). */
export interface ProfileItem {
  fn: string;
  selfPct: number;
}

/** Now on the monotonic clock, in the profile's unit (microseconds). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Short place of a frame: the package or the project file, and the line. */
function place(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const modules = frame.url.lastIndexOf('node_modules/');
  const file =
    modules >= 0
      ? frame.url.slice(modules + 'node_modules/'.length)
      : frame.url.replace(/^.*\/(server|shared)\//, '$1/');
  return `${name} ${file}:${frame.lineNumber + 1}`;
}

/** The `count` frames with the most self time among the samples taken in [from, to] (µs). */
export function topSelfTime(profile: CpuProfile, from: number, to: number, count: number): ProfileItem[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const hits = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) continue;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    const key = place(node.callFrame);
    hits.set(key, (hits.get(key) ?? 0) + 1);
    total++;
  }
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([fn, n]) => ({ fn, selfPct: Number(((n / total) * 100).toFixed(1)) }));
}

/** Samples of a profile taken in [from, to] (µs) that were not idle. */
function busySamples(profile: CpuProfile, from: number, to: number): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let at = profile.startTime;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at <= to && !idle.has(profile.samples[i] as number)) busy++;
  }
  return busy;
}

/**
 * The main thread's profile of the one process that wrote into `dir`: the busiest in [from, to]
 * (tsx's module loader and other threads write profiles of their own, idle most of the time).
 */
export async function readProfile(dir: string, from: number, to: number): Promise<CpuProfile> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no CPU profile in ${dir}`);
  const profiles = await Promise.all(
    files.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as CpuProfile),
  );
  return profiles.reduce((a, b) => (busySamples(b, from, to) > busySamples(a, from, to) ? b : a));
}
