using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DoseEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "ConcentrationMgPerMl",
                table: "treatment_sessions",
                type: "TEXT",
                precision: 8,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "MaxMgPerSession",
                table: "treatment_sessions",
                type: "TEXT",
                precision: 8,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "PlannedDoseMg",
                table: "treatment_sessions",
                type: "TEXT",
                precision: 8,
                scale: 2,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dose_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RateMgPerHour = table.Column<decimal>(type: "TEXT", precision: 10, scale: 3, nullable: true),
                    AmountMg = table.Column<decimal>(type: "TEXT", precision: 10, scale: 3, nullable: true),
                    LotNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dose_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dose_events_treatment_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "treatment_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dose_events_SessionId_At",
                table: "dose_events",
                columns: new[] { "SessionId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dose_events");

            migrationBuilder.DropColumn(
                name: "ConcentrationMgPerMl",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "MaxMgPerSession",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "PlannedDoseMg",
                table: "treatment_sessions");
        }
    }
}
