CREATE TABLE "wechat_access_tokens" (
	"workspace_id" text NOT NULL,
	"app_id" text NOT NULL,
	"credential_hash" text NOT NULL,
	"access_token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wechat_access_tokens_workspace_id_app_id_pk" PRIMARY KEY("workspace_id","app_id")
);
--> statement-breakpoint
ALTER TABLE "wechat_access_tokens" ADD CONSTRAINT "wechat_access_tokens_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;