CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`topic` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`message` text NOT NULL,
	`payload` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`delivered_at` text
);
--> statement-breakpoint
CREATE INDEX `notification_outbox_pending` ON `notification_outbox` (`delivered_at`,`id`);--> statement-breakpoint
CREATE TABLE `return_events` (
	`id` text PRIMARY KEY NOT NULL,
	`return_id` text NOT NULL,
	`at` text NOT NULL,
	`type` text NOT NULL,
	`message` text NOT NULL,
	`actor` text
);
--> statement-breakpoint
CREATE INDEX `return_events_return` ON `return_events` (`return_id`,`at`);--> statement-breakpoint
CREATE TABLE `return_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`return_id` text NOT NULL,
	`order_line_id` text NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`received` integer DEFAULT 0 NOT NULL,
	`restocked` integer DEFAULT 0 NOT NULL,
	`quarantined` integer DEFAULT 0 NOT NULL,
	`written_off` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "return_lines_quantity" CHECK("return_lines"."quantity" > 0),
	CONSTRAINT "return_lines_received" CHECK("return_lines"."received" <= "return_lines"."quantity"),
	CONSTRAINT "return_lines_dispositions" CHECK("return_lines"."received" = "return_lines"."restocked" + "return_lines"."quarantined" + "return_lines"."written_off")
);
--> statement-breakpoint
CREATE INDEX `return_lines_return` ON `return_lines` (`return_id`);--> statement-breakpoint
CREATE INDEX `return_lines_order_line` ON `return_lines` (`order_line_id`);--> statement-breakpoint
CREATE TABLE `return_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`auto_approve` integer NOT NULL,
	`window_days` integer NOT NULL,
	`max_auto_value` integer NOT NULL,
	`exchange_ship` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `return_refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`return_id` text,
	`order_id` text NOT NULL,
	`channel` text NOT NULL,
	`external_refund_id` text,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`amount` integer,
	`lines_amount` integer,
	`shipping_amount` integer,
	`restocking_fee` integer,
	`channel_amount` integer,
	`note` text,
	`error` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `return_refunds_external` ON `return_refunds` (`channel`,`external_refund_id`);--> statement-breakpoint
CREATE INDEX `return_refunds_return` ON `return_refunds` (`return_id`);--> statement-breakpoint
CREATE INDEX `return_refunds_order` ON `return_refunds` (`order_id`);--> statement-breakpoint
CREATE TABLE `returns` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`order_id` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`approval` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`decision_note` text,
	`label_requested` integer DEFAULT false NOT NULL,
	`receiving_location` text,
	`label_carrier` text,
	`label_service` text,
	`label_tracking_code` text,
	`label_url` text,
	`label_cost` integer,
	`label_currency` text,
	`exchange_order_id` text,
	`exchange_ship` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `returns_number_unique` ON `returns` (`number`);--> statement-breakpoint
CREATE INDEX `returns_status` ON `returns` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `returns_order` ON `returns` (`order_id`);--> statement-breakpoint
ALTER TABLE `skus` ADD `final_sale` integer DEFAULT false NOT NULL;