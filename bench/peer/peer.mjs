// bench/peer: the same five-step dossier flow (receive, appraise, inter-agency step, approve,
// return) on bpmn-engine, the general-purpose workflow engine a province might pick instead,
// run as a durable user would run it: every step is a user task that waits for a signal, and
// after each step the engine's state is serialised (engine.getState() -> JSON) and written to
// the flow's own file with fsync before the next step is signalled.
//
//   node peer.mjs --dir DIR [--concurrency N] [--seconds S] [--max-flows M]
//     -> {"flows":..,"steps":..,"seconds":..,"flows_per_sec":..,"steps_per_sec":..,
//         "p50_step_ms":..,"p99_step_ms":..,"state_bytes":..}
// Flows run N at a time in one Node.js process (asynchronous file I/O, so fsyncs overlap).
import { Engine } from 'bpmn-engine';
import BpmnModdle from 'bpmn-moddle';
import { EventEmitter } from 'node:events';
import { open, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (i % 2 === 0 ? [...acc, [a.replace(/^--/, ''), all[i + 1]]] : acc), []),
);
const dir = args.dir ?? '/tmp/motcua-bench-peer';
const concurrency = Number(args.concurrency ?? 16);
const seconds = Number(args.seconds ?? 5);
const maxFlows = Number(args['max-flows'] ?? 1e9);

const STEPS = [
  ['receive', 'Tiếp nhận hồ sơ'],
  ['appraise', 'Thẩm định hồ sơ'],
  ['interagency', 'Xác minh liên thông (cơ quan phối hợp)'],
  ['approve', 'Phê duyệt kết quả'],
  ['return', 'Trả kết quả'],
];

const source = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="dossier" targetNamespace="http://motcua.example/bpmn">
  <process id="dossierFlow" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="${STEPS[0][0]}" />
${STEPS.map(([id, name], i) => `    <userTask id="${id}" name="${name}" />
    <sequenceFlow id="f${i + 1}" sourceRef="${id}" targetRef="${i + 1 < STEPS.length ? STEPS[i + 1][0] : 'end'}" />`).join('\n')}
    <endEvent id="end" />
  </process>
</definitions>`;

// Parsed once and shared, as a user running many instances of one process would do.
const moddleContext = await new BpmnModdle().fromXML(source);

async function persist(engine, file) {
  const state = JSON.stringify(await engine.getState());
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(state);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return state.length;
}

// One dossier: five user tasks, each signalled by its officer, state made durable after each.
async function runFlow(n, latencies) {
  const file = join(dir, `flow-${n % 1024}.json`);
  const listener = new EventEmitter();
  let wake = null;
  const waits = [];
  listener.on('activity.wait', (api) => {
    waits.push(api);
    if (wake) wake();
  });
  const nextWait = () =>
    waits.length ? Promise.resolve(waits.shift()) : new Promise((r) => (wake = () => { wake = null; r(waits.shift()); }));
  const engine = new Engine({ name: `dossier-${n}`, moddleContext });
  const ended = new Promise((resolve, reject) => {
    engine.once('end', resolve);
    engine.once('error', reject);
  });
  const execution = await engine.execute({ listener, variables: { code: `000.00.01.H99-${n}` } });
  let bytes = 0;
  for (const [id] of STEPS) {
    const api = await nextWait();
    if (api.id !== id) throw new Error(`expected ${id}, waiting at ${api.id}`);
    const t0 = process.hrtime.bigint();
    execution.signal({ id, officer: 'demo', at: Date.now() });
    bytes = await persist(engine, file);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await ended;
  if (execution.state !== "idle") throw new Error(`flow ${n} did not complete: ${execution.state}`);
  return bytes;
}

function percentile(v, p) {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
}

await mkdir(dir, { recursive: true });
await runFlow(-1, []); // warm-up
const latencies = [];
let started = 0;
let flows = 0;
let stateBytes = 0;
const t0 = process.hrtime.bigint();
const deadline = Date.now() + seconds * 1000;
async function worker() {
  while (Date.now() < deadline && started < maxFlows) {
    const n = started++;
    stateBytes = await runFlow(n, latencies);
    flows++;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
await rm(dir, { recursive: true, force: true });
console.log(JSON.stringify({
  flows, steps: flows * STEPS.length, seconds: +elapsed.toFixed(3),
  flows_per_sec: +(flows / elapsed).toFixed(1), steps_per_sec: +((flows * STEPS.length) / elapsed).toFixed(1),
  p50_step_ms: +percentile(latencies, 0.5).toFixed(2), p99_step_ms: +percentile(latencies, 0.99).toFixed(2),
  state_bytes: stateBytes, concurrency, node: process.version,
}));
