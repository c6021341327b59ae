import { app } from './app';
import { runCron } from './cron-jobs';
import { consumeQueue } from './queue-consumers';

export { ChannelLimiterDO } from '../durable-objects/channel-limiter-do';
export { InventoryDO } from '../durable-objects/inventory-do';

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(controller.cron, env, controller.scheduledTime));
  },
  queue: consumeQueue,
} satisfies ExportedHandler<Env, unknown>;
