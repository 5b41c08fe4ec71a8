// The services as the benchmark starts them (dist/tools/bench/<app>/main.js): each service's own
// definition, run over the transport HOPTRACE_TRANSPORT names (src/services). Built as the services
// are, so that every compared system runs the same kind of bundle.
const { join } = require('node:path');
const nodeApp = require('../webpack/node-app');

const ASSETS = { gateway: [{ input: 'docs/errors', glob: '*.md', output: 'docs/errors' }] };

module.exports = ['gateway', 'billing', 'payment-processor', 'notifier'].map((app) =>
  nodeApp(__dirname, {
    name: app,
    main: join(__dirname, 'src/services', `${app}.ts`),
    output: join(__dirname, '../../dist/tools/bench', app),
    tsConfig: join(__dirname, 'tsconfig.lib.json'),
    generatePackageJson: false,
    assets: ASSETS[app] ?? [],
  }),
);
