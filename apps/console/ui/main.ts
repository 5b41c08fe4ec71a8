import './styles.css';
import type { FaultsView, FaultSwitch, LiveView, MixView, RunView, ScenarioCard } from '../src/wire';
import { api, ApiError } from './api';
import { colourOf, latestOf, peakOf, polylinePoints } from './chart';
import { byId, h, svg } from './dom';

const LIVE_REFRESH_MS = 5_000;

/** Errors are shown where they happened and in the page's alert region, never only in the console. */
function showError(where: string, error: unknown): void {
  const message = error instanceof ApiError ? error.message : (error as Error)?.message ?? String(error);
  const region = byId('errors');
  region.querySelector(`[data-where="${where}"]`)?.remove();
  region.append(h('p', { class: 'error', 'data-where': where }, `${where}: ${message}`));
}
const clearError = (where: string) => byId('errors').querySelector(`[data-where="${where}"]`)?.remove();

// ---- scenarios -------------------------------------------------------------------------------

let busy = false;
function setBusy(value: boolean): void {
  busy = value;
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-run]')) button.disabled = value;
}

async function loadScenarios(): Promise<void> {
  const list = byId('scenario-list');
  try {
    const scenarios = await api<ScenarioCard[]>('GET', '/api/scenarios');
    list.replaceChildren(...scenarios.map(scenarioItem));
    clearError('Scenarios');
  } catch (error) {
    showError('Scenarios', error);
  }
}

function scenarioItem(card: ScenarioCard): HTMLLIElement {
  const storyId = `story-${card.name}`;
  const expect = `expects ${card.expect.status}${card.expect.decidedBy ? `, decided by ${card.expect.decidedBy}` : ', no hop deciding a 402'}`;
  const button = h('button', { type: 'button', 'data-run': card.name, 'aria-describedby': storyId, 'aria-label': `Run ${card.name}` }, card.name);
  button.addEventListener('click', () => void runOne(card.name));
  return h('li', {}, button, h('span', { id: storyId, class: 'story' }, card.summary, ' ', h('span', { class: 'expect' }, `(${expect}${card.fault ? `; switches ${Object.keys(card.fault).join(', ')} on while it runs` : ''})`)));
}

async function runOne(name: string): Promise<void> {
  await running(`Running ${name}…`, async () => {
    const view = await api<RunView>('POST', `/api/scenarios/${encodeURIComponent(name)}/runs`);
    byId('run-output').replaceChildren(runCard(view));
    return `${name}: ${view.passed ? 'matched its expectation' : 'DIFFERED from its expectation'}.`;
  });
}

async function runMix(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const count = Number(byId<HTMLInputElement>('mix-count').value);
  const seedText = byId<HTMLInputElement>('mix-seed').value;
  await running(`Running a mix of ${count}…`, async () => {
    const mix = await api<MixView>('POST', '/api/mix', { count, ...(seedText === '' ? {} : { seed: Number(seedText) }) });
    const matched = mix.runs.filter((run) => run.passed).length;
    byId('run-output').replaceChildren(
      h('p', { class: 'mix-summary' }, `A mix of ${mix.runs.length}, seed ${mix.seed}: ${matched} matched, ${mix.runs.length - matched} differed.`),
      ...mix.runs.map(runCard),
    );
    return `Mix (seed ${mix.seed}): ${matched} of ${mix.runs.length} matched.`;
  });
}

async function running(label: string, work: () => Promise<string>): Promise<void> {
  if (busy) return;
  setBusy(true);
  const state = byId('run-state');
  state.textContent = label;
  byId('result').setAttribute('aria-busy', 'true');
  try {
    state.textContent = await work();
    clearError('Run');
  } catch (error) {
    state.textContent = 'The run did not finish.';
    showError('Run', error);
  } finally {
    byId('result').removeAttribute('aria-busy');
    setBusy(false);
    void loadFaults();
  }
}

const FOCUS_TEXT = { decided_402: 'deciding span', failed_here: 'where it failed', gateway_answer: "gateway's answer" } as const;

