using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Postgres.Migrations
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
                CREATE FUNCTION respite_vitals_after_close() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM treatment_sessions s WHERE s."Id" = NEW."SessionId"
                               AND (NEW."RecordedAt" > s."DischargedAt" OR NEW."RecordedAt" > s."CancelledAt")) THEN
                        RAISE EXCEPTION 'vitals_readings_after_close: the session is closed' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER vitals_readings_after_close BEFORE INSERT ON vitals_readings FOR EACH ROW EXECUTE FUNCTION respite_vitals_after_close();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS vitals_readings_after_close ON vitals_readings;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS respite_vitals_after_close();");
        }
    }
}
