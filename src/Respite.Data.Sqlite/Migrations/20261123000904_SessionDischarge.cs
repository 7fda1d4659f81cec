using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SessionDischarge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Ambulating",
                table: "treatment_sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClinicallyReadyAt",
                table: "treatment_sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DischargeNote",
                table: "treatment_sessions",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DischargedAt",
                table: "treatment_sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DischargedByUserId",
                table: "treatment_sessions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "EscortPresent",
                table: "treatment_sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PrescriberSignedAt",
                table: "treatment_sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrescriberSignedByUserId",
                table: "treatment_sessions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "side_effects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Effect = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CadssTotal = table.Column<int>(type: "INTEGER", nullable: true),
                    Intervention = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_side_effects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_side_effects_treatment_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "treatment_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_side_effects_SessionId_At",
                table: "side_effects",
                columns: new[] { "SessionId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "side_effects");

            migrationBuilder.DropColumn(
                name: "Ambulating",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "ClinicallyReadyAt",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "DischargeNote",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "DischargedAt",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "DischargedByUserId",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "EscortPresent",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "PrescriberSignedAt",
                table: "treatment_sessions");

            migrationBuilder.DropColumn(
                name: "PrescriberSignedByUserId",
                table: "treatment_sessions");
        }
    }
}
