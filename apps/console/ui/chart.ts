import type { LiveSeries } from '../src/wire';

export interface ChartBox {
  width: number;
  height: number;
  /** Time span of the x axis, unix seconds. */
  from: number;
  to: number;
}

/** The largest rate in any series; at least a small floor so that an idle chart is flat, not noise. */
export const peakOf = (series: readonly LiveSeries[]): number => Math.max(0.05, ...series.flatMap((s) => s.points.map(([, value]) => value)));

/** One series as SVG polyline points ("x,y x,y"), y growing downwards as SVG's does. */
export function polylinePoints(series: LiveSeries, box: ChartBox, peak: number): string {
  const span = Math.max(1, box.to - box.from);
  return series.points
    .map(([time, value]) => {
      const x = ((time - box.from) / span) * box.width;
      const y = box.height - (value / peak) * box.height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** The series' last value, 0 when it has none. */
export const latestOf = (series: LiveSeries): number => series.points.at(-1)?.[1] ?? 0;

/** Stable colours by key, distinguishable and readable on white. */
const PALETTE = ['#b3261e', '#1f5fbf', '#2e7d32', '#8e24aa', '#ef6c00', '#00838f', '#5d4037'];
export function colourOf(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}
