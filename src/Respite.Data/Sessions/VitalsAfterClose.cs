using Microsoft.EntityFrameworkCore;

namespace Respite.Data.Sessions;

/// <summary>
/// The database refuses a vitals reading recorded after its session was discharged or cancelled: a trigger on
/// <c>vitals_readings</c> on both providers (migration <c>VitalsAfterClose</c>) compares the reading's
/// <see cref="VitalsReading.RecordedAt"/> with the session's <see cref="TreatmentSession.DischargedAt"/> and
/// <see cref="TreatmentSession.CancelledAt"/>. A reading recorded before the close (a clinic's history, a reading
/// charted in the same save as the discharge) passes. The refusal fails the whole save, so nothing of it is written.
/// </summary>
public static class VitalsAfterClose
{
    /// <summary>The trigger's name, which both providers' refusal message begins with.</summary>
    public const string Trigger = "vitals_readings_after_close";

    /// <summary>Whether a failed save was refused by this trigger (SQLite's RAISE(ABORT), PostgreSQL's check_violation).</summary>
    public static bool Is(DbUpdateException exception) =>
        exception.InnerException?.Message.Contains(Trigger + ":", StringComparison.Ordinal) == true;
}
