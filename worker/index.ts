import { database } from '../db/client';
import { app } from './app';
import { resumeStaleCaptures } from './services/resume-captures';

export { InventoryDO } from '../durable-objects/inventory-do';

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(resumeStaleCaptures(env, database(env)));
  },
} satisfies ExportedHandler<Env>;