function runCard(view: RunView): HTMLElement {
  const verdict = view.decidedBy ? `${view.decidedBy} decided the 402` : 'no hop decided a 402';
  const expected = `expected ${view.expected.status}${view.expected.decidedBy ? `, decided by ${view.expected.decidedBy}` : ', no deciding hop'}`;
  const card = h(
    'article',
    { class: `run ${view.passed ? 'matched' : 'differed'}`, 'data-scenario': view.scenario, 'aria-label': `Result of ${view.scenario}` },
    h('h3', {}, h('span', { class: 'badge' }, view.passed ? 'MATCH' : 'DIFFER'), ' ', view.scenario),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'status'),
      h('dd', { 'data-field': 'status' }, String(view.status)),
      h('dt', {}, 'verdict'),
      h('dd', { 'data-field': 'verdict' }, verdict),
      h('dt', {}, 'expected'),
      h('dd', {}, expected),
      h('dt', {}, 'trace'),
      h('dd', { 'data-field': 'trace' }, h('code', {}, view.traceId || '(none)')),
    ),
  );
  if (view.differences.length > 0) {
    card.append(h('div', { class: 'differences', role: 'note' }, h('h4', {}, 'Differs from its expectation'), h('ul', {}, ...view.differences.map((text) => h('li', {}, text)))));
  }
  if (view.jaegerUrl && view.focus) {
    card.append(
      h('p', {}, h('a', { class: 'jaeger', href: view.jaegerUrl, target: '_blank', rel: 'noopener', 'data-field': 'jaeger' }, `Open in Jaeger at the ${FOCUS_TEXT[view.focus.reason]}: ${view.focus.service} ${view.focus.operationName}`)),
    );
  }
  card.append(waterfall(view));
  if (view.explain) {
    const explain = view.explain;
    card.append(
      h(
        'section',
        { class: 'explain', 'aria-label': 'explain' },
        h('h4', {}, 'Explain: ', explain.headline),
        h('p', { 'data-field': 'who' }, h('strong', {}, `Who must act: ${explain.party}. `), explain.summary),
        explain.do.length ? h('p', {}, h('strong', {}, 'Do: '), explain.do.join(' ')) : null,
        explain.dont.length ? h('p', {}, h('strong', {}, "Don't: "), explain.dont.join(' ')) : null,
        h('p', {}, h('strong', {}, 'Retry: '), explain.retry),
        h('details', {}, h('summary', {}, 'Full explain text'), h('pre', { 'data-field': 'explain' }, explain.text)),
      ),
    );
  }
  if (view.problem !== undefined) card.append(h('details', { open: true }, h('summary', {}, 'Problem body'), h('pre', { 'data-field': 'problem' }, JSON.stringify(view.problem, null, 2))));
  if (view.notes.length > 0) card.append(h('ul', { class: 'notes' }, ...view.notes.map((note) => h('li', {}, note))));
  return card;
}

function waterfall(view: RunView): HTMLElement {
  const total = Math.max(0.001, ...view.waterfall.map((row) => row.startMs + row.durationMs));
  const rows = view.waterfall.map((row) => {
    const left = (row.startMs / total) * 100;
    const width = Math.max(0.4, (row.durationMs / total) * 100);
    const mark = row.focus && view.focus ? ` (${FOCUS_TEXT[view.focus.reason]})` : row.error ? ' (error)' : '';
    return h(
      'li',
      { class: `span${row.focus ? ' focus' : ''}${row.error ? ' error' : ''}`, 'data-span-id': row.spanId, 'data-focus': row.focus ? 'true' : undefined, 'aria-current': row.focus ? 'true' : undefined },
      h('span', { class: 'label', style: `padding-left:${row.depth * 0.9}em` }, h('b', {}, row.service), ' ', row.operationName, mark),
      h('span', { class: 'track', 'aria-hidden': 'true' }, h('span', { class: 'bar', style: `left:${left.toFixed(2)}%;width:${Math.min(width, 100 - left).toFixed(2)}%` })),
      h('span', { class: 'time' }, `+${row.startMs.toFixed(1)} ms, ${row.durationMs.toFixed(1)} ms`),
    );
  });
  return h('section', { class: 'waterfall', 'aria-label': 'Trace waterfall, from Jaeger' }, h('h4', {}, `Hops (${view.waterfall.length} spans)`), h('ol', {}, ...rows));
}

// ---- faults ----------------------------------------------------------------------------------

async function loadFaults(): Promise<void> {
  try {
    renderFaults(await api<FaultsView>('GET', '/api/faults'));
    clearError('Faults');
  } catch (error) {
    showError('Faults', error);
  }
}

function renderFaults(view: FaultsView): void {
  const on = view.faults.filter((fault) => fault.on);
  byId('faults-on').textContent = on.length === 0 ? 'No fault is on.' : `On: ${on.map((fault) => `${fault.name}=${String(fault.value)}`).join(', ')}`;
  byId('faults').classList.toggle('any-on', on.length > 0);
  byId('fault-list').replaceChildren(...view.faults.map(faultItem));
}

