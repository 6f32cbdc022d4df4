/**
 * Run by province-memory.test.ts in a Node of its own, under
 * `--max-old-space-size=128` (a Worker isolate's 128 MB): a province of
 * `n` units consolidated as GET /consolidated writes it, its workbook as
 * …/workbook.xlsx writes it, and a version's checksum as publishing computes
 * it. Prints the peak of heapUsed + external seen, and what was written.
 *
 * The heap may not hold more than 128 MB of live objects (V8 aborts past
 * `--max-old-space-size`); what the test also asserts is what that limit
 * does not cover — memory outside the heap (`external`: ArrayBuffers, the
 * packed sums, zlib's buffers) together with the live heap. So each sample is
 * taken after a full collection (`--expose-gc`): at every template read and
 * every sheet laid out, and at every 25th piece handed on.
 */
import { sheetsDigest, workbookSheets, writeConsolidated } from '../../shared/consolidate-stream.ts';
import { streamXlsx } from '../../shared/xlsx/index.ts';
import { province } from '../../bench/province.ts';

const n = Number(process.argv[2] ?? 20000);
let peak = 0;
let phase = 0;
const peaks = [0, 0, 0];
let calls = 0;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const sample = (always = false) => {
  if (!always && ++calls % 25) return;
  gc();
  const m = process.memoryUsage();
  const used = m.heapUsed + m.external;
  peak = Math.max(peak, used);
  peaks[phase] = Math.max(peaks[phase]!, used);
};
/** A province whose every template read is sampled once its revisions are in memory. */
const sampled = () => {
  const p = province(n);
  const counted = p.basis.counted;
  p.basis.counted = async (t) => {
    const r = await counted(t);
    sample(true);
    return r;
  };
  return p;
};
const ms = (start: number) => Math.round(performance.now() - start);

let p = sampled();
let start = performance.now();
let chars = 0;
await writeConsolidated(p.basis, p.head, (text) => {
  chars += text.length;
  sample();
}, async () => ({ trend: [] }));
const jsonMs = ms(start);

phase = 1;
p = sampled();
start = performance.now();
let bytes = 0;
async function* watched() {
  for await (const s of workbookSheets(p.basis, p.head, p.lastYear, { trend: async () => [] })) {
    sample(true);
    yield s;
  }
}
await streamXlsx(watched(), (b) => {
  bytes += b.length;
  sample();
});
const xlsxMs = ms(start);

phase = 2;
p = sampled();
start = performance.now();
const { checksum } = await sheetsDigest(p.basis);
sample(true);
const digestMs = ms(start);

console.log(JSON.stringify({ n, peakBytes: peak, peaksMB: peaks.map((x) => Math.round(x / 2 ** 20)), jsonChars: chars, xlsxBytes: bytes, checksum, jsonMs, xlsxMs, digestMs }));
