using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpPlatform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "grain_state",
                columns: table => new
                {
                    service_id = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    state_name = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    grain_id = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    etag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grain_state", x => new { x.service_id, x.state_name, x.grain_id });
                });

            migrationBuilder.CreateTable(
                name: "membership_silo",
                columns: table => new
                {
                    cluster_id = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    silo_address = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    silo_name = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    host_name = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    role_name = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    proxy_port = table.Column<int>(type: "INTEGER", nullable: false),
                    update_zone = table.Column<int>(type: "INTEGER", nullable: false),
                    fault_zone = table.Column<int>(type: "INTEGER", nullable: false),
                    suspect_times = table.Column<string>(type: "TEXT", nullable: true),
                    start_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    i_am_alive_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    etag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_membership_silo", x => new { x.cluster_id, x.silo_address });
                });

            migrationBuilder.CreateTable(
                name: "membership_version",
                columns: table => new
                {
                    cluster_id = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_membership_version", x => x.cluster_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "grain_state");

            migrationBuilder.DropTable(
                name: "membership_silo");

            migrationBuilder.DropTable(
                name: "membership_version");
        }
    }
}
