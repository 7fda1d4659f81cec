using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TreatmentPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "treatment_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanGroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProtocolId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Modality = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Indications = table.Column<string>(type: "TEXT", nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WeightKg = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: true),
                    WeightMeasuredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ConcentrationMgPerMl = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    DoseMgPerKg = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    RateMgPerKgPerHour = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    FixedDoseMg = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ScreeningId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OverriddenRules = table.Column<string>(type: "TEXT", nullable: false),
                    OverrideReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    SignedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SignedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_treatment_plans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_treatment_plans_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "planned_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PlannedDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DoseMg = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    DoseMgPerKg = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    RateMgPerKgPerHour = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    RateMgPerHour = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    PumpRateMlPerHour = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    Devices = table.Column<int>(type: "INTEGER", nullable: true),
                    ChecksJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_planned_sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_planned_sessions_treatment_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "treatment_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_planned_sessions_PlanId_Sequence",
                table: "planned_sessions",
                columns: new[] { "PlanId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_treatment_plans_PatientId_CreatedAt",
                table: "treatment_plans",
                columns: new[] { "PatientId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_treatment_plans_PlanGroupId_VersionNumber",
                table: "treatment_plans",
                columns: new[] { "PlanGroupId", "VersionNumber" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "planned_sessions");

            migrationBuilder.DropTable(
                name: "treatment_plans");
        }
    }
}
