ALTER TABLE `returns` ADD `external_return_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `returns_external` ON `returns` (`order_id`,`external_return_id`);