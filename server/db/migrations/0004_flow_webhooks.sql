CREATE TABLE "bot_webhook_deliveries" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"message_id" text NOT NULL,
	"action_index" integer NOT NULL,
	"flow" text NOT NULL,
	"locale" text NOT NULL,
	"url" text NOT NULL,
	"slots" jsonb NOT NULL,
	"request_number" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"response_status" integer,
	"locked_until" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_webhook_deliveries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "bot_webhook_secrets" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_webhook_deliveries" ADD CONSTRAINT "bot_webhook_deliveries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_webhook_secrets" ADD CONSTRAINT "bot_webhook_secrets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bot_webhook_deliveries_message_uq" ON "bot_webhook_deliveries" USING btree ("workspace_id","message_id","action_index");--> statement-breakpoint
CREATE INDEX "bot_webhook_deliveries_pending_idx" ON "bot_webhook_deliveries" USING btree ("updated_at") WHERE "bot_webhook_deliveries"."status" = 'pending';