import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const SIGNALS_MODULE = join(__dirname, 'signals.ts');

/** A real node process that loads signals.ts (Node 24 strips its types), then runs `then` and idles. */
async function processWithSignals(then = ''): Promise<ReturnType<typeof spawn>> {
  const script = `import { onExitSignal } from ${JSON.stringify(SIGNALS_MODULE)};\n${then}\nconsole.log('ready');\nsetInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before it was ready`)));
  });
  return child;
}

describe('exit signals', () => {
  it('end the process with 128 + the signal number while no app has taken them', async () => {
    // Without a handler a signal would end the process by its default action: no exit code, the signal.
    for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const child = await processWithSignals();
      child.kill(signal);
      const [exitCode, endedBy] = await once(child, 'exit');
      expect({ exitCode, endedBy }).toEqual({ exitCode: code, endedBy: null });
    }
  });

  it('go to the handler the app sets, with the exit code it should end with', async () => {
    // The handler says what it was given by the code it exits with: 143 - 100 for SIGTERM.
    const child = await processWithSignals(`onExitSignal((signal, code) => process.exit(signal === 'SIGTERM' ? code - 100 : 1));`);
    child.kill('SIGTERM');
    const [exitCode] = await once(child, 'exit');
    expect(exitCode).toBe(43);
  });
});