function faultItem(fault: FaultSwitch): HTMLLIElement {
  const id = `fault-${fault.name}`;
  const toggle = h('input', { type: 'checkbox', role: 'switch', id, 'data-fault': fault.name, checked: fault.on, 'aria-describedby': `${id}-accepts` });
  const numeric = typeof fault.onValue === 'number';
  const valueInput = numeric
    ? h('input', { type: 'number', id: `${id}-value`, 'aria-label': `${fault.name} value when on`, value: String(fault.on ? fault.value : fault.onValue), step: 'any' })
    : null;
  toggle.addEventListener('change', () => {
    const value = toggle.checked ? (valueInput ? Number(valueInput.value) : true) : numeric ? 0 : false;
    void switchFault(fault.name, value);
  });
  return h(
    'li',
    { class: fault.on ? 'on' : 'off' },
    toggle,
    h('label', { for: id }, fault.name),
    h('span', { class: 'state', 'data-state': fault.on ? 'on' : 'off' }, fault.on ? `on (${String(fault.value)})` : 'off'),
    valueInput,
    h('span', { id: `${id}-accepts`, class: 'accepts' }, fault.accepts),
  );
}

async function switchFault(name: string, value: number | boolean): Promise<void> {
  try {
    renderFaults(await api<FaultsView>('PUT', `/api/faults/${encodeURIComponent(name)}`, { value }));
    clearError('Faults');
  } catch (error) {
    showError('Faults', error);
    await loadFaults();
  }
}

// ---- live ------------------------------------------------------------------------------------

async function loadLive(): Promise<void> {
  try {
    renderLive(await api<LiveView>('GET', '/api/live'));
    clearError('Live');
  } catch (error) {
    byId('live').setAttribute('data-error', 'true');
    showError('Live', error);
  }
}

function renderLive(view: LiveView): void {
  byId('live').removeAttribute('data-error');
  const box = { width: 600, height: 160, from: view.from, to: view.to };
  const peak = peakOf(view.series);
  const lines = view.series.map((series) =>
    svg('polyline', { points: polylinePoints(series, box, peak), fill: 'none', stroke: colourOf(series.key), 'stroke-width': 2, 'data-series': series.key }),
  );
  const summary = view.series.length === 0 ? 'No 402 in the window.' : view.series.map((series) => `${series.key} ${latestOf(series).toFixed(2)}/s`).join(', ');
  byId('live-chart').replaceChildren(
    svg(
      'svg',
      { viewBox: `0 0 ${box.width} ${box.height}`, role: 'img', 'aria-label': `402s per second over the last ${Math.round((view.to - view.from) / 60)} minutes: ${summary}`, class: 'chart' },
      svg('line', { x1: 0, y1: box.height, x2: box.width, y2: box.height, stroke: '#888' }),
      ...lines,
    ),
    h('p', { class: 'scale' }, `top of the chart: ${peak.toFixed(2)} 402/s`),
  );
  const rows = view.series.map((series) =>
    h(
      'tr',
      { 'data-series': series.key, 'data-latest': latestOf(series).toFixed(4) },
      h('th', { scope: 'row' }, h('span', { class: 'swatch', style: `background:${colourOf(series.key)}`, 'aria-hidden': 'true' }), series.key),
      h('td', {}, latestOf(series).toFixed(2)),
      h('td', {}, Math.max(0, ...series.points.map(([, value]) => value)).toFixed(2)),
    ),
  );
  byId('live-table').querySelector('tbody')!.replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 3 }, 'No 402 in the window.'))]));
  const alerts = view.alerts.map((alert) => h('li', { class: `alert ${alert.state}`, 'data-alert': alert.name }, h('b', {}, alert.name), ` ${alert.state}`, alert.summary ? `: ${alert.summary}` : ''));
  byId('alert-list').replaceChildren(...(alerts.length ? alerts : [h('li', {}, 'No alert is pending or firing.')]));
}

// ---- start -----------------------------------------------------------------------------------

async function loadLinks(): Promise<void> {
  try {
    const links = await api<{ jaegerUiUrl: string; prometheusUrl: string }>('GET', '/api/links');
    byId<HTMLAnchorElement>('jaeger-home').href = links.jaegerUiUrl;
    byId<HTMLAnchorElement>('prometheus-home').href = links.prometheusUrl;
  } catch (error) {
    showError('Links', error);
  }
}

byId('mix-form').addEventListener('submit', (event) => void runMix(event as SubmitEvent));
byId('faults-clear').addEventListener('click', async () => {
  try {
    renderFaults(await api<FaultsView>('DELETE', '/api/faults'));
    clearError('Faults');
  } catch (error) {
    showError('Faults', error);
  }
});
void Promise.all([loadLinks(), loadScenarios(), loadFaults(), loadLive()]);
setInterval(() => void loadLive(), LIVE_REFRESH_MS);
