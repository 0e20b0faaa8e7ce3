/**
 * Self time of a `.cpuprofile` (from BENCH_PROFILE=cpu) by package and by function, so a profile can be
 * read in a terminal and quoted in bench/README.md: `npx tsx bench/profile-summary.ts <file> [top]`.
 * "Package" is the node_modules package, `bot` for dist/src and dist/commands, `node:` for Node's own
 * JavaScript, and V8's pseudo-frames ((garbage collector), (program), (idle)) as they are.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node:';
  if (/\/dist\/(src|commands)\//.test(url)) return 'bot';
  if (/\/dist\/bench\//.test(url)) return 'bench probe';
  return url;
}

export function summarize(profile: Profile): { totalMs: number; byPackage: [string, number][]; byFunction: [string, number][] } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = nodes.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    total += us;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / 1000] as [string, number]);
  return { totalMs: total / 1000, byPackage: sorted(byPackage), byFunction: sorted(byFunction) };
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const [file, topText] = process.argv.slice(2);
  if (!file) throw new Error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(topText ?? 25);
  const { totalMs, byPackage, byFunction } = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const busy = totalMs - (byPackage.find(([k]) => k === '(idle)')?.[1] ?? 0);
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1)} %`;
  console.log(`total ${totalMs.toFixed(0)} ms, busy (not idle) ${busy.toFixed(0)} ms`);
  console.log('\nself time by package (share of busy):');
  for (const [k, ms] of byPackage.slice(0, top)) if (k !== '(idle)') console.log(`  ${pct(ms).padStart(7)}  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
  console.log('\nself time by function:');
  for (const [k, ms] of byFunction.slice(0, top)) if (!k.startsWith('(idle)')) console.log(`  ${pct(ms).padStart(7)}  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
}
