CREATE TABLE "survey_requests" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"token" text NOT NULL,
	"resolution_key" text NOT NULL,
	"subject_type" text NOT NULL,
	"conversation_id" text,
	"ticket_id" text,
	"contact_id" text NOT NULL,
	"agent_id" text,
	"team_id" text,
	"channel" text NOT NULL,
	"mode" text NOT NULL,
	"locale" text NOT NULL,
	"form" jsonb NOT NULL,
	"message_id" text,
	"send_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_requests_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"survey_id" text NOT NULL,
	"rating" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel" text NOT NULL,
	"agent_id" text,
	"team_id" text,
	"subject_type" text NOT NULL,
	"conversation_id" text,
	"ticket_id" text,
	"contact_id" text NOT NULL,
	"task_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_settings" (
	"workspace_id" text NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_settings_workspace_id_pk" PRIMARY KEY("workspace_id")
);
--> statement-breakpoint
ALTER TABLE "survey_requests" ADD CONSTRAINT "survey_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_settings" ADD CONSTRAINT "survey_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_requests_token_idx" ON "survey_requests" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_requests_resolution_idx" ON "survey_requests" USING btree ("workspace_id","resolution_key");--> statement-breakpoint
CREATE INDEX "survey_requests_due_idx" ON "survey_requests" USING btree ("send_at") WHERE sent_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("workspace_id","survey_id");--> statement-breakpoint
CREATE INDEX "survey_responses_list_idx" ON "survey_responses" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "survey_responses_agent_idx" ON "survey_responses" USING btree ("workspace_id","agent_id","created_at");