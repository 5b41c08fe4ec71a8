// What the benchmark starts besides the services' own builds, each built as the services are, so
// that every compared system runs the same kind of bundle:
// - the services as a system on another transport runs them (dist/tools/bench/<app>/main.js): each
//   service's own definition, over the transport HOPTRACE_TRANSPORT names (src/services);
// - the lower rungs of the cost ladder (dist/tools/bench/rungs/<rung>/main.js <role>, src/rungs).
const { join } = require('node:path');
const nodeApp = require('../webpack/node-app');

const ASSETS = { gateway: [{ input: 'docs/errors', glob: '*.md', output: 'docs/errors' }] };
// Without a type check per bundle: eight of them at once, one per bundle, were most of the build's
// time on 2 cores. The benchmark's typecheck target checks these sources, and each service's own
// build its service.
const bundle = (name, main, output, assets = []) =>
  nodeApp(__dirname, { name, main, output, tsConfig: join(__dirname, 'tsconfig.lib.json'), generatePackageJson: false, assets, typeCheck: false });

module.exports = [
  ...['gateway', 'billing', 'payment-processor', 'notifier', 'facilitator'].map((app) =>
    bundle(app, join(__dirname, 'src/services', `${app}.ts`), join(__dirname, '../../dist/tools/bench', app), ASSETS[app]),
  ),
  ...['lists', 'bullmq', 'nest-transport'].map((rung) =>
    bundle(`rung-${rung}`, join(__dirname, 'src/rungs', `${rung}.ts`), join(__dirname, '../../dist/tools/bench/rungs', rung)),
  ),
];
