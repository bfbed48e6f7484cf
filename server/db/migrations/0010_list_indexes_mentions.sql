CREATE TABLE "note_mentions" (
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"message_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"author_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "note_mentions_workspace_id_user_id_message_id_pk" PRIMARY KEY("workspace_id","user_id","message_id")
);
--> statement-breakpoint
DROP INDEX "conversations_inbox_list_idx";--> statement-breakpoint
ALTER TABLE "note_mentions" ADD CONSTRAINT "note_mentions_workspace_id_message_id_messages_workspace_id_id_fk" FOREIGN KEY ("workspace_id","message_id") REFERENCES "public"."messages"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "note_mentions_recent_idx" ON "note_mentions" USING btree ("workspace_id","user_id","created_at","message_id");--> statement-breakpoint
CREATE INDEX "note_mentions_unread_idx" ON "note_mentions" USING btree ("workspace_id","user_id","conversation_id") WHERE "note_mentions"."read_at" is null;--> statement-breakpoint
CREATE INDEX "conversations_recent_idx" ON "conversations" USING btree ("workspace_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_assignee_list_idx" ON "conversations" USING btree ("workspace_id","assignee_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_team_list_idx" ON "conversations" USING btree ("workspace_id","team_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_inbox_list_idx" ON "conversations" USING btree ("workspace_id","status","last_message_at","id");