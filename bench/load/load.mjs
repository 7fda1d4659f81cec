// Load generator for bench/load/run.sh (see the comment there). Three commands:
//
//   node load.mjs setup    --base URL --world FILE [--sessions N]
//       signs in as the demo nurse, prescriber and front desk, registers N patients and checks each in for an IV
//       session (the chairs being charted), books a full day at a location with chairs for the day view (bookDay), and
//       writes what the load needs to FILE;
//   node load.mjs mix      --world FILE --rate R --duration S [--target respite|ceiling] [--only KEY,KEY]
//                          [--generator node|wrk]
//       drives the clinic's mix at R requests per second in all for S seconds, arriving at random, and prints one
//       JSON line per route with latencies in milliseconds;
//       --only keeps the named routes (vitals, score, chart, day, dashboard), sharing R in their proportions;
//       --generator node (the default) sends from this process (paced()), wrk from one wrk process per route
//       (wrkPaced(), paced.lua);
//   node load.mjs saturate --world FILE --route vitals|chart|vitals-audited --connections C --duration S [--target …]
//       sends one route as fast as C connections allow (autocannon, closed loop) and prints one JSON line
//       (vitals-audited: the ceiling only).
//
// `--target ceiling` sends the same requests to the ceiling server (bench/Respite.LoadCeiling): the bare insert of a
// vitals reading and the bare select of a patient, without authentication, rules or audit; `vitals-audited` is the
// least a charting write through SaveChanges does: the session read, the reading and its audit event in one transaction.
import autocannon from 'autocannon';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const args = process.argv.slice(3).reduce((acc, value, index, all) => {
  if (value.startsWith('--')) acc[value.slice(2)] = all[index + 1];
  return acc;
}, {});
const command = process.argv[2];
const password = 'Respite-demo-2026';

// The clinic's mix: what a busy morning asks of the server, as shares of all requests.
const mix = [
  { route: 'POST /api/sessions/{id}/vitals', key: 'vitals', share: 0.30 },
  { route: 'POST /api/patients/{id}/assessments', key: 'score', share: 0.10 },
  { route: 'GET /api/patients/{id}', key: 'chart', share: 0.30 },
  { route: 'GET /api/locations/{id}/day', key: 'day', share: 0.20 },
  { route: 'GET /api/dashboard/outcomes', key: 'dashboard', share: 0.10 },
];

