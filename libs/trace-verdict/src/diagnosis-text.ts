import type { Diagnosis } from './diagnosis';
import { partyName } from './remedies';
import { jaegerLink } from './verdict';

export interface DiagnosisLinks {
  /** The gateway, which serves the error pages at /errors/<code>. */
  gatewayUrl?: string;
  /** Jaeger's UI, for a link to the deciding (or failing) span. */
  jaegerUiUrl?: string;
}

const bullets = (title: string, items: readonly string[]): string[] => (items.length === 0 ? [] : [`${title}:`, ...items.map((item) => `  - ${item}`)]);

/** One line for a run's output: who must act, and what happened. */
export function diagnosisSummary(diagnosis: Diagnosis): string {
  if (diagnosis.party === 'nobody') return diagnosis.summary;
  const who = partyName(diagnosis.party);
  return `${who.charAt(0).toUpperCase()}${who.slice(1)} must act. ${diagnosis.summary}`;
}

/** The diagnosis as a person reads it in a terminal: `scenario-runner explain` prints exactly this. */
export function formatDiagnosis(diagnosis: Diagnosis, links: DiagnosisLinks = {}): string {
  const lines = [`trace ${diagnosis.traceId}`, diagnosis.headline, `  ${diagnosis.summary}`, '', `who must act: ${diagnosis.who}`];
  lines.push(...bullets('why', diagnosis.reasons));
  for (const span of diagnosis.evidence) {
    const keys = Object.keys(span.attributes);
    if (keys.length === 0) continue;
    const width = Math.max(...keys.map((key) => key.length));
    lines.push(`evidence (${span.service} ${span.operationName}, span ${span.spanId}):`);
    for (const key of keys) lines.push(`  ${key.padEnd(width)}  ${String(span.attributes[key])}`);
  }
  lines.push(...bullets('do', diagnosis.do), ...bullets("don't", diagnosis.dont), `retry: ${diagnosis.retry.when}: ${diagnosis.retry.text}`, ...bullets('watch', diagnosis.watch));
  lines.push(...bullets('trace defects', diagnosis.defects));
  if (diagnosis.docs) lines.push(`docs:   ${links.gatewayUrl ? new URL(diagnosis.docs, links.gatewayUrl).toString() : diagnosis.docs}`);
  if (links.jaegerUiUrl) {
    const focus = diagnosis.decidedBy?.spanId ?? diagnosis.evidence[0]?.spanId;
    // A replay's diagnosis explains the original trace: link to it, where the deciding span is.
    lines.push(`jaeger: ${jaegerLink(links.jaegerUiUrl, diagnosis.replayOf ?? diagnosis.traceId, focus)}`);
  }
  return lines.join('\n');
}
