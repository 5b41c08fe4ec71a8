import { colourOf, latestOf, peakOf, polylinePoints } from './chart';

const series = { key: 'billing', origin: 'billing', declineCode: '', points: [[100, 0], [150, 0.5], [200, 1]] as [number, number][] };

it('places points across the window, the peak at the top', () => {
  expect(polylinePoints(series, { width: 100, height: 50, from: 100, to: 200 }, 1)).toBe('0.0,50.0 50.0,25.0 100.0,0.0');
});

it('keeps an idle chart flat: the scale never falls to zero', () => {
  expect(peakOf([{ ...series, points: [[100, 0]] }])).toBe(0.05);
  expect(peakOf([series])).toBe(1);
});

it("reads a series' latest value, 0 when it has none", () => {
  expect(latestOf(series)).toBe(1);
  expect(latestOf({ ...series, points: [] })).toBe(0);
});

it('gives a series the same colour every time', () => {
  expect(colourOf('billing/invoice_past_due')).toBe(colourOf('billing/invoice_past_due'));
  expect(colourOf('billing')).toMatch(/^#[0-9a-f]{6}$/);
});
