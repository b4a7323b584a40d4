// Runs the CLI from source (development and tests); bin/hausmeister.js runs the compiled one.
import { exitAfterOutput } from '../exit-after-output.js';
import { runCli } from './main.js';

runCli(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return exitAfterOutput(1);
  },
);
