import type { TestProject } from 'vitest/node';
import { startFakeEasyPost } from './easypost-server';

/** Local stand-ins for the carriers and channels, on 127.0.0.1, shared by every test file. */
export default async function setup(project: TestProject) {
  const easypost = await startFakeEasyPost();
  project.provide('easypostUrl', easypost.url);
  return () => easypost.close();
}
