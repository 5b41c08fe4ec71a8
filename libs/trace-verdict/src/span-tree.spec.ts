import { spanFixture } from './span-fixture';
import { spanTree } from './span-tree';

const { span } = spanFixture('4bf92f3577b34da6a3ce929d0e0e4736');

describe('spanTree', () => {
  // Received out of order, as Jaeger's batches from several services arrive.
  const root = span('1', undefined, 'gateway', 'POST /v1/charges');
  const billing = span('2', '1', 'billing', 'process billing');
  const processor = span('3', '2', 'payment-processor', 'payment.authorize');
  const notifier = span('4', '1', 'notifier', 'process notifier');
  const orphan = span('5', '9', 'notifier', 'POST webhook');

  it('puts parents before children and siblings in start order, with depth and offset', () => {
    const tree = spanTree([processor, notifier, root, billing]);
    expect(tree.map(({ span: { spanId }, depth, offset }) => [spanId.replace(/^0+/, ''), depth, offset])).toEqual([
      ['1', 0, 0],
      ['2', 1, 1000],
      ['3', 2, 2000],
      ['4', 1, 3000],
    ]);
  });

  it('says which spans are the last of their siblings, level by level', () => {
    const tree = spanTree([root, billing, processor, notifier]);
    expect(tree.map(({ lastAtDepth }) => lastAtDepth)).toEqual([[true], [true, false], [true, false, true], [true, true]]);
  });

  it('makes a root of a span whose parent it has not got', () => {
    const tree = spanTree([root, orphan]);
    expect(tree.map(({ span: { spanId }, depth }) => [spanId.replace(/^0+/, ''), depth])).toEqual([
      ['1', 0],
      ['5', 0],
    ]);
  });
});
