CREATE TABLE "faq_items" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"key" text NOT NULL,
	"locale" text NOT NULL,
	"question" text NOT NULL,
	"similar" text[] DEFAULT '{}' NOT NULL,
	"answer" text NOT NULL,
	"short_answer" text,
	"category" text[] DEFAULT '{}' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "faq_items_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "bot_counters" (
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "bot_counters_workspace_id_name_pk" PRIMARY KEY("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "bot_dictionary" (
	"workspace_id" text NOT NULL,
	"word" text NOT NULL,
	"type" text DEFAULT 'term' NOT NULL,
	CONSTRAINT "bot_dictionary_workspace_id_word_pk" PRIMARY KEY("workspace_id","word")
);
--> statement-breakpoint
CREATE TABLE "bot_flows" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_flows_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "bot_intents" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"examples" jsonb NOT NULL,
	"response" jsonb,
	"action" text DEFAULT 'answer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_intents_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "bot_requests" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"conversation_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"message_id" text NOT NULL,
	"slots" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_requests_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "bot_sessions" (
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_sessions_workspace_id_conversation_id_pk" PRIMARY KEY("workspace_id","conversation_id")
);
--> statement-breakpoint
ALTER TABLE "inboxes" ADD COLUMN "bot_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "faq_items" ADD CONSTRAINT "faq_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_counters" ADD CONSTRAINT "bot_counters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_dictionary" ADD CONSTRAINT "bot_dictionary_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_flows" ADD CONSTRAINT "bot_flows_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_intents" ADD CONSTRAINT "bot_intents_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_requests" ADD CONSTRAINT "bot_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_sessions" ADD CONSTRAINT "bot_sessions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "faq_items_key_locale_uq" ON "faq_items" USING btree ("workspace_id","key","locale");--> statement-breakpoint
CREATE INDEX "faq_items_status_idx" ON "faq_items" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_flows_name_uq" ON "bot_flows" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_intents_name_uq" ON "bot_intents" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_requests_number_uq" ON "bot_requests" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_requests_message_uq" ON "bot_requests" USING btree ("workspace_id","message_id");