using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class VitalsAfterClose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A vitals reading recorded after its session was discharged or cancelled is refused by the database itself, so
            // charting need not read the session's state first. Readings recorded before the close (the history, the
            // demo clinic, a reading charted with the discharge) pass.
            migrationBuilder.Sql("""
                CREATE TRIGGER vitals_readings_after_close BEFORE INSERT ON vitals_readings
                WHEN EXISTS (SELECT 1 FROM treatment_sessions s WHERE s."Id" = NEW."SessionId"
                             AND (NEW."RecordedAt" > s."DischargedAt" OR NEW."RecordedAt" > s."CancelledAt"))
                BEGIN SELECT RAISE(ABORT, 'vitals_readings_after_close: the session is closed'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS vitals_readings_after_close;");
        }
    }
}
