// Prints, one per line, the public images the project names: the `image:` of every service that
// is not built here (every profile included), and the `FROM` of every Dockerfile a service is built
// from, less the Dockerfile's own stages. Compose reads docker-compose.yml itself.
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

const root = process.argv[2] ?? process.cwd();
const compose = (...args) => execFileSync('docker', ['compose', ...args], { cwd: root, encoding: 'utf8' });
const profiles = compose('config', '--profiles').split('\n').filter(Boolean).flatMap((name) => ['--profile', name]);
const { services } = JSON.parse(compose(...profiles, 'config', '--format', 'json'));

const images = new Set();
for (const service of Object.values(services)) {
  if (!service.build) {
    images.add(service.image);
    continue;
  }
  const stages = new Set();
  const dockerfile = readFileSync(resolve(service.build.context, service.build.dockerfile ?? 'Dockerfile'), 'utf8');
  for (const [, image, stage] of dockerfile.matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/gim)) {
    if (!stages.has(image)) images.add(image);
    if (stage) stages.add(stage);
  }
}
process.stdout.write([...images].sort().map((image) => `${image}\n`).join(''));
