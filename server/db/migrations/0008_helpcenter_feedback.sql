CREATE TABLE "helpcenter_feedback" (
	"workspace_id" text NOT NULL,
	"target_type" text NOT NULL,
	"target_key" text NOT NULL,
	"visitor_id" text NOT NULL,
	"locale" text NOT NULL,
	"helpful" boolean NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "helpcenter_feedback_workspace_id_target_type_target_key_visitor_id_pk" PRIMARY KEY("workspace_id","target_type","target_key","visitor_id")
);
--> statement-breakpoint
ALTER TABLE "helpcenter_feedback" ADD CONSTRAINT "helpcenter_feedback_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;