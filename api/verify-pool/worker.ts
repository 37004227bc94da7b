// The worker thread's task (loaded through worker.cjs): one verification, off the API's event loop.
import { runVerifyTask, type VerifyOutcome, type VerifyTask } from './task';

export default function verify(task: VerifyTask): Promise<VerifyOutcome> {
  return runVerifyTask(task);
}
