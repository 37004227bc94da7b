// node --import tsx watchdog.ts <pid> <prefix> <tmpPrefix>: waits for process
// <pid> to end, then removes everything named with the prefix and gives the
// prefix back (cleanup.ts).
import { releasePrefix, removeLeftovers } from './cleanup';

const [pid, prefix, tmpPrefix] = [Number(process.argv[2]), process.argv[3] ?? '', process.argv[4] ?? ''];
if (!Number.isInteger(pid) || pid <= 0 || !prefix || !tmpPrefix) {
  console.error('usage: watchdog.ts <pid> <prefix> <tmpPrefix>');
  process.exit(2);
}

const alive = (): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const timer = setInterval(() => {
  if (alive()) return;
  clearInterval(timer);
  for (const problem of removeLeftovers(prefix, tmpPrefix)) console.error(`multihost watchdog: ${problem}`);
  releasePrefix(prefix, pid);
}, 500);
