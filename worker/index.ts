import { app } from './app';

export { InventoryDO } from '../durable-objects/inventory-do';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
