using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Postgres.Migrations
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
                    PatientId = table.Column<Guid>(type: "uuid", nullable: false),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Modality = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Indication = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FirstTreatmentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastTreatmentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SessionsGiven = table.Column<int>(type: "integer", nullable: false),
                    BaselinePhq9 = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    LatestPhq9 = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    BaselinePain = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    LatestPain = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    PainIsPeg = table.Column<bool>(type: "boolean", nullable: false),
                    Responded = table.Column<bool>(type: "boolean", nullable: true),
                    Remitted = table.Column<bool>(type: "boolean", nullable: true),
                    PainMeaningful = table.Column<bool>(type: "boolean", nullable: true),
                    DualResponse = table.Column<bool>(type: "boolean", nullable: true),
                    RespondedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RelapsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResponseDurationDays = table.Column<double>(type: "double precision", nullable: true),
                    TrajectoryJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SettingsFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
