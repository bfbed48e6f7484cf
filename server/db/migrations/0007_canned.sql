CREATE TABLE "canned_responses" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"scope" text NOT NULL,
	"owner_id" text,
	"title" text NOT NULL,
	"shortcut" text NOT NULL,
	"content" jsonb NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canned_responses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_workspace_id_owner_id_users_workspace_id_id_fk" FOREIGN KEY ("workspace_id","owner_id") REFERENCES "public"."users"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_workspace_shortcut_uq" ON "canned_responses" USING btree ("workspace_id","shortcut") WHERE "canned_responses"."owner_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_personal_shortcut_uq" ON "canned_responses" USING btree ("workspace_id","owner_id","shortcut") WHERE "canned_responses"."owner_id" is not null;--> statement-breakpoint
CREATE INDEX "canned_responses_owner_idx" ON "canned_responses" USING btree ("workspace_id","owner_id");