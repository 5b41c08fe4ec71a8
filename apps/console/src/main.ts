// First: signals are handled while the rest loads (see libs/runtime/src/signals.ts).
import '@hoptrace/runtime/signals';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitOnSignals } from '@hoptrace/runtime';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleModule } from './console.module';
import { ProblemFilter } from './problem.filter';
import { SETTINGS } from './tokens';
import type { ConsoleSettings } from './settings';

/** The console: its page (built by Vite, beside main.js in ui/) and the API the page calls. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule, { logger: ['error', 'warn', 'log'] });
  // A scenario in flight has its fault switched off again by the close: 3 s is plenty.
  exitOnSignals(app, 3_000);
  const settings = app.get<ConsoleSettings>(SETTINGS);
  app.useGlobalFilters(new ProblemFilter());
  const ui = join(__dirname, 'ui');
  if (!existsSync(join(ui, 'index.html'))) throw new Error(`the console's page is missing: no ${join(ui, 'index.html')} (nx run console:build builds it)`);
  // Hashed asset names: cache them for good; index.html names the current ones, so never cache it.
  app.useStaticAssets(ui, {
    setHeaders: (response, path) => response.setHeader('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
  });
  await app.listen(settings.port, settings.host);
  process.stdout.write(`console listening on http://${settings.host}:${settings.port}\n`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`console: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
