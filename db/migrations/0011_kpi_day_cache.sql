CREATE TABLE `kpi_day_cache` (
	`time_zone` text NOT NULL,
	`scope` text NOT NULL,
	`day` text NOT NULL,
	`computed_at` text NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`time_zone`, `scope`, `day`)
);
--> statement-breakpoint
CREATE TABLE `kpi_dirty_hours` (
	`hour` text PRIMARY KEY NOT NULL,
	`changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `kpi_order_hours` (
	`order_id` text NOT NULL,
	`hour` text NOT NULL,
	PRIMARY KEY(`order_id`, `hour`)
);
--> statement-breakpoint
CREATE INDEX `kpi_order_hours_hour` ON `kpi_order_hours` (`hour`);--> statement-breakpoint
CREATE INDEX `order_lines_backordered` ON `order_lines` (`order_id`) WHERE "order_lines"."backordered" > 0;
--> statement-breakpoint
-- Every write to a fact the KPIs read records the order's event hours and marks them changed, whatever code
-- path wrote it: the KPI day cache (kpi-day-cache.ts) recomputes exactly the days those hours fall on.
--> statement-breakpoint
CREATE TRIGGER `kpi_orders_insert` AFTER INSERT ON `orders`
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.created_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.placed_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.ship_by) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_orders_update` AFTER UPDATE OF channel, status, currency, placed_at, created_at, subtotal, shipping_total, tax_total, discount_total, total, fulfillment, ship_by ON `orders`
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.created_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.placed_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.ship_by) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_order_lines_insert` AFTER INSERT ON `order_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_order_lines_update` AFTER UPDATE OF sku, quantity, unit_price, cancelled_quantity, unit_cost, cost_currency, backordered ON `order_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_order_lines_delete` AFTER DELETE ON `order_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = OLD.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_order_events_cancelled` AFTER INSERT ON `order_events` WHEN NEW.type = 'cancelled'
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.order_id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.at) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_order_fees_insert` AFTER INSERT ON `order_fees`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_order_fees_update` AFTER UPDATE ON `order_fees`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_order_fees_delete` AFTER DELETE ON `order_fees`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = OLD.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_shipments_insert` AFTER INSERT ON `shipments`
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.order_id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.order_placed_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.label_purchased_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.shipped_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.delivered_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.first_scan_at) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_shipments_update` AFTER UPDATE OF order_id, location, method, status, carrier, tracking_code, label_cost, label_currency, order_placed_at, label_purchased_at, shipped_at, delivered_at, first_scan_at ON `shipments`
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.order_id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.order_placed_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.label_purchased_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.shipped_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.delivered_at) AS h UNION ALL SELECT strftime('%Y-%m-%dT%H', NEW.first_scan_at) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_shipments_delete` AFTER DELETE ON `shipments`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = OLD.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_shipment_lines_insert` AFTER INSERT ON `shipment_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = (SELECT order_id FROM shipments WHERE id = NEW.shipment_id)
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_shipment_lines_update` AFTER UPDATE OF shipment_id, quantity ON `shipment_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = (SELECT order_id FROM shipments WHERE id = NEW.shipment_id)
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_shipment_lines_delete` AFTER DELETE ON `shipment_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = (SELECT order_id FROM shipments WHERE id = OLD.shipment_id)
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_exceptions_short_pick` AFTER INSERT ON `exceptions` WHEN NEW.kind = 'short_pick' AND NEW.order_id IS NOT NULL
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_returns_insert` AFTER INSERT ON `returns`
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.order_id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.created_at) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_returns_update` AFTER UPDATE OF order_id, status, created_at ON `returns`
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.order_id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.created_at) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_return_lines_insert` AFTER INSERT ON `return_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = (SELECT order_id FROM returns WHERE id = NEW.return_id)
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_return_lines_update` AFTER UPDATE OF return_id, order_line_id, sku, quantity, reason ON `return_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = (SELECT order_id FROM returns WHERE id = NEW.return_id)
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_return_lines_delete` AFTER DELETE ON `return_lines`
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = (SELECT order_id FROM returns WHERE id = OLD.return_id)
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_return_refunds_insert` AFTER INSERT ON `return_refunds`
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.order_id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.created_at) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_return_refunds_update` AFTER UPDATE OF order_id, return_id, status, currency, amount, channel_amount, created_at ON `return_refunds`
BEGIN
  INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
    SELECT NEW.order_id, h FROM (SELECT strftime('%Y-%m-%dT%H', NEW.created_at) AS h) WHERE h IS NOT NULL;
  INSERT INTO kpi_dirty_hours (hour, changed_at)
    SELECT hour, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM kpi_order_hours WHERE order_id = NEW.order_id
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
  SELECT order_id, h FROM (SELECT id AS order_id, strftime('%Y-%m-%dT%H', created_at) AS h FROM orders UNION ALL SELECT id AS order_id, strftime('%Y-%m-%dT%H', placed_at) AS h FROM orders UNION ALL SELECT id AS order_id, strftime('%Y-%m-%dT%H', ship_by) AS h FROM orders) WHERE h IS NOT NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
  SELECT order_id, h FROM (SELECT order_id, strftime('%Y-%m-%dT%H', at) AS h FROM order_events WHERE type = 'cancelled') WHERE h IS NOT NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
  SELECT order_id, h FROM (SELECT order_id, strftime('%Y-%m-%dT%H', order_placed_at) AS h FROM shipments UNION ALL SELECT order_id, strftime('%Y-%m-%dT%H', label_purchased_at) AS h FROM shipments UNION ALL SELECT order_id, strftime('%Y-%m-%dT%H', shipped_at) AS h FROM shipments UNION ALL SELECT order_id, strftime('%Y-%m-%dT%H', delivered_at) AS h FROM shipments UNION ALL SELECT order_id, strftime('%Y-%m-%dT%H', first_scan_at) AS h FROM shipments) WHERE h IS NOT NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO kpi_order_hours (order_id, hour)
  SELECT order_id, h FROM (SELECT order_id, strftime('%Y-%m-%dT%H', created_at) AS h FROM returns UNION ALL SELECT order_id, strftime('%Y-%m-%dT%H', created_at) AS h FROM return_refunds) WHERE h IS NOT NULL;
