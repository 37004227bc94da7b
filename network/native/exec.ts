// Runs a Fabric CLI to completion; a failure keeps the command's own output.
import { execFile } from 'node:child_process';

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${command} exited with ${code}: ${(stderr || stdout).trim().split('\n').slice(-5).join('\n')}`);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

export function run(file: string, args: string[], opts: RunOptions = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        env: { ...process.env, ...opts.env },
        cwd: opts.cwd,
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        if (err) {
          const code = typeof err.code === 'number' ? err.code : null;
          reject(new CommandError([file.split('/').pop(), args[0], args[1]].join(' '), code, stdout, stderr));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}
