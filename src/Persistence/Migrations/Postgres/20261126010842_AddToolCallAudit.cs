using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace McpPlatform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddToolCallAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tool_call_audit",
                schema: "mcp",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    tool = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    api_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    key_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    session_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    request_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    upstream_status = table.Column<int>(type: "integer", nullable: true),
                    duration_ms = table.Column<double>(type: "double precision", nullable: false),
                    upstream_duration_ms = table.Column<double>(type: "double precision", nullable: true),
                    idempotent_replay = table.Column<bool>(type: "boolean", nullable: false),
                    trace_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tool_call_audit", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tool_call_audit_started_at",
                schema: "mcp",
                table: "tool_call_audit",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_tool_call_audit_tenant_id_started_at_id",
                schema: "mcp",
                table: "tool_call_audit",
                columns: new[] { "tenant_id", "started_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tool_call_audit_tenant_id_tool_started_at_id",
                schema: "mcp",
                table: "tool_call_audit",
                columns: new[] { "tenant_id", "tool", "started_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tool_call_audit",
                schema: "mcp");
        }
    }
}
