using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Respite.Clinical.Patients;
using Respite.Clinical.Protocols;
using Respite.Clinical.Scheduling;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Patients;
using Respite.Data.Plans;
using Respite.Data.Scheduling;
using Respite.Data.Sessions;
using Respite.Web.Features.Outcomes;

namespace Respite.Web.Tooling;

/// <summary>The size and shape of a generated clinic history.</summary>
/// <param name="Patients">Patients to create.</param>
/// <param name="Seed">Seed of the random generator: the same seed and size give the same history.</param>
/// <param name="Years">How far back the clinic's history reaches.</param>
/// <param name="Locations">Clinic locations the patients are spread over.</param>
public sealed record HistoryOptions(int Patients = 10_000, int Seed = 20261204, int Years = 5, int Locations = 3);

/// <summary>What was written.</summary>
public sealed record HistoryCounts(int Patients, int Sessions, int Vitals, int Doses, int Assessments, int Snapshots, TimeSpan Elapsed)
{
    /// <summary>Vitals, dose events and scored questionnaires together.</summary>
    public int Observations => Vitals + Doses + Assessments;
}

/// <summary>
/// Fills a database with a realistic, deterministic clinic history for load testing: patients treated for depression,
/// chronic pain or both, with IV ketamine or esketamine; an induction series and maintenance boosters (about 20
/// sessions each on average), vitals every few minutes and dose events at each session, PHQ-9 and pain scores before
/// each session and weekly between them. Trajectories follow the patient's type — responders, partial responders,
/// non-responders, and responders who later relapse — with noise. PostgreSQL is written with binary COPY; other
/// providers through EF Core. The outcome snapshots are then computed as the application would.
/// </summary>
public sealed class ClinicHistoryGenerator(RespiteDbContext db, OutcomeSnapshotService snapshots, TimeProvider clock)
{
    private const string Author = "history-generator";
    private const int ChunkPatients = 500;

    private static readonly string[] GivenNames = ["Alex", "Sam", "Jordan", "Morgan", "Casey", "Riley", "Taylor", "Jamie", "Avery", "Quinn", "Drew", "Robin"];
    private static readonly string[] FamilyNames = ["Smith", "Garcia", "Chen", "Okafor", "Novak", "Silva", "Kowalski", "Haddad", "Ito", "Larsen", "Murphy", "Singh"];

