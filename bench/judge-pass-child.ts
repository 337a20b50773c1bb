// The body of a client process (see judge-pass.ts): one pass, its result sent back, then exit.
import { runPass, type PassTask } from './judge-pass.js';

/** Exits once the message is out: the HTTP client's keep-alive sockets would hold the process open. */
const reply = (message: unknown) => process.send!(message, () => process.exit(0));

process.once('message', (task: PassTask) => {
  runPass(task).then(
    (result) => reply({ ok: true, result }),
    (error: unknown) =>
      reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
