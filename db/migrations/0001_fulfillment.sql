CREATE TABLE `operations` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`target` text NOT NULL,
	`result` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pick_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`location` text NOT NULL,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`completed_at` text
);
--> statement-breakpoint
CREATE INDEX `pick_lists_location` ON `pick_lists` (`location`,`status`);--> statement-breakpoint
CREATE TABLE `shipment_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`shipment_id` text NOT NULL,
	`allocation_id` text NOT NULL,
	`order_line_id` text NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`picked` integer DEFAULT 0 NOT NULL,
	`packed` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipment_lines_allocation_id_unique` ON `shipment_lines` (`allocation_id`);--> statement-breakpoint
CREATE INDEX `shipment_lines_shipment` ON `shipment_lines` (`shipment_id`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`location` text NOT NULL,
	`method` text DEFAULT 'ship' NOT NULL,
	`status` text NOT NULL,
	`pick_list_id` text,
	`carrier` text,
	`service` text,
	`tracking_code` text,
	`label_url` text,
	`label_cost` integer,
	`label_currency` text,
	`packages` text,
	`order_placed_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`label_purchased_at` text,
	`shipped_at` text,
	`delivered_at` text,
	`updated_at` text
);
--> statement-breakpoint
CREATE INDEX `shipments_order` ON `shipments` (`order_id`);--> statement-breakpoint
CREATE INDEX `shipments_location_status` ON `shipments` (`location`,`status`);--> statement-breakpoint
CREATE INDEX `shipments_pick_list` ON `shipments` (`pick_list_id`);--> statement-breakpoint
CREATE TABLE `sku_bins` (
	`sku` text NOT NULL,
	`location` text NOT NULL,
	`bin` text NOT NULL,
	PRIMARY KEY(`sku`, `location`)
);
