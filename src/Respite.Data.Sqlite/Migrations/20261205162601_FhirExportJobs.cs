using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Types = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Since = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CurrentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ResourcesWritten = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputJson = table.Column<string>(type: "TEXT", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
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
