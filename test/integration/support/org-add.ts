// Runs `npm run org:add` (scripts/org-add.ts) against a network of its own in a
// child process: the launcher's helpers read FABRIC_STATE_DIR and
// FABRIC_PORT_OFFSET when they load, as for the second network.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../../network/native/paths';
import type { OrgAddStatus } from '../../../network/native/org-add';

/**
 * Ports of the org-add test's network: 7050..11455 (lawfirmc included) plus
 * 19500 lie apart from every other network's on this machine (offsets 0, 500,
 * 2000, 6000, 8500, 11000, 14500, 20000, 30000), and below the kernel's
 * ephemeral port range (32768 up).
 */
export const ORG_ADD_PORT_OFFSET = 19500;

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of our scripts (scripts/<name>.ts) with `env` on top of this process's environment. */
export function scriptCommand(env: Record<string, string>, script: string, args: string[], timeoutMs = 300_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'scripts', `${script}.ts`), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const orgAddCommand = (env: Record<string, string>, args: string[]) => scriptCommand(env, 'org-add', args);

/** Runs a step that must succeed; a failure carries the command's output. */
export async function orgAddStep(env: Record<string, string>, args: string[]): Promise<string> {
  const r = await orgAddCommand(env, args);
  if (r.code !== 0) throw new Error(`org:add ${args.join(' ')} exited with ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function orgAddStatus(env: Record<string, string>, key = 'lawfirmc'): Promise<OrgAddStatus> {
  return JSON.parse(await orgAddStep(env, [key, 'status'])) as OrgAddStatus;
}
