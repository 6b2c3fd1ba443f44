using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpPlatform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddCallerToAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "client_id",
                table: "tool_call_audit",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "scopes",
                table: "tool_call_audit",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subject",
                table: "tool_call_audit",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tool_call_audit_tenant_id_subject_started_at_id",
                table: "tool_call_audit",
                columns: new[] { "tenant_id", "subject", "started_at", "id" },
                filter: "subject IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tool_call_audit_tenant_id_subject_started_at_id",
                table: "tool_call_audit");

            migrationBuilder.DropColumn(
                name: "client_id",
                table: "tool_call_audit");

            migrationBuilder.DropColumn(
                name: "scopes",
                table: "tool_call_audit");

            migrationBuilder.DropColumn(
                name: "subject",
                table: "tool_call_audit");
        }
    }
}
