CREATE TABLE `kpi_clock_cache` (
	`time_zone` text NOT NULL,
	`scope` text NOT NULL,
	`computed_at` text NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`time_zone`, `scope`)
);
--> statement-breakpoint
-- Any change to the set of open backorders (or what they are counted by) marks the `backorders` row.
--> statement-breakpoint
CREATE TRIGGER `kpi_backorders_insert` AFTER INSERT ON `order_lines` WHEN NEW.backordered > 0
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at) VALUES ('backorders', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_backorders_update` AFTER UPDATE OF order_id, sku, backordered ON `order_lines` WHEN OLD.backordered > 0 OR NEW.backordered > 0
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at) VALUES ('backorders', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_backorders_delete` AFTER DELETE ON `order_lines` WHEN OLD.backordered > 0
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at) VALUES ('backorders', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_backorders_order` AFTER UPDATE OF channel, status, created_at ON `orders` WHEN EXISTS (SELECT 1 FROM order_lines WHERE order_id = NEW.id AND backordered > 0)
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at) VALUES ('backorders', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
--> statement-breakpoint
CREATE TRIGGER `kpi_backorders_short_pick` AFTER INSERT ON `exceptions` WHEN NEW.kind = 'short_pick'
BEGIN
  INSERT INTO kpi_dirty_hours (hour, changed_at) VALUES ('backorders', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (hour) DO UPDATE SET changed_at = excluded.changed_at;
END;
