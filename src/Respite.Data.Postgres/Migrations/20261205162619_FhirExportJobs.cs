using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FhirExportJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "fhir_export_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RequestedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RequestUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Types = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CurrentType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ResourcesWritten = table.Column<long>(type: "bigint", nullable: false),
                    OutputJson = table.Column<string>(type: "text", nullable: false),
                    Error = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fhir_export_jobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_fhir_export_jobs_ExpiresAt",
                table: "fhir_export_jobs",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_fhir_export_jobs_Status_CreatedAt",
                table: "fhir_export_jobs",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fhir_export_jobs");
        }
    }
}
