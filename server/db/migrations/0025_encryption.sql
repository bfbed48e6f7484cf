CREATE TABLE "encryption_keys" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"purpose" text NOT NULL,
	"status" text NOT NULL,
	"wrapped" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "encryption_keys_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "encryption_settings" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"encrypt_messages" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_identities" DROP CONSTRAINT "contact_identities_kind_value_uq";--> statement-breakpoint
DROP INDEX "contacts_workspace_email_idx";--> statement-breakpoint
DROP INDEX "contacts_workspace_phone_idx";--> statement-breakpoint
ALTER TABLE "contact_identities" ADD COLUMN "value_hash" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "email_hash" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phone_hash" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "key_id" text;--> statement-breakpoint
ALTER TABLE "encryption_keys" ADD CONSTRAINT "encryption_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encryption_settings" ADD CONSTRAINT "encryption_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "encryption_keys_one_active_uq" ON "encryption_keys" USING btree ("workspace_id","purpose") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "contacts_workspace_email_hash_idx" ON "contacts" USING btree ("workspace_id","email_hash");--> statement-breakpoint
CREATE INDEX "contacts_workspace_phone_hash_idx" ON "contacts" USING btree ("workspace_id","phone_hash");--> statement-breakpoint
ALTER TABLE "contact_identities" ADD CONSTRAINT "contact_identities_kind_value_hash_uq" UNIQUE("workspace_id","kind","value_hash");