import { runBlueprint } from "./stacks/run-blueprint";

process.exitCode = runBlueprint({ env: process.env, stderr: process.stderr, stdout: process.stdout });
