CREATE TABLE `webhook_inbox` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`topic` text NOT NULL,
	`delivery_id` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`received_at` text NOT NULL,
	`processed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_inbox_delivery` ON `webhook_inbox` (`channel`,`delivery_id`);--> statement-breakpoint
CREATE INDEX `webhook_inbox_status` ON `webhook_inbox` (`status`);--> statement-breakpoint
ALTER TABLE `channels` ADD `config_sealed` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `channels` ADD `last_order_at` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `last_synced_at` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `channel_updated_at` text;