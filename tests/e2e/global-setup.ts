/**
 * Builds the pane and starts the real worker with `wrangler dev` for the
 * end-to-end tests; stops it afterwards.
 */
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { ADMIN, startDev, type Dev } from '../../scripts/dev-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    base: string;
    admin: string;
  }
}

let dev: Dev | undefined;

export async function setup(project: TestProject) {
  // The pane the worker serves must be the one in the working tree.
  const pane = spawnSync('npx', ['tsx', 'scripts/build-pane.ts'], { encoding: 'utf8' });
  if (pane.status !== 0) throw new Error(`pane build failed: ${pane.stderr}`);
  dev = await startDev();
  project.provide('base', dev.base);
  project.provide('admin', ADMIN);
}

export async function teardown() {
  dev?.stop();
}
