import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { ConsoleModule } from './console.module';
import { ProblemFilter } from './problem.filter';
import { SETTINGS } from './tokens';
import type { ConsoleSettings } from './settings';

/** The console: its page (built by Vite, beside main.js in ui/) and the API the page calls. */
async function bootstrap(): Promise<void> {
  const started = exitOnSignals();
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule, { logger: ['error', 'warn', 'log'] });
  started(app);
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

/**
 * SIGTERM or SIGINT closes the app (the scenario in flight has its fault switched off again) and
 * exits with 128 + the signal's number; before the app exists (still starting), it exits at once.
 * Explicitly, because in a container node is PID 1, which the kernel never ends by a signal's
 * default action. Installed first thing, so no signal finds PID 1 without a handler. A second
 * signal, or 3 s, exits at once. Returns the function that hands it the app once created.
 */
function exitOnSignals(): (app: NestExpressApplication) => void {
  let app: NestExpressApplication | undefined;
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + constants.signals[signal];
    if (closing || !app) process.exit(code);
    closing = true;
    setTimeout(() => process.exit(code), 3_000).unref();
    void app.close().finally(() => process.exit(code));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return (created) => {
    app = created;
  };
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`console: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
