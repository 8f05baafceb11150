// The Agents web page: start a run, watch it live (Server-Sent Events), inspect plan, files, checkpoints and proof.
// Plain DOM, no build step. Model output is only ever inserted as text, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const finalEvents = ['PipelineCompleted', 'PipelineFailed', 'PipelineTerminated'];
const eventTypes = ['PipelineStarted', 'StepStarted', 'StepCompleted', 'ApprovalRequested', 'ApprovalReceived', 'IterationFailed', ...finalEvents];
const keyStorage = 'agents.apiKey';
let currentId = null;
let source = null;

function apiKey() { return $('api-key').value.trim(); }

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (apiKey()) { headers.Authorization = `Bearer ${apiKey()}`; }
  if (options.body) { headers['Content-Type'] = 'application/json'; }
  const response = await fetch(path, { ...options, headers });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const fields = body && body.errors ? Object.entries(body.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ') : '';
    throw new Error(fields || (body && (body.detail || body.title)) || `HTTP ${response.status}`);
  }
  return body;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  if (className) { node.className = className; }
  return node;
}

function fileList(container, files) {
  container.replaceChildren();
  for (const file of files || []) {
    const details = el('details');
    details.append(el('summary', file.path));
    details.append(el('pre', file.content));
    container.append(details);
  }
}

function render(run) {
  $('run').hidden = false;
  $('run-id').textContent = run.id;
  $('run-status').textContent = run.status;
  $('run-status').dataset.status = run.status;
  $('run-step').textContent = run.step;
  $('run-iteration').textContent = run.iteration;
  $('run-reason').textContent = run.reason || '';
  $('trust').textContent = run.trustScore.toFixed(2);
  $('cost').textContent = `$${Number(run.usage.total.costUsd).toFixed(4)} (${run.usage.total.inputTokens + run.usage.total.outputTokens} tokens)`;
  $('usage').textContent = Object.entries(run.usage.byRole || {})
    .map(([role, u]) => `${role}: ${u.requests} call(s), $${Number(u.costUsd).toFixed(4)}`).join(' · ');
  $('plan').textContent = run.plan ? JSON.stringify(run.plan, null, 2) : '(no plan yet)';
  fileList($('files'), run.files);
  fileList($('tests'), run.tests);
  const iterations = $('iterations');
  iterations.replaceChildren();
  for (const iteration of run.iterations) {
    const box = el('div', null, 'iteration');
    box.append(el('h4', `Iteration ${iteration.number} (${iteration.resolution}): ${iteration.verified ? 'verified' : 'not verified'}, trust ${iteration.trustScore.toFixed(2)}`,
      iteration.verified ? 'passed' : 'failed'));
    for (const dispute of iteration.disputes || []) {
      box.append(el('p', `Disputed ${dispute.test}: ${dispute.reason} → ${dispute.corrected ? 'test corrected' : 'test upheld'} (${dispute.explanation})`));
    }
    for (const checkpoint of iteration.checkpoints) {
      const details = el('details', null, 'checkpoint');
      details.append(el('summary', `${checkpoint.name}: ${checkpoint.passed ? 'passed' : 'failed'}`));
      details.querySelector('summary').className = checkpoint.passed ? 'passed' : 'failed';
      details.append(el('p', `$ ${checkpoint.proof.command} → exit ${checkpoint.proof.exitCode} in ${Math.round(checkpoint.proof.durationMs)} ms`));
      details.append(el('pre', checkpoint.proof.outputExcerpt || '(no output)'));
      for (const finding of checkpoint.findings) {
        details.append(el('p', `${finding.severity} ${finding.rule} ${finding.file}:${finding.line} ${finding.message}`));
      }
      box.append(details);
    }
    iterations.append(box);
  }
  const finished = ['Completed', 'Failed', 'Terminated'].includes(run.status);
  $('approval-box').hidden = run.status !== 'WaitingForApproval';
  $('terminate').disabled = finished;
}

async function refresh() {
  if (!currentId) { return; }
  try { render(await api(`/api/workflow/${currentId}`)); } catch (error) { $('run-reason').textContent = error.message; }
}

function describe(type, data) {
  switch (type) {
    case 'StepStarted': return `${data.step} #${data.attempt} started`;
    case 'StepCompleted': return `${data.step} #${data.attempt} done: ${data.summary}`;
    case 'IterationFailed': return `iteration ${data.iteration} failed: ${data.summary}`;
    case 'ApprovalRequested': return 'waiting for approval of the plan';
    case 'ApprovalReceived': return data.approved ? 'plan approved' : `plan rejected: ${data.reason || ''}`;
    case 'PipelineCompleted': return `completed: trust ${data.trustScore.toFixed(2)} after ${data.iterations} iteration(s)`;
    case 'PipelineFailed': return `failed: ${data.reason}`;
    case 'PipelineTerminated': return `terminated: ${data.reason}`;
    default: return type;
  }
}

function watch(id) {
  currentId = id;
  if (source) { source.close(); }
  $('events').replaceChildren();
  // EventSource cannot send headers: the key goes in the query string, which the gateway accepts for this endpoint only.
  const query = apiKey() ? `?access_token=${encodeURIComponent(apiKey())}` : '';
  source = new EventSource(`/api/workflow/${id}/events${query}`);
  for (const type of eventTypes) {
    source.addEventListener(type, (message) => {
      const data = JSON.parse(message.data);
      const item = el('li', describe(type, data));
      item.dataset.type = type;
      $('events').append(item);
      if (finalEvents.includes(type)) { source.close(); loadRuns(); }
      refresh();
    });
  }
  refresh();
}

async function loadRuns() {
  try {
    const page = await api('/api/workflow?pageSize=20');
    const list = $('runs');
    list.replaceChildren();
    for (const run of page.runs) {
      const item = el('li', `${run.status} · ${run.language} · ${run.requirements}`);
      item.dataset.id = run.id;
      item.addEventListener('click', () => watch(run.id));
      list.append(item);
    }
  } catch (error) {
    $('runs').replaceChildren(el('li', error.message, 'error'));
  }
}

$('start-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('form-error').textContent = '';
  sessionStorage.setItem(keyStorage, apiKey());
  try {
    const started = await api('/api/workflow/full-sdlc', {
      method: 'POST',
      body: JSON.stringify({
        requirements: $('requirements').value,
        language: $('language').value,
        maxIterations: Number($('max-iterations').value),
        approval: $('approval').value,
      }),
    });
    watch(started.id);
    loadRuns();
  } catch (error) {
    $('form-error').textContent = error.message;
  }
});

$('approve').addEventListener('click', () => api(`/api/workflow/${currentId}/approve`, { method: 'POST', body: JSON.stringify({ approved: true }) }).then(refresh, (e) => { $('run-reason').textContent = e.message; }));
$('reject').addEventListener('click', () => api(`/api/workflow/${currentId}/approve`, { method: 'POST', body: JSON.stringify({ approved: false, reason: $('reject-reason').value }) }).then(refresh, (e) => { $('run-reason').textContent = e.message; }));
$('terminate').addEventListener('click', () => api(`/api/workflow/${currentId}/terminate`, { method: 'POST', body: JSON.stringify({ reason: 'Terminated from the web page.' }) }).then(refresh, (e) => { $('run-reason').textContent = e.message; }));
$('refresh-runs').addEventListener('click', loadRuns);
$('api-key').value = sessionStorage.getItem(keyStorage) || '';
loadRuns();
