CREATE TABLE "faq_versions" (
	"workspace_id" text NOT NULL,
	"faq_id" text NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed" text[] DEFAULT '{}' NOT NULL,
	"note" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "faq_versions_workspace_id_faq_id_version_pk" PRIMARY KEY("workspace_id","faq_id","version")
);
--> statement-breakpoint
ALTER TABLE "faq_items" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "faq_items" ADD COLUMN "valid_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "faq_items" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "faq_versions" ADD CONSTRAINT "faq_versions_workspace_id_faq_id_faq_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","faq_id") REFERENCES "public"."faq_items"("workspace_id","id") ON DELETE cascade ON UPDATE no action;