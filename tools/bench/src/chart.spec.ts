import { parser, type Tag } from 'sax';
import { barChartSvg, escapeXml, niceStep, wrap } from './chart';
import { ladderChartSvg } from './ladder';
import type { PhaseResult } from './report';

/** Every element of `svg`, read by a strict XML parser: throws unless the document is well formed. */
function elements(svg: string): Tag[] {
  const tags: Tag[] = [];
  const xml = parser(true);
  xml.onerror = (error) => {
    throw error;
  };
  xml.onopentag = (tag) => tags.push(tag);
  xml.write(svg).close();
  return tags;
}

const bars = (svg: string) => elements(svg).filter((tag) => tag.name === 'rect' && tag.attributes.class === 'bar');

const phase = (scenario: PhaseResult['scenario'], targetRate: number | undefined, cpuMsPerRequest: number): PhaseResult => ({
  scenario,
  targetRate,
  durationS: 15,
  throughput: 200,
  latency: { count: 3000, p50: 5, p90: 8, p99: 12, max: 30, mean: 6 },
  errors: 0,
  non2xx: 0,
  redisCommandsPerRequest: 20,
  serviceCpuMsPerRequest: 2.5,
  cpuMsPerRequest,
  processes: [],
});

const RUNGS = ['lists-bare', 'bullmq-bare', 'nest-transport', 'bullmq-untraced', 'bullmq-traced'] as const;

describe('ladderChartSvg', () => {
  const svg = ladderChartSvg(RUNGS.flatMap((scenario, index) => [phase(scenario, 200, 1.5 + index), phase(scenario, undefined, 0.5 + index / 2)]));

  it('is a well-formed SVG document', () => {
    const [root] = elements(svg);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
  });

  it('draws one bar per rung and load, each as tall as its figure', () => {
    const drawn = bars(svg);
    expect(drawn.map((bar) => `${bar.attributes['data-group']} / ${bar.attributes['data-series']}`)).toEqual(
      ['1. bare Redis lists', '2. bare BullMQ', '3. Nest transport, trivial handlers', '4. full system, tracing off', '5. full system, tracing on'].flatMap((rung) => [
        `${rung} / at 200 req/s`,
        `${rung} / at saturation`,
      ]),
    );
    const heights = drawn.map((bar) => Number(bar.attributes.height));
    // 1.5 ms at 200 req/s on the floor against 5.5 ms on the top rung: bars in proportion.
    expect(heights[8] / heights[0]).toBeCloseTo(5.5 / 1.5, 1);
    expect(heights[1] / heights[0]).toBeCloseTo(0.5 / 1.5, 1);
  });
});

describe('barChartSvg', () => {
  it('draws no bar for a figure that was not measured, and escapes what it writes', () => {
    const svg = barChartSvg({
      title: 'A & B <chart>',
      unit: 'ms',
      series: ['a', 'b'],
      groups: [
        { label: 'x "quoted"', values: [1, Number.NaN] },
        { label: 'y', values: [2, 3] },
      ],
    });
    expect(bars(svg)).toHaveLength(3);
    expect(svg).toContain('A &amp; B &lt;chart&gt;');
  });

  it('is well formed with nothing to draw', () => {
    expect(bars(barChartSvg({ title: 't', unit: 'ms', series: ['a'], groups: [] }))).toHaveLength(0);
  });
});

describe('chart helpers', () => {
  it('picks 1, 2 or 5 × 10^k steps', () => {
    expect(niceStep(6.3)).toBe(2);
    expect(niceStep(0.9)).toBe(0.2);
    expect(niceStep(2150)).toBe(500);
    expect(niceStep(0)).toBe(1);
  });

  it('wraps at spaces', () => {
    expect(wrap('Nest transport, trivial handlers', 16)).toEqual(['Nest transport,', 'trivial handlers']);
  });

  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
