CREATE TABLE "gap_suggestions" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"locale" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"question" text NOT NULL,
	"similar" text[] DEFAULT '{}' NOT NULL,
	"examples" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"draft_answer" text,
	"count" integer NOT NULL,
	"signals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_asked_at" timestamp with time zone NOT NULL,
	"faq_id" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gap_suggestions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "gap_suggestions" ADD CONSTRAINT "gap_suggestions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gap_suggestions_list_idx" ON "gap_suggestions" USING btree ("workspace_id","status","count");--> statement-breakpoint
CREATE INDEX "messages_gap_idx" ON "messages" USING btree ("workspace_id","created_at") WHERE "messages"."content_attributes" ? 'gap';