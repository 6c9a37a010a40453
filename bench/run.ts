/**
 * `npm run bench [-- <section>...]`: the numbers of DESIGN.md §8. Each section writes
 * `bench/results/<section>.json` (a flat object of numbers) and prints a table beside the
 * previous run's figures.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';

type Figures = Record<string, number>;

const sections: Record<string, () => Promise<Figures>> = {
  gas: async () => (await import('./gas.ts')).benchGas(),
  render: async () => (await import('./render.ts')).benchRender(),
  // the render section's first-frame figures alone (a minute instead of several)
  'first-frame': async () => (await import('./render.ts')).benchFirstFrame(),
  hash: async () => (await import('./hash.ts')).benchHash(),
  server: async () => (await import('./server.ts')).benchServer(),
  store: async () => (await import('./store.ts')).benchStore(),
  market: async () => (await import('./market.ts')).benchMarket(),
  // not in the default run: zone rooms on one and two processes, Redis and Postgres (~10 minutes)
  scale: async () => (await import('./scale.ts')).benchScale(),
  // not in the default run: SOAK_SECONDS (default 600) of load
  soak: async () => (await import('./soak.ts')).benchSoak(),
};
/** Sections `npm run bench` with no section names runs. */
const DEFAULT_SECTIONS = ['gas', 'render', 'hash', 'server', 'market'];

async function previous(path: string): Promise<Figures> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Figures;
  } catch {
    return {};
  }
}

function format(value: number | undefined): string {
  if (value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in sections));
  if (unknown.length > 0) {
    console.error(`unknown section ${unknown.join(', ')}; sections: ${Object.keys(sections).join(', ')}`);
    process.exit(2);
  }
  await mkdir('bench/results', { recursive: true });
  let failed = false;
  for (const name of asked.length > 0 ? asked : DEFAULT_SECTIONS) {
    const path = `bench/results/${name}.json`;
    const before = await previous(path);
    let figures: Figures;
    try {
      figures = await (sections[name] as () => Promise<Figures>)();
    } catch (error) {
      failed = true;
      console.error(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    await writeFile(path, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`\n${name}`);
    console.table(
      Object.fromEntries(
        Object.entries(figures).map(([key, value]) => [
          key,
          { now: format(value), before: format(before[key]) },
        ]),
      ),
    );
  }
  process.exit(failed ? 1 : 0);
}

await main();
