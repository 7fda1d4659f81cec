using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OutcomeSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "patient_outcome_snapshots",
                columns: table => new
                {
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LocationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Modality = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Indication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FirstTreatmentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastTreatmentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SessionsGiven = table.Column<int>(type: "INTEGER", nullable: false),
                    BaselinePhq9 = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    LatestPhq9 = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    BaselinePain = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    LatestPain = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    PainIsPeg = table.Column<bool>(type: "INTEGER", nullable: false),
                    Responded = table.Column<bool>(type: "INTEGER", nullable: true),
                    Remitted = table.Column<bool>(type: "INTEGER", nullable: true),
                    PainMeaningful = table.Column<bool>(type: "INTEGER", nullable: true),
                    DualResponse = table.Column<bool>(type: "INTEGER", nullable: true),
                    RespondedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RelapsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResponseDurationDays = table.Column<double>(type: "REAL", nullable: true),
                    TrajectoryJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SettingsFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_outcome_snapshots", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_patient_outcome_snapshots_locations_LocationId",
                        column: x => x.LocationId,
                        principalTable: "locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_patient_outcome_snapshots_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_patient_outcome_snapshots_FirstTreatmentAt",
                table: "patient_outcome_snapshots",
                column: "FirstTreatmentAt");

            migrationBuilder.CreateIndex(
                name: "IX_patient_outcome_snapshots_LocationId_FirstTreatmentAt",
                table: "patient_outcome_snapshots",
                columns: new[] { "LocationId", "FirstTreatmentAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patient_outcome_snapshots");
        }
    }
}
