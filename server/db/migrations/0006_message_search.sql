CREATE TABLE "message_search" (
	"workspace_id" text NOT NULL,
	"message_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"terms" "tsvector" NOT NULL,
	CONSTRAINT "message_search_workspace_id_message_id_pk" PRIMARY KEY("workspace_id","message_id")
);
--> statement-breakpoint
ALTER TABLE "message_search" ADD CONSTRAINT "message_search_workspace_id_message_id_messages_workspace_id_id_fk" FOREIGN KEY ("workspace_id","message_id") REFERENCES "public"."messages"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_search_terms_idx" ON "message_search" USING gin ("terms");--> statement-breakpoint
CREATE INDEX "message_search_recent_idx" ON "message_search" USING btree ("workspace_id","created_at","message_id");