async function call(base, method, path, token, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function login(base, who) {
  const result = await call(base, 'POST', '/api/auth/login', null, { email: `${who}@demo.respite.local`, password });
  return result.accessToken;
}

async function setup() {
  const base = args.base;
  const count = Number(args.sessions ?? 40);
  const tokens = {
    nurse: await login(base, 'nurse'),
    prescriber: await login(base, 'prescriber'),
    frontdesk: await login(base, 'frontdesk'),
  };
  const sessions = [];
  const patients = [];
  for (let i = 0; i < count; i++) {
    const patient = await call(base, 'POST', '/api/patients', tokens.frontdesk, {
      givenName: 'Load', familyName: `Chair-${i}`, dateOfBirth: '1980-05-17', sex: 'female', weightKg: 70 + (i % 20),
      conditions: [{ icd10: 'F33.2', text: 'Major depressive disorder, recurrent severe', category: 'depression' }],
    });
    const session = await call(base, 'POST', `/api/patients/${patient.id}/sessions`, tokens.nurse, {
      kind: 'iv-infusion', baseline: { systolic: 124, diastolic: 80, heartRate: 72, spo2: 98 }, rideHomeArranged: true,
    });
    patients.push(patient.id);
    sessions.push(session.id);
  }
  // Charts opened are spread over the whole clinic, not only today's chairs.
  for (let page = 1; page <= 4; page++) {
    const found = await call(base, 'GET', `/api/patients?pageSize=100&page=${page}`, tokens.frontdesk);
    for (const p of found.items ?? found) patients.push(p.id);
  }
  const { locationId, date, booked } = await bookDay(base, tokens.frontdesk, patients.slice(0, count));
  writeFileSync(args.world, JSON.stringify({ base, tokens, sessions, patients: [...new Set(patients)], locationId, date }, null, 2));
  console.error(`setup: ${sessions.length} sessions checked in, ${new Set(patients).size} charts to open, `
    + `day view of ${date} with ${booked} appointments booked`);
}

// The day view shows a full day: at the first location with treatment chairs, on its next open day after today, IV
// infusions are booked every half hour from opening until no chair is free, as the front desk fills a busy day.
async function bookDay(base, token, candidates) {
  const locations = await call(base, 'GET', '/api/locations', token);
  const location = locations.find((l) => l.chairs.some((c) => c.active && c.kind === 'chair') && l.hours.length > 0);
  if (!location) throw new Error('no location with treatment chairs and opening hours');
  const weekday = (d) => d.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }).toLowerCase();
  let day = new Date();
  let hours;
  do {
    day = new Date(day.getTime() + 86_400_000);
    hours = location.hours.find((h) => h.day === weekday(day));
  } while (!hours || location.closedDates.includes(day.toISOString().slice(0, 10)));
  const date = day.toISOString().slice(0, 10);
  const minutes = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const time = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  let booked = 0;
  let next = 0;
  for (let start = minutes(hours.opens); start < minutes(hours.closes) && next < candidates.length; start += 30) {
    for (;;) {
      const response = await fetch(`${base}/api/patients/${candidates[next]}/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ kind: 'iv-infusion', locationId: location.id, date, startTime: time(start), treatmentMinutes: 40 }),
      });
      const text = await response.text();
      if (response.status === 409) break;
      if (!response.ok) throw new Error(`booking ${date} ${time(start)}: ${response.status} ${text.slice(0, 300)}`);
      booked++;
      if (++next === candidates.length) break;
    }
  }
  return { locationId: location.id, date, booked };
}

function rotating(items) {
  let i = 0;
  return () => items[i++ % items.length];
}

function vitalsBody() {
  const r = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
  return JSON.stringify({ systolic: r(112, 134), diastolic: r(70, 84), heartRate: r(62, 88), spo2: r(95, 99) });
}

// The request of one route of the mix, for autocannon: a fixed method and headers, the path (and body) set per request.
function request(world, key, target) {
  const ceiling = target === 'ceiling';
  const base = { headers: { 'content-type': 'application/json' } };
  const auth = (token) => ceiling ? base.headers : { ...base.headers, authorization: `Bearer ${world.tokens[token]}` };
  const session = rotating(world.sessions);
  const patient = rotating(world.patients);
  const chairPatient = rotating(world.patients.slice(0, world.sessions.length));
  switch (key) {
    case 'vitals':
      return {
        method: 'POST', headers: auth('nurse'),
        setupRequest: (req) => ({
          ...req, path: ceiling ? `/ceiling/sessions/${session()}/vitals` : `/api/sessions/${session()}/vitals`, body: vitalsBody(),
        }),
      };
    case 'vitals-audited':
      return {
        method: 'POST', headers: auth('nurse'),
        setupRequest: (req) => ({ ...req, path: `/ceiling/sessions/${session()}/vitals-audited`, body: vitalsBody() }),
      };
    case 'score':
      return {
        method: 'POST', headers: auth('nurse'),
        setupRequest: (req) => ({
          ...req, path: `/api/patients/${chairPatient()}/assessments`,
          body: JSON.stringify({ instrument: 'nrs-pain', answers: [Math.floor(Math.random() * 11)] }),
        }),
      };
    case 'chart':
      return {
        method: 'GET', headers: auth('nurse'),
        setupRequest: (req) => ({ ...req, path: ceiling ? `/ceiling/patients/${patient()}` : `/api/patients/${patient()}` }),
      };
    case 'day':
      return { method: 'GET', headers: auth('frontdesk'), path: `/api/locations/${world.locationId}/day?date=${world.date}` };
    case 'dashboard':
      return { method: 'GET', headers: auth('prescriber'), path: '/api/dashboard/outcomes' };
    default:
      throw new Error(`unknown route ${key}`);
  }
}

function summary(route, key, result, offered) {
  return {
    route, key, offeredPerSecond: offered,
    requests: result.requests.total, perSecond: +(result.requests.total / result.duration).toFixed(1),
    p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max,
    non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
  };
}

async function run(world, key, target, options) {
  const req = request(world, key, target);
  const { path = '/', ...rest } = req;
  return autocannon({
    url: baseFor(world, target) + path,
    requests: [rest],
    duration: Number(options.duration),
    connections: options.connections,
    overallRate: options.rate,
    timeout: 10,
  });
}

// The server a target's requests go to: Respite's (the world's own) or the ceiling's (--ceiling).
function baseFor(world, target) {
  return world[target === 'ceiling' ? 'ceilingBase' : 'base'];
}

function loadWorld() {
  const world = JSON.parse(readFileSync(args.world, 'utf8'));
  if (args.ceiling) world.ceilingBase = args.ceiling;
  return world;
}

// Open-loop load at a fixed mean rate, as patients and staff arrive: requests are sent at random (Poisson) times
// whether or not earlier ones have been answered, and each latency runs from the moment the request was due to the
// end of its answer, so a slow server cannot slow the load down and hide its own delay. autocannon's own rate limit
// is not used for this: it sends each connection's quota for a second back to back at the start of the second, and
// weights every answer by its length in milliseconds (coordinated-omission correction with a 1 ms interval).
async function paced(world, key, target, rate, seconds) {
  const req = request(world, key, target);
  const base = new URL(baseFor(world, target));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const latencies = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const send = (due) => new Promise((resolve) => {
    const { path = req.path, body } = req.setupRequest ? req.setupRequest({}) : {};
    const headers = body === undefined ? req.headers : { ...req.headers, 'content-length': Buffer.byteLength(body) };
    const outgoing = http.request({ host: base.hostname, port: base.port, path, method: req.method, headers, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - due);
        if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
        resolve();
      });
    });
    let timedOut = false;
    outgoing.on('timeout', () => { timedOut = true; timeouts++; outgoing.destroy(new Error('timeout')); });
    outgoing.on('error', () => { if (!timedOut) errors++; resolve(); });
    outgoing.end(body);
  });
  const started = performance.now();
  const end = started + seconds * 1000;
  const pending = [];
  for (let due = started; ; due += -Math.log(1 - Math.random()) * 1000 / rate) {
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    // A timer may fire up to a millisecond early: a request sent before it was due is timed from when it was sent.
    pending.push(send(Math.min(due, performance.now())));
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies.length ? +latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1) : null;
  return {
    requests: pending.length, perSecond: +(latencies.length / seconds).toFixed(1),
    p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies.length ? +latencies.at(-1).toFixed(1) : null, non2xx, errors, timeouts,
  };
}

// The same load from wrk (paced.lua): each route from a wrk process of its own, whose connections each wait a random
// time between requests. Node's pacer shares the server's two cores and times the answers in its own event loop,
// which its own work and collections delay: against an endpoint that does nothing the two agree, but against Respite's
// charting its p99 was 1.4–5.2 ms above wrk's (docs/benchmarks.md, "Two load generators"). wrk times each request in C
// from the moment it writes it. A connection
// sends its next request only after its answer, so each connection is given about 2.5 requests a second (at least 8
// connections): a slow answer then holds back only its own connection's next request, and the arrivals stay close to
// random at the given rate. This process only waits for the wrk processes.
function wrkPaced(world, key, target, rate, seconds) {
  const connections = Math.max(8, Math.ceil(rate / 2.5));
  const base = baseFor(world, target);
  const script = new URL('./paced.lua', import.meta.url).pathname;
  const argv = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, base,
    '--', args.world, key, String(rate), String(connections), ...(target === 'ceiling' ? ['ceiling'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`wrk (${key}) exited with ${code}: ${out.slice(-300)}`));
      else resolve(JSON.parse(last));
    });
  });
}

async function runMix() {
  const world = loadWorld();
  const target = args.target ?? 'respite';
  const rate = Number(args.rate);
  const only = args.only ? args.only.split(',') : null;
  const generator = args.generator ?? 'node';
  if (generator !== 'node' && generator !== 'wrk') throw new Error(`unknown generator ${generator} (node or wrk)`);
  const routes = (only ? mix.filter((m) => only.includes(m.key)) : mix)
    .filter((m) => target !== 'ceiling' || m.key === 'vitals' || m.key === 'chart');
  const total = routes.reduce((sum, m) => sum + m.share, 0);
  const results = await Promise.all(routes.map(async (m) => {
    const offered = rate * m.share / (only ? total : 1);
    const result = generator === 'wrk'
      ? await wrkPaced(world, m.key, target, offered, Number(args.duration))
      : await paced(world, m.key, target, offered, Number(args.duration));
    return { route: m.route, key: m.key, offeredPerSecond: +offered.toFixed(1), ...result };
  }));
  for (const r of results) console.log(JSON.stringify({ target, rate, only: args.only ?? null, generator, ...r }));
}

async function runSaturate() {
  const world = loadWorld();
  const target = args.target ?? 'respite';
  const m = args.route === 'vitals-audited'
    ? { route: 'POST /ceiling/sessions/{id}/vitals-audited', key: 'vitals-audited' }
    : mix.find((x) => x.key === args.route);
  const result = await run(world, m.key, target, { duration: args.duration, connections: Number(args.connections ?? 8) });
  console.log(JSON.stringify({ target, rate: 'max', ...summary(m.route, m.key, result, null) }));
}

switch (command) {
  case 'setup': await setup(); break;
  case 'mix': await runMix(); break;
  case 'saturate': await runSaturate(); break;
  default:
    console.error('usage: node load.mjs setup|mix|saturate …');
    process.exit(64);
}
