// Runs the CLI from source (development and tests); bin/hausmeister.js runs the compiled one.
import { exitAfterOutput } from '../exit-after-output.js';
import { commandLineArguments } from './command-line-bytes.js';
import { runCli } from './main.js';

runCli(commandLineArguments()).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return exitAfterOutput(1);
  },
);
