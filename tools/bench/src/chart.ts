/**
 * A grouped bar chart as a standalone SVG, written by hand: the benchmark draws its own chart of
 * the ladder without a plotting library, and the file diffs as text when a run replaces it.
 */
export interface BarChart {
  title: string;
  /** What the values measure, on the y axis ("CPU ms per charge"). */
  unit: string;
  /** One name per series: each group has a bar per series, in this order. */
  series: readonly string[];
  /** One group per category (a rung), its values in series order; a NaN value draws no bar. */
  groups: ReadonlyArray<{ label: string; values: readonly number[] }>;
}

const WIDTH = 800;
const HEIGHT = 440;
const MARGIN = { top: 72, right: 24, bottom: 88, left: 64 };
const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The smallest 1, 2 or 5 × 10^k step that divides [0, max] into at most `ticks` parts. */
export function niceStep(max: number, ticks = 5): number {
  if (!(max > 0)) return 1;
  const rough = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 5, 10].find((factor) => factor * magnitude >= rough) ?? 10) * magnitude;
}

/** `text` broken into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const round = (value: number) => Number(value.toFixed(1));

export function barChartSvg(chart: BarChart): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = chart.groups.flatMap((group) => group.values).filter(Number.isFinite);
  const step = niceStep(Math.max(0, ...values));
  const top = Math.max(step, Math.ceil(Math.max(0, ...values) / step) * step);
  const y = (value: number) => round(MARGIN.top + plotHeight - (value / top) * plotHeight);
  const groupWidth = plotWidth / Math.max(1, chart.groups.length);
  const barWidth = (groupWidth * 0.7) / Math.max(1, chart.series.length);
  const decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ${FONT} font-size="12">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="16" font-weight="600">${escapeXml(chart.title)}</text>`,
  ];
  // The legend, one swatch per series, under the title.
  chart.series.forEach((name, index) => {
    const x = MARGIN.left + index * 200;
    out.push(
      `<rect x="${x}" y="36" width="12" height="12" fill="${COLORS[index % COLORS.length]}"/>`,
      `<text x="${x + 18}" y="46">${escapeXml(name)}</text>`,
    );
  });
  // The y axis: gridlines at every step, labelled.
  for (let index = 0; index * step <= top + step / 2; index += 1) {
    const tick = index * step;
    out.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#dddddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick.toFixed(decimals)}</text>`,
    );
  }
  out.push(
    `<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.unit)}</text>`,
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(0)}" y2="${y(0)}" stroke="#333333"/>`,
  );
  chart.groups.forEach((group, groupIndex) => {
    const left = MARGIN.left + groupIndex * groupWidth + groupWidth * 0.15;
    chart.series.forEach((name, seriesIndex) => {
      const value = group.values[seriesIndex];
      if (!Number.isFinite(value)) return;
      const x = round(left + seriesIndex * barWidth);
      out.push(
        `<rect class="bar" data-group="${escapeXml(group.label)}" data-series="${escapeXml(name)}" x="${x}" y="${y(value)}" ` +
          `width="${round(barWidth - 2)}" height="${round(y(0) - y(value))}" fill="${COLORS[seriesIndex % COLORS.length]}">` +
          `<title>${escapeXml(`${group.label}, ${name}: ${value.toFixed(2)}`)}</title></rect>`,
        `<text x="${round(x + (barWidth - 2) / 2)}" y="${y(value) - 4}" text-anchor="middle" font-size="11">${value.toFixed(2)}</text>`,
      );
    });
    const lines = wrap(group.label, Math.max(8, Math.floor(groupWidth / 7)));
    const center = round(MARGIN.left + (groupIndex + 0.5) * groupWidth);
    out.push(
      `<text x="${center}" y="${y(0) + 18}" text-anchor="middle">${lines
        .map((line, index) => `<tspan x="${center}" dy="${index === 0 ? 0 : 14}">${escapeXml(line)}</tspan>`)
        .join('')}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