    public async Task<HistoryCounts> GenerateAsync(HistoryOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Locations, 1);
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var locations = Enumerable.Range(1, options.Locations).Select(i => new Location
        {
            Id = DeterministicGuid(options.Seed, (1L << 47) + i),
            Name = $"Generated clinic {i}",
            TimeZoneId = "America/New_York",
            Version = Guid.NewGuid(),
            BookingStamp = Guid.NewGuid(),
        }).ToList();
        var known = await db.Locations.Select(l => l.Id).ToListAsync(cancellationToken);
        db.Locations.AddRange(locations.Where(l => !known.Contains(l.Id)));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var sink = db.Database.IsNpgsql() ? (ISink)new CopySink(db) : new EfSink(db);
        int sessions = 0, vitals = 0, doses = 0, assessments = 0;
        var ids = new List<Guid>(options.Patients);
        for (var start = 0; start < options.Patients; start += ChunkPatients)
        {
            var batch = new Batch();
            for (var index = start; index < Math.Min(options.Patients, start + ChunkPatients); index++)
            {
                GeneratePatient(batch, options, index, locations[index % locations.Count].Id, now);
            }

            await sink.WriteAsync(batch.Patients, cancellationToken);
            await sink.WriteAsync(batch.Conditions, cancellationToken);
            await sink.WriteAsync(batch.Plans, cancellationToken);
            await sink.WriteAsync(batch.Appointments, cancellationToken);
            await sink.WriteAsync(batch.Sessions, cancellationToken);
            await sink.WriteAsync(batch.Vitals, cancellationToken);
            await sink.WriteAsync(batch.Doses, cancellationToken);
            await sink.WriteAsync(batch.Assessments, cancellationToken);
            ids.AddRange(batch.Patients.Select(p => p.Id));
            sessions += batch.Sessions.Count;
            vitals += batch.Vitals.Count;
            doses += batch.Doses.Count;
            assessments += batch.Assessments.Count;
            log?.Invoke($"{ids.Count} patients, {sessions} sessions, {vitals + doses + assessments} observations ({watch.Elapsed.TotalSeconds:F0} s)");
        }

        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
        }

        var snapshotWatch = Stopwatch.StartNew();
        var written = await snapshots.RecomputeAsync(ids, cancellationToken);
        log?.Invoke($"{written} outcome snapshots in {snapshotWatch.Elapsed.TotalSeconds:F1} s");
        return new HistoryCounts(ids.Count, sessions, vitals, doses, assessments, written, watch.Elapsed);
    }

    private sealed class Batch
    {
        public List<Patient> Patients { get; } = [];

        public List<PatientCondition> Conditions { get; } = [];

        public List<TreatmentPlan> Plans { get; } = [];

        public List<Appointment> Appointments { get; } = [];

        public List<TreatmentSession> Sessions { get; } = [];

        public List<VitalsReading> Vitals { get; } = [];

        public List<DoseEvent> Doses { get; } = [];

        public List<Assessment> Assessments { get; } = [];
    }

    private enum Course
    {
        Responder,
        Partial,
        NonResponder,
        Relapser,
    }

    /// <summary>A version-4-shaped id from the seed and a running number (below 2⁴⁸), so that a run is repeatable.</summary>
    private static Guid DeterministicGuid(int seed, long n)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, n & 0xFFFF_FFFF_FFFF);
        bytes[7] = 0x40;
        bytes[8] = 0x80;
        BitConverter.TryWriteBytes(bytes[9..], seed);
        return new Guid(bytes);
    }

    private static void GeneratePatient(Batch batch, HistoryOptions options, int index, Guid locationId, DateTimeOffset now)
    {
        // Not HashCode.Combine: it is seeded per process, and the same seed must give the same clinic in every run.
        var random = new Random(unchecked((options.Seed * 1_000_003) + index));
        long sequence = (long)index << 20;
        Guid NextId() => DeterministicGuid(options.Seed, sequence++);
        double Normal(double mean, double sd) => mean + (sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

        var roll = random.NextDouble();
        var (depression, pain) = roll < 0.5 ? (true, false) : roll < 0.7 ? (false, true) : (true, true);
        var esketamine = depression && !pain && random.NextDouble() < 0.3;
        var course = random.NextDouble() switch
        {
            < 0.35 => Course.Responder,
            < 0.55 => Course.Relapser,
            < 0.75 => Course.Partial,
            _ => Course.NonResponder,
        };

        var historyDays = options.Years * 365.0;
        var firstDay = now.Date.AddDays(-Math.Max(14, random.NextDouble() * historyDays));
        var first = new DateTimeOffset(firstDay, TimeSpan.Zero).AddHours(13 + random.Next(0, 5));
        var given = GivenNames[random.Next(GivenNames.Length)];
        var family = FamilyNames[random.Next(FamilyNames.Length)];
        var patient = new Patient
        {
            Id = NextId(),
            RecordNumber = $"G-{index + 1:D7}",
            GivenName = given,
            FamilyName = family,
            DateOfBirth = new DateOnly(1950 + random.Next(0, 55), 1 + random.Next(0, 12), 1 + random.Next(0, 28)),
            Sex = random.NextDouble() < 0.6 ? Sex.Female : Sex.Male,
            CreatedAt = first.AddDays(-14),
            UpdatedAt = first.AddDays(-14),
            Version = Guid.NewGuid(),
        };
        patient.RefreshSearchText();
        batch.Patients.Add(patient);
        if (depression)
        {
            batch.Conditions.Add(new PatientCondition { Id = NextId(), PatientId = patient.Id, Icd10Code = "F33.2", Text = "Major depressive disorder, recurrent severe", Category = ConditionCategory.Depression });
        }

        if (pain)
        {
            batch.Conditions.Add(new PatientCondition { Id = NextId(), PatientId = patient.Id, Icd10Code = "M79.7", Text = "Fibromyalgia", Category = ConditionCategory.ChronicPain });
        }

        var weight = Math.Round((decimal)Math.Clamp(Normal(78, 15), 45, 150), 1);
        batch.Plans.Add(new TreatmentPlan
        {
            Id = NextId(),
            PatientId = patient.Id,
            PlanGroupId = NextId(),
            VersionNumber = 1,
            Status = PlanStatus.Signed,
            ProtocolId = esketamine ? "esketamine-trd" : pain && !depression ? "iv-chronic-pain" : "iv-depression",
            Modality = esketamine ? Modality.EsketamineNasalSpray : pain && !depression ? Modality.IvKetamineChronicPain : Modality.IvKetamineDepression,
            Indications = [.. depression ? ["depression"] : Array.Empty<string>(), .. pain ? ["chronic-pain"] : Array.Empty<string>()],
            Phase = PhaseKind.Induction,
            StartDate = DateOnly.FromDateTime(first.UtcDateTime),
            WeightKg = weight,
            ConcentrationMgPerMl = esketamine ? 0 : 1m,
            DoseMgPerKg = esketamine ? null : 0.5m,
            FixedDoseMg = esketamine ? 56 : null,
            DurationMinutes = esketamine ? null : 40,
            CreatedAt = first.AddDays(-7),
            CreatedByUserId = Author,
            SignedAt = first.AddDays(-6),
            SignedByUserId = Author,
            Version = Guid.NewGuid(),
        });

        // Induction: six infusions over about three weeks (esketamine: twice a week for four weeks), then boosters
        // every 2–6 weeks while the patient stays in care.
        var days = new List<double>();
        var induction = esketamine ? 8 : 6;
        for (var i = 0; i < induction; i++)
        {
            days.Add(esketamine ? i * 3.5 : i * 3.5 - (i % 2));
        }

        var boosters = Math.Max(0, (int)Math.Round(Normal(14, 8)));
        var day = days[^1];
        for (var i = 0; i < boosters; i++)
        {
            day += 14 + random.Next(0, 29);
            days.Add(day);
        }

        days = [.. days.Where(d => first.AddDays(d) < now.AddHours(-4))];
        var seriesEnd = days[Math.Min(induction, days.Count) - 1];

        // Scores: the baseline, a course-shaped curve, and noise.
        var baselinePhq = Math.Clamp(Math.Round(Normal(18, 4)), 10, 27);
        var baselinePain = Math.Clamp(Math.Round(Normal(6.5, 1.5)), 3, 10);
        var depth = course switch
        {
            Course.Responder or Course.Relapser => 0.25 + (random.NextDouble() * 0.2),
            Course.Partial => 0.6 + (random.NextDouble() * 0.1),
            _ => 0.85 + (random.NextDouble() * 0.2),
        };
        var relapseDay = course == Course.Relapser ? seriesEnd + 14 + (random.NextDouble() * 120) : double.MaxValue;
        double Level(double t)
        {
            var improvement = 1 - Math.Exp(-Math.Max(0, t) / 7);
            var fraction = 1 - ((1 - depth) * improvement);
            if (t > relapseDay)
            {
                fraction += (0.9 - fraction) * (1 - Math.Exp(-(t - relapseDay) / 10));
            }

            return fraction;
        }

        void Score(string code, double t, AssessmentContext context)
        {
            var at = first.AddDays(t);
            if (at > now)
            {
                return;
            }

            var phq = code == "phq9";
            var value = phq
                ? (decimal)Math.Clamp(Math.Round((baselinePhq * Level(t)) + Normal(0, 1.5)), 0, 27)
                : (decimal)Math.Clamp(Math.Round((baselinePain * (0.5 + (0.5 * Level(t)))) + Normal(0, 0.7)), 0, 10);
            batch.Assessments.Add(new Assessment
            {
                Id = NextId(),
                PatientId = patient.Id,
                InstrumentCode = code,
                AnswersJson = phq ? Phq9Answers((int)value) : $"[{value}]",
                Total = value,
                Band = phq ? Phq9Band(value) : value == 0 ? "none" : value <= 4 ? "mild" : value <= 6 ? "moderate" : "severe",
                Context = context,
                Respondent = Respondent.Patient,
                AnsweredAt = at,
                RecordedAt = at.AddMinutes(1),
                RecordedByUserId = Author,
            });
        }

        foreach (var code in Codes(depression, pain))
        {
            Score(code, -1, AssessmentContext.Intake);
        }

        var followUntil = Math.Min((now - first).TotalDays, days[^1] + 28 + random.Next(0, 60));
        for (var week = 7.0; week <= followUntil; week += 7)
        {
            foreach (var code in Codes(depression, pain))
            {
                Score(code, week - 0.2, AssessmentContext.Diary);
            }
        }

        foreach (var (sessionDay, number) in days.Select((d, i) => (d, i)))
        {
            var start = first.AddDays(sessionDay);
            foreach (var code in Codes(depression, pain))
            {
                Score(code, sessionDay - 0.02, AssessmentContext.PreSession);
            }

            var minutes = esketamine ? 130 : 100;
            var appointment = new Appointment
            {
                Id = NextId(),
                PatientId = patient.Id,
                LocationId = locationId,
                Kind = esketamine ? AppointmentKind.EsketamineSession : AppointmentKind.IvInfusion,
                Status = AppointmentStatus.Completed,
                Start = start,
                End = start.AddMinutes(minutes),
                Sequence = number + 1,
                CreatedAt = start.AddDays(-7),
                CreatedByUserId = Author,
            };
            batch.Appointments.Add(appointment);
            var session = new TreatmentSession
            {
                Id = NextId(),
                PatientId = patient.Id,
                AppointmentId = appointment.Id,
                Kind = esketamine ? SessionKind.Esketamine : SessionKind.IvInfusion,
                Status = SessionStatus.Discharged,
                CheckedInAt = start,
                CheckedInByUserId = Author,
                WeightKg = weight,
                RideHomeArranged = true,
                RemsEnrolled = esketamine ? true : null,
                ConcentrationMgPerMl = esketamine ? null : 1m,
                PlannedDoseMg = esketamine ? 56 : Math.Round(weight * 0.5m, 1),
                DischargedAt = start.AddMinutes(minutes),
                DischargedByUserId = Author,
                Ambulating = true,
                EscortPresent = true,
                ClinicallyReadyAt = start.AddMinutes(minutes - 10),
                Version = Guid.NewGuid(),
            };
            batch.Sessions.Add(session);

            var systolic = Normal(124, 12);
            for (var minute = 0; minute <= minutes - 5; minute += 5)
            {
                var peak = minute is > 10 and < 70 ? 12 * Math.Sin(Math.PI * (minute - 10) / 60) : 0;
                var taken = start.AddMinutes(minute);
                batch.Vitals.Add(new VitalsReading
                {
                    Id = NextId(),
                    SessionId = session.Id,
                    TakenAt = taken,
                    PreDose = minute == 0,
                    Systolic = (int)Math.Round(systolic + peak + Normal(0, 4)),
                    Diastolic = (int)Math.Round((systolic * 0.62) + (peak / 2) + Normal(0, 3)),
                    HeartRate = (int)Math.Round(Normal(74, 6) + (peak / 2)),
                    SpO2 = (int)Math.Clamp(Math.Round(Normal(97.5, 1)), 92, 100),
                    RespiratoryRate = (int)Math.Round(Normal(15, 1.5)),
                    Moaas = minute is > 10 and < 60 ? 4 + random.Next(0, 2) : 5,
                    RecordedAt = taken.AddSeconds(30),
                    RecordedByUserId = Author,
                });
            }

            if (esketamine)
            {
                for (var device = 0; device < (random.NextDouble() < 0.5 ? 2 : 3); device++)
                {
                    var at = start.AddMinutes(10 + (device * 5));
                    batch.Doses.Add(new DoseEvent
                    {
                        Id = NextId(), SessionId = session.Id, At = at, Kind = DoseEventKind.EsketamineDevice, AmountMg = 28, LotNumber = $"L{random.Next(1000, 9999)}",
                        RecordedAt = at, RecordedByUserId = Author,
                    });
                }
            }
            else
            {
                var rate = Math.Round(weight * 0.75m, 1);
                void Dose(int minute, DoseEventKind kind, decimal? mgPerHour, string? reason = null) => batch.Doses.Add(new DoseEvent
                {
                    Id = NextId(), SessionId = session.Id, At = start.AddMinutes(minute), Kind = kind, RateMgPerHour = mgPerHour, Reason = reason,
                    RecordedAt = start.AddMinutes(minute), RecordedByUserId = Author,
                });
                Dose(10, DoseEventKind.Start, rate);
                if (random.NextDouble() < 0.3)
                {
                    Dose(25, DoseEventKind.RateChange, Math.Round(rate * 0.8m, 1), "dissociation");
                }

                Dose(50, DoseEventKind.Stop, null);
            }
        }
    }

    private static IEnumerable<string> Codes(bool depression, bool pain)
    {
        if (depression || pain)
        {
            yield return "phq9";
        }

        if (pain)
        {
            yield return "nrs-pain";
        }
    }

    private static string Phq9Band(decimal total) => total switch
    {
        <= 4 => "none-minimal",
        <= 9 => "mild",
        <= 14 => "moderate",
        <= 19 => "moderately-severe",
        _ => "severe",
    };

    /// <summary>Nine item scores (0–3) adding up to the total; item 9 (self-harm) only above 24, when the others are full.</summary>
    private static string Phq9Answers(int total)
    {
        var items = new int[9];
        total = Math.Clamp(total, 0, 27);
        for (var i = 0; total > 0 && i < 8; i++)
        {
            items[i] = Math.Min(3, total);
            total -= items[i];
        }

        items[8] = total;

        return $"[{string.Join(',', items)}]";
    }

    private interface ISink
    {
        Task WriteAsync<T>(List<T> rows, CancellationToken cancellationToken)
            where T : class;
    }

    /// <summary>Through EF Core (SQLite, small sizes).</summary>
    private sealed class EfSink(RespiteDbContext db) : ISink
    {
        public async Task WriteAsync<T>(List<T> rows, CancellationToken cancellationToken)
            where T : class
        {
            db.Set<T>().AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>PostgreSQL binary COPY, with the tables and columns taken from the EF Core model.</summary>
    private sealed class CopySink(RespiteDbContext db) : ISink
    {
        public async Task WriteAsync<T>(List<T> rows, CancellationToken cancellationToken)
            where T : class
        {
            if (rows.Count == 0)
            {
                return;
            }

            var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Where(p => p.PropertyInfo is not null).ToList();
            var names = string.Join(", ", columns.Select(p => $"\"{p.GetColumnName(table)}\""));
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync(cancellationToken);
            }

            var types = columns.Select(p => p.GetColumnType(table)).ToArray();
            await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                importer.StartRow();
                for (var i = 0; i < columns.Count; i++)
                {
                    var property = columns[i];
                    var value = property.GetGetter().GetClrValueUsingContainingEntity(row);
                    if (value is not null && property.GetTypeMapping().Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    if (value is null)
                    {
                        importer.WriteNull();
                    }
                    else
                    {
                        importer.Write(value, types[i]);
                    }
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }
    }
}
