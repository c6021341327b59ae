CREATE TABLE `carrier_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`name` text NOT NULL,
	`config_sealed` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `label_purchases` (
	`key` text PRIMARY KEY NOT NULL,
	`shipment_id` text NOT NULL,
	`package_no` integer NOT NULL,
	`account_id` text NOT NULL,
	`state` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `label_purchases_shipment` ON `label_purchases` (`shipment_id`);