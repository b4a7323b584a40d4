// Ends a process that answers on stdout (the backup job, the command line) only once its answer has left.
// On Linux a write to a pipe or socket that the reader has not emptied yet is queued, and process.exit()
// drops that queue: a job's answer larger than the socket's buffer (a browsed folder of a few thousand
// files) or a listing piped into `less` would arrive cut off.
export async function exitAfterOutput(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map(flushed));
  process.exit(code);
}

/** Writes leave in order: the callback of an empty write comes once every write before it has left. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
