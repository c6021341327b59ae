ALTER TABLE `listings` ADD `external` text;--> statement-breakpoint
ALTER TABLE `listings` ADD `desired_quantity` integer;--> statement-breakpoint
ALTER TABLE `listings` ADD `pushed_quantity` integer;--> statement-breakpoint
ALTER TABLE `listings` ADD `pushed_at` text;--> statement-breakpoint
ALTER TABLE `listings` ADD `sync_error` text;