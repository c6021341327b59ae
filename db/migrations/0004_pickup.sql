ALTER TABLE `orders` ADD `fulfillment` text DEFAULT 'ship' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `pickup_location` text;--> statement-breakpoint
ALTER TABLE `shipments` ADD `pickup_code` text;--> statement-breakpoint
ALTER TABLE `shipments` ADD `pickup_expires_at` text;