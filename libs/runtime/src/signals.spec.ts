import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

// signals.ts is one call of this module's handleExitSignals(), imported first by every main.ts.
const EXIT_SIGNALS_MODULE = join(__dirname, 'exit-signals.ts');

/** A real node process that loads exit-signals.ts (Node 24 strips its types), runs `setup`, and idles. */
async function processWith(setup: string): Promise<ReturnType<typeof spawn>> {
  const script = `import { handleExitSignals } from ${JSON.stringify(EXIT_SIGNALS_MODULE)};\n${setup}\nconsole.log('ready');\nsetInterval(() => {}, 1000);`;
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

const ended = async (child: ReturnType<typeof spawn>) => {
  const [exitCode, endedBy] = await once(child, 'exit');
  return { exitCode, endedBy };
};

describe('exit signals', () => {
  it('end the process with 128 + the signal number once handled, before any app exists', async () => {
    // Without a handler a signal ends the process by its default action: no exit code, the signal.
    for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const child = await processWith('handleExitSignals();');
      child.kill(signal);
      await expect(ended(child)).resolves.toEqual({ exitCode: code, endedBy: null });
    }
  });

  it('go to the handler the app sets, with the exit code it should end with', async () => {
    // The handler says what it was given by the code it exits with: 143 - 100 for SIGTERM.
    const child = await processWith(`handleExitSignals(); handleExitSignals((signal, code) => process.exit(signal === 'SIGTERM' ? code - 100 : 1));`);
    child.kill('SIGTERM');
    await expect(ended(child)).resolves.toEqual({ exitCode: 43, endedBy: null });
  });

  it('are left alone by a process that loads the library without asking (the scenario runner has handlers of its own)', async () => {
    const child = await processWith('');
    child.kill('SIGTERM');
    await expect(ended(child)).resolves.toEqual({ exitCode: null, endedBy: 'SIGTERM' });
  });
});
