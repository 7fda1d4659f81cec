// Respite's FHIR API through fhir-kit-client, a JavaScript FHIR client from npm, against a running server.
// RESPITE_URL names the server (http://127.0.0.1:PORT); the demo users must exist (Demo:Seed=true).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import Client from 'fhir-kit-client';

const server = process.env.RESPITE_URL ?? 'http://127.0.0.1:5080';
const baseUrl = `${server}/fhir`;
const password = 'Respite-demo-2026';

async function signIn(email) {
  const response = await fetch(`${server}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(response.status, 200, `sign-in of ${email}`);
  return (await response.json()).accessToken;
}

const clientFor = (token) => new Client({ baseUrl, bearerToken: token });

/** The error fhir-kit-client throws for a status that is not 2xx: { response: { status, data } }. */
async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error.response, `expected an HTTP refusal, got ${error}`);
    return error.response;
  }
  assert.fail('expected the request to be refused');
}

let nurse;
let patientUser;
let jordan;

before(async () => {
  nurse = clientFor(await signIn('nurse@demo.respite.local'));
  patientUser = clientFor(await signIn('patient@demo.respite.local'));
  const found = await nurse.search({ resourceType: 'Patient', searchParams: { identifier: 'R-000001' } });
  jordan = found.entry[0].resource;
});

test('the CapabilityStatement is FHIR 4.0.1 and lists what is served', async () => {
  const capability = await new Client({ baseUrl }).capabilityStatement();
  assert.equal(capability.resourceType, 'CapabilityStatement');
  assert.equal(capability.fhirVersion, '4.0.1');
  const types = capability.rest[0].resource.map((r) => r.type);
  for (const type of ['Patient', 'Observation', 'QuestionnaireResponse', 'Encounter', 'MedicationAdministration', 'CarePlan']) {
    assert.ok(types.includes(type), `${type} is served`);
  }
  const patient = capability.rest[0].resource.find((r) => r.type === 'Patient');
  assert.deepEqual(patient.interaction.map((i) => i.code).sort(), ['create', 'read', 'search-type', 'update', 'vread']);
});

test('search pages through every patient with the next links', async () => {
  const all = await nurse.search({ resourceType: 'Patient', searchParams: { _count: 100, _total: 'accurate' } });
  let page = await nurse.search({ resourceType: 'Patient', searchParams: { _count: 1 } });
  const seen = [];
  for (let i = 0; page && i < 50; i++) {
    seen.push(...(page.entry ?? []).map((e) => e.resource.id));
    page = await nurse.nextPage({ bundle: page });
  }
  assert.equal(seen.length, all.total);
  assert.equal(new Set(seen).size, seen.length);
});

test('read, search by code and date, and $everything of one patient', async () => {
  const read = await nurse.read({ resourceType: 'Patient', id: jordan.id });
  assert.equal(read.identifier[0].value, 'R-000001');

  const phq9 = await nurse.search({
    resourceType: 'Observation',
    searchParams: { patient: jordan.id, code: 'http://loinc.org|44261-6', date: 'ge2000-01-01', _count: 500 },
  });
  assert.ok(phq9.entry.length > 0, 'PHQ-9 totals are there');
  for (const entry of phq9.entry) {
    assert.equal(entry.resource.code.coding[0].code, '44261-6');
  }

  const everything = await nurse.operation({ name: '$everything', resourceType: 'Patient', id: jordan.id, method: 'get' });
  const kinds = new Set(everything.entry.map((e) => e.resource.resourceType));
  for (const kind of ['Patient', 'Observation', 'QuestionnaireResponse', 'Encounter', 'Condition']) {
    assert.ok(kinds.has(kind), `$everything holds ${kind}`);
  }
});

test('an outside questionnaire and a device weight are written in, and read back', async () => {
  const answers = Array.from({ length: 9 }, (_, i) => ({
    linkId: String(i + 1),
    answer: [{ valueCoding: { system: 'https://respite.dev/fhir/CodeSystem/answers-phq9', code: i === 8 ? '0' : '1' } }],
  }));
  const authored = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const response = await nurse.create({
    resourceType: 'QuestionnaireResponse',
    body: {
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://respite.dev/fhir/Questionnaire/phq9',
      status: 'completed',
      subject: { reference: `Patient/${jordan.id}` },
      source: { reference: `Patient/${jordan.id}` },
      authored,
      item: answers,
    },
  });
  assert.equal(response.resourceType, 'QuestionnaireResponse');
  assert.ok(response.id);

  const totals = await nurse.search({
    resourceType: 'Observation',
    searchParams: { patient: jordan.id, code: 'http://loinc.org|44261-6', date: `eq${authored}` },
  });
  assert.equal(totals.entry.length, 1);
  assert.equal(totals.entry[0].resource.valueQuantity?.value ?? totals.entry[0].resource.valueInteger, 8);

  const today = new Date().toISOString().slice(0, 10);
  const weight = await nurse.create({
    resourceType: 'Observation',
    body: {
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
      subject: { reference: `Patient/${jordan.id}` },
      effectiveDateTime: today,
      valueQuantity: { value: 70.4, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    },
  });
  assert.equal(weight.valueQuantity.value, 70.4);
});

test('an update with the version read goes through, a stale one is refused with 412', async () => {
  const current = await nurse.read({ resourceType: 'Patient', id: jordan.id });
  const changed = { ...current, telecom: [{ system: 'phone', value: '+1 555 0199' }] };
  const updated = await nurse.update({
    resourceType: 'Patient', id: jordan.id, body: changed,
    options: { headers: { 'If-Match': `W/"${current.meta.versionId}"` } },
  });
  assert.notEqual(updated.meta.versionId, current.meta.versionId);

  const stale = await refusal(nurse.update({
    resourceType: 'Patient', id: jordan.id, body: changed,
    options: { headers: { 'If-Match': `W/"${current.meta.versionId}"` } },
  }));
  assert.equal(stale.status, 412);
  assert.equal(stale.data.resourceType, 'OperationOutcome');
});

test('invalid resources are answered with an OperationOutcome naming the element', async () => {
  const structure = await refusal(nurse.create({ resourceType: 'Patient', body: { resourceType: 'Patient', nickname: 'x' } }));
  assert.equal(structure.status, 400);
  assert.equal(structure.data.resourceType, 'OperationOutcome');

  const rules = await refusal(nurse.create({
    resourceType: 'Patient',
    body: { resourceType: 'Patient', name: [{ family: 'Nobody' }], birthDate: '1990-01-01' },
  }));
  assert.equal(rules.status, 422);
  assert.ok(rules.data.issue.some((i) => (i.expression ?? []).includes('Patient.name[0].given')));
});

test('a patient sees their own record only; anyone else is a 404', async () => {
  const own = await patientUser.search({ resourceType: 'Patient' });
  assert.equal(own.entry.length, 1);
  const other = own.entry[0].resource.id === jordan.id
    ? (await nurse.search({ resourceType: 'Patient', searchParams: { identifier: 'R-000002' } })).entry[0].resource
    : jordan;
  const refused = await refusal(patientUser.read({ resourceType: 'Patient', id: other.id }));
  assert.equal(refused.status, 404);
  assert.equal(refused.data.resourceType, 'OperationOutcome');
});

test('without a token the API answers 401 with an OperationOutcome', async () => {
  const refused = await refusal(new Client({ baseUrl }).search({ resourceType: 'Patient' }));
  assert.equal(refused.status, 401);
  assert.equal(refused.data.resourceType, 'OperationOutcome');
});
