using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SessionCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EnteredInErrorAt",
                table: "vitals_readings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnteredInErrorByUserId",
                table: "vitals_readings",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnteredInErrorReason",
                table: "vitals_readings",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EnteredInErrorAt",
                table: "side_effects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnteredInErrorByUserId",
                table: "side_effects",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnteredInErrorReason",
                table: "side_effects",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EnteredInErrorAt",
                table: "dose_events",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnteredInErrorByUserId",
                table: "dose_events",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnteredInErrorReason",
                table: "dose_events",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "session_addenda",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AuthorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_session_addenda", x => x.Id);
                    table.ForeignKey(
                        name: "FK_session_addenda_treatment_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "treatment_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_session_addenda_SessionId_At",
                table: "session_addenda",
                columns: new[] { "SessionId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "session_addenda");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorAt",
                table: "vitals_readings");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorByUserId",
                table: "vitals_readings");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorReason",
                table: "vitals_readings");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorAt",
                table: "side_effects");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorByUserId",
                table: "side_effects");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorReason",
                table: "side_effects");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorAt",
                table: "dose_events");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorByUserId",
                table: "dose_events");

            migrationBuilder.DropColumn(
                name: "EnteredInErrorReason",
                table: "dose_events");
        }
    }
}
