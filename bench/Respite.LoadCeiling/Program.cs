using Microsoft.EntityFrameworkCore;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Postgres;
using Respite.Data.Sqlite;
using Respite.Data.Sessions;

// The ceiling of the stack Respite runs on: ASP.NET Core, EF Core and the same database, doing only the single insert
// or select that charting vitals and opening a chart come down to, with no authentication, rules or audit; and the
// least a charting write through SaveChanges does (the session read, the reading and its audit event in one transaction).
// bench/load/run.sh drives it with the same load as the application, against the database the application migrated.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var provider = RespiteDatabase.ParseProvider(builder.Configuration["Database:Provider"]);
var connectionString = builder.Configuration.GetConnectionString("Respite")
    ?? throw new InvalidOperationException("ConnectionStrings:Respite is required.");
builder.Services.AddDbContextPool<RespiteDbContext>(options =>
{
    if (provider == DatabaseProvider.Postgres)
    {
        PostgresDatabase.Configure(options, connectionString);
    }
    else
    {
        SqliteDatabase.Configure(options, connectionString);
    }
});

var app = builder.Build();
if (provider == DatabaseProvider.Sqlite && SqliteCheckpoint.IsFile(connectionString))
{
    // The same checkpoints as the application's (SqliteCheckpointWorker): beside the writers, every half second, so a
    // commit does not copy the log into the database file itself (docs/benchmarks.md change 17).
    app.Lifetime.ApplicationStarted.Register(() => _ = CheckpointAsync(connectionString, app.Lifetime.ApplicationStopping));
}

app.MapPost("/ceiling/sessions/{sessionId:guid}/vitals", async (Guid sessionId, VitalsBody body, RespiteDbContext db, CancellationToken ct) =>
{
    var now = DateTimeOffset.UtcNow;
    var reading = new VitalsReading
    {
        Id = Guid.NewGuid(), SessionId = sessionId, TakenAt = now, RecordedAt = now, RecordedByUserId = "ceiling",
        Systolic = body.Systolic, Diastolic = body.Diastolic, HeartRate = body.HeartRate, SpO2 = body.SpO2,
    };
    db.Add(reading);
    await db.SaveChangesAsync(ct);
    return Results.Created($"/ceiling/vitals/{reading.Id}", new { reading.Id, reading.TakenAt });
});

// The least a charting write through SaveChanges does: find the session, add the reading and its audit event in one transaction.
app.MapPost("/ceiling/sessions/{sessionId:guid}/vitals-audited", async (Guid sessionId, VitalsBody body, RespiteDbContext db, CancellationToken ct) =>
{
    var session = await db.TreatmentSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
    if (session is null)
    {
        return Results.NotFound();
    }

    var now = DateTimeOffset.UtcNow;
    var reading = new VitalsReading
    {
        Id = Guid.CreateVersion7(now), SessionId = sessionId, TakenAt = now, RecordedAt = now, RecordedByUserId = "ceiling",
        Systolic = body.Systolic, Diastolic = body.Diastolic, HeartRate = body.HeartRate, SpO2 = body.SpO2,
    };
    db.Add(reading);
    db.Add(new AuditEvent
    {
        OccurredAt = now, UserId = "ceiling", Action = AuditAction.Create, PatientId = session.PatientId, EntityType = "VitalsReading",
        EntityId = reading.Id.ToString(), Outcome = AuditOutcome.Success,
    });
    await db.SaveChangesAsync(ct);
    return Results.Created($"/ceiling/vitals/{reading.Id}", new { reading.Id, reading.TakenAt });
});

app.MapGet("/ceiling/patients/{patientId:guid}", async (Guid patientId, RespiteDbContext db, CancellationToken ct) =>
    await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId, ct) is { } patient
        ? Results.Ok(new { patient.Id, patient.GivenName, patient.FamilyName, patient.DateOfBirth })
        : Results.NotFound());

app.MapGet("/ceiling/alive", () => Results.Ok());

await app.RunAsync();

static async Task CheckpointAsync(string connectionString, CancellationToken stopping)
{
    using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
    try
    {
        while (await timer.WaitForNextTickAsync(stopping))
        {
            await SqliteCheckpoint.PassiveAsync(connectionString, stopping);
        }
    }
    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
    {
    }
}

internal sealed record VitalsBody(int? Systolic, int? Diastolic, int? HeartRate, int? SpO2);
