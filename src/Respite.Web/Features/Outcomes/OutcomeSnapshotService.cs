using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Outcomes;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Outcomes;
using Respite.Data.Patients;
using Respite.Data.Plans;
using Respite.Data.Sessions;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Outcomes;

/// <summary>The weekly PHQ-9 and pain scores kept on a snapshot (index = week since the first treatment, 0 = baseline).</summary>
public sealed record TrajectoryJson(decimal?[] Phq9, decimal?[] Pain)
{
    private const string Phq9Head = "{\"phq9\":[";
    private const string PainHead = "],\"pain\":[";
    private const string Tail = "]}";

    /// <summary>
    /// Reads the stored JSON. The dashboard reads one per treated patient, and reading them with a JSON reader was a
    /// fifth of its time (docs/benchmarks.md, change 19), so the shape the snapshot writes (<c>{"phq9":[…],"pain":[…]}</c>,
    /// plain decimals and <c>null</c>) is read directly; anything else goes through <see cref="Utf8JsonReader"/>.
    /// Both give the same values, scale included.
    /// </summary>
    public static TrajectoryJson Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParseWritten(json, out var parsed) ? parsed : ParseWithReader(json);
    }

    /// <summary>The general path: any JSON object with a <c>phq9</c> and a <c>pain</c> array of numbers or nulls.</summary>
    public static TrajectoryJson ParseWithReader(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        decimal?[] phq9 = [], pain = [];
        var values = new List<decimal?>(WeeklyTrajectory.Weeks + 1);
        string? name = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    name = reader.GetString();
                    break;
                case JsonTokenType.StartArray:
                    values.Clear();
                    break;
                case JsonTokenType.Number:
                    values.Add(reader.GetDecimal());
                    break;
                case JsonTokenType.Null:
                    values.Add(null);
                    break;
                case JsonTokenType.EndArray when name == "phq9":
                    phq9 = [.. values];
                    break;
                case JsonTokenType.EndArray when name == "pain":
                    pain = [.. values];
                    break;
            }
        }

        return new TrajectoryJson(phq9, pain);
    }

    private static bool TryParseWritten(ReadOnlySpan<char> json, out TrajectoryJson parsed)
    {
        parsed = null!;
        if (!json.StartsWith(Phq9Head, StringComparison.Ordinal) || !json.EndsWith(Tail, StringComparison.Ordinal))
        {
            return false;
        }

        var body = json[Phq9Head.Length..^Tail.Length];
        var split = body.IndexOf(PainHead, StringComparison.Ordinal);
        if (split < 0
            || !TryValues(body[..split], out var phq9)
            || !TryValues(body[(split + PainHead.Length)..], out var pain))
        {
            return false;
        }

        parsed = new TrajectoryJson(phq9, pain);
        return true;
    }

    private static bool TryValues(ReadOnlySpan<char> list, out decimal?[] values)
    {
        if (list.IsEmpty)
        {
            values = [];
            return true;
        }

        values = new decimal?[list.Count(',') + 1];
        var i = 0;
        foreach (var range in list.Split(','))
        {
            var item = list[range];
            if (item.SequenceEqual("null"))
            {
                values[i++] = null;
            }
            else if (TryDecimal(item, out var value))
            {
                values[i++] = value;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    // A plain decimal of up to 18 digits (an optional minus, digits, an optional point with digits after it), read with
    // its scale as the JSON reader keeps it: "24.0" is 24.0m, "15.33" is 15.33m.
    private static bool TryDecimal(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var point = digits.IndexOf('.');
        if (digits.IsEmpty || digits.Length > 19 || point == 0 || point == digits.Length - 1
            || (digits.Length > 1 && digits[0] == '0' && point != 1))
        {
            return false;
        }

        long mantissa = 0;
        var count = 0;
        foreach (var c in digits)
        {
            if (c == '.')
            {
                if (count != point)
                {
                    return false;
                }

                continue;
            }

            if (!char.IsAsciiDigit(c) || ++count > 18)
            {
                return false;
            }

            mantissa = (mantissa * 10) + (c - '0');
        }

        if (mantissa == 0 && negative)
        {
            return false;
        }

        var scale = point < 0 ? 0 : count - point;
        value = new decimal((int)(mantissa & 0xFFFF_FFFF), (int)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }
}

/// <summary>
/// Keeps <see cref="PatientOutcomeSnapshot"/> rows in step with the record: one patient after a new score or session,
/// everyone when the outcome settings change. The figures come from the clinical core (<see cref="OutcomeEvaluator"/>,
/// <see cref="Durability"/>, <see cref="WeeklyTrajectory"/>), the same definitions as the per-patient summary.
/// </summary>
public sealed class OutcomeSnapshotService(RespiteDbContext db, ClinicSettingsService settings, TimeProvider clock)
{
    /// <summary>The instruments a snapshot reads.</summary>
    public static readonly string[] Instruments = ["phq9", "nrs-pain", "peg3"];

    private const int BatchSize = 1000;

    /// <summary>How many times a batch is read and saved when other writes of its snapshots keep coming between.</summary>
    private const int MaxAttempts = 5;

    /// <summary>A short hash of the outcome settings, to tell snapshots computed under other settings.</summary>
    public static string Fingerprint(OutcomeSettings rules) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(rules, JsonDefaults.Options))))[..16];

    public Task RecomputeAsync(Guid patientId, CancellationToken cancellationToken = default) => RecomputeAsync([patientId], cancellationToken);

    /// <summary>Recomputes and saves the snapshots of the given patients (a patient without any session gets none).</summary>
    public async Task<int> RecomputeAsync(IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken = default)
    {
        var rules = await settings.GetOutcomeSettingsAsync(cancellationToken);
        var count = 0;
        foreach (var batch in patientIds.Distinct().Chunk(BatchSize))
        {
            count += await RecomputeBatchAsync(batch, rules, cancellationToken);
        }

        return count;
    }

    /// <summary>
    /// Recomputes the snapshots computed under settings other than the current ones, in batches, until none is left;
    /// returns the number written.
    /// </summary>
    public async Task<int> RecomputeStaleAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        var rules = await settings.GetOutcomeSettingsAsync(cancellationToken);
        var fingerprint = Fingerprint(rules);
        var waiting = await db.PatientOutcomeSnapshots.CountAsync(s => s.SettingsFingerprint != fingerprint, cancellationToken);

        // Each batch rewrites (or removes) its rows, so the loop ends; the bound guards against a row that never changes.
        for (var batches = waiting / BatchSize + 2; batches > 0; batches--)
        {
            rules = await settings.GetOutcomeSettingsAsync(cancellationToken);
            fingerprint = Fingerprint(rules);
            var stale = await db.PatientOutcomeSnapshots.AsNoTracking()
                .Where(s => s.SettingsFingerprint != fingerprint)
                .OrderBy(s => s.PatientId)
                .Select(s => s.PatientId)
                .Take(BatchSize)
                .ToArrayAsync(cancellationToken);
            if (stale.Length == 0)
            {
                return count;
            }

            count += await RecomputeBatchAsync(stale, rules, cancellationToken);
            db.ChangeTracker.Clear();
        }

        return count;
    }

    /// <summary>Recomputes every patient's snapshot, in batches; returns the number of snapshots written.</summary>
    public async Task<int> RecomputeAllAsync(CancellationToken cancellationToken = default)
    {
        var rules = await settings.GetOutcomeSettingsAsync(cancellationToken);
        var ids = await db.Patients.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        var count = 0;
        var tracking = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var batch in ids.Chunk(BatchSize))
            {
                count += await RecomputeBatchAsync(batch, rules, cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = tracking;
        }

        return count;
    }

    /// <summary>
    /// Inserts the rows that record a new pain or mood <paramref name="score"/> (<see cref="NewRows"/>: the score, its
    /// alerts, their audit events) and, in the same unit, the patient's snapshot computed from what is stored and the new
    /// score: one commit, so the snapshot never lags a committed score. The snapshot is written only if no other write of
    /// it came between the read and the unit (<see cref="PatientOutcomeSnapshot.Version"/>); if one did, it is recomputed
    /// from what is committed once the rows are in.
    /// </summary>
    public async Task InsertWithScoreAsync(IReadOnlyList<object> rows, Assessment score, CancellationToken cancellationToken = default)
    {
        var id = score.PatientId;
        var rules = await settings.GetOutcomeSettingsAsync(cancellationToken);
        var known = await FactsOf.For(db)(db, [id]).ToListAsync(cancellationToken);
        known.Add(new Fact { PatientId = id, Kind = FactKind.Score, Code = score.InstrumentCode, At = score.AnsweredAt, Total = score.Total });
        var read = known.Find(f => f.Kind == FactKind.Snapshot);
        var held = db.PatientOutcomeSnapshots.Local.FindEntry(id) is not null;
        var snapshot = new PatientOutcomeSnapshot { PatientId = id };
        if (!held && Fill(snapshot, known, rules, Fingerprint(rules), clock.GetUtcNow()))
        {
            if (!await NewRows.InsertAsync(db, rows, new GuardedRow(snapshot, read is not null, read?.Version), cancellationToken))
            {
                await RecomputeAsync(id, cancellationToken);
            }

            return;
        }

        // No dosed session (so no snapshot, unless a stale one is stored), or a snapshot this context holds: the
        // snapshot follows in a save of its own, as after a session.
        await NewRows.InsertAsync(db, rows, cancellationToken);
        if (read is not null || held)
        {
            await RecomputeAsync(id, cancellationToken);
        }
    }

    private async Task<int> RecomputeBatchAsync(Guid[] ids, OutcomeSettings rules, CancellationToken cancellationToken)
    {
        // A snapshot written by another recompute between this one's read and its save fails the save (its version
        // changed); the batch is then read and computed again from what is committed.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRecomputeBatchAsync(ids, rules, cancellationToken);
            }
            catch (DbUpdateException conflict) when (attempt < MaxAttempts && conflict.Entries.All(e => e.Entity is PatientOutcomeSnapshot))
            {
            }
        }
    }

    private async Task<int> TryRecomputeBatchAsync(Guid[] ids, OutcomeSettings rules, CancellationToken cancellationToken)
    {
        var facts = (await FactsOf.For(db)(db, ids).ToListAsync(cancellationToken)).ToLookup(f => f.PatientId);
        var fingerprint = Fingerprint(rules);
        var now = clock.GetUtcNow();
        var written = 0;
        var held = db.PatientOutcomeSnapshots.Local;   // looked up by key below, without detecting changes for each
        foreach (var id in ids)
        {
            var known = facts[id].ToList();
            var read = known.Find(f => f.Kind == FactKind.Snapshot);
            var tracked = held.FindEntry(id);

            // The snapshot the context holds, else a new row object for the stored row (all its columns written) or a new row.
            var snapshot = tracked?.Entity ?? new PatientOutcomeSnapshot { PatientId = id };
            var state = Fill(snapshot, known, rules, fingerprint, now)
                ? read is null ? EntityState.Added : EntityState.Modified
                : read is null ? EntityState.Detached : EntityState.Deleted;
            if (state == EntityState.Detached && tracked is null)
            {
                continue;
            }

            db.Entry(snapshot).State = state;
            if (read is not null)
            {
                // Written only where the stored row still has the version read with the facts.
                db.Entry(snapshot).Property(s => s.Version).OriginalValue = read.Version!.Value;
            }

            written += state is EntityState.Added or EntityState.Modified ? 1 : 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        return written;
    }

    /// <summary>
    /// Computes the patient's snapshot from their facts into <paramref name="snapshot"/>, with a new version; false (and
    /// nothing changed) when the patient has no dosed session, and so no snapshot.
    /// </summary>
    private static bool Fill(PatientOutcomeSnapshot snapshot, List<Fact> known, OutcomeSettings rules, string fingerprint, DateTimeOffset now)
    {
        var given = known.Where(f => f.Kind == FactKind.Session)
            .Select(f => new SessionFact(f.Iv ? SessionKind.IvInfusion : SessionKind.Esketamine, f.At!.Value, f.Until, f.LocationId))
            .ToList();
        if (given.Count == 0)
        {
            return false;
        }

        var scores = known.Where(f => f.Kind == FactKind.Score).Select(f => (f.Code!, new ScorePoint(f.At!.Value, f.Total!.Value))).ToList();
        Compute(snapshot, scores, given, IndicationOf(known), rules);
        snapshot.ComputedAt = now;
        snapshot.SettingsFingerprint = fingerprint;
        snapshot.Version = Guid.NewGuid();
        return true;
    }

    private sealed record SessionFact(SessionKind Kind, DateTimeOffset CheckedInAt, DateTimeOffset? DischargedAt, Guid? LocationId);

    private enum FactKind
    {
        Score,
        Session,
        Plan,
        Condition,
        Snapshot,
    }

    /// <summary>
    /// One row of what a snapshot is computed from; <see cref="Kind"/> says which columns it fills. A score: the
    /// instrument, when, the total. A dosed session: checked in, discharged, its appointment's location, IV or
    /// esketamine (<see cref="Iv"/>). A plan past draft, or a coded condition: whether it names depression, chronic
    /// pain. A stored snapshot: only that it exists.
    /// </summary>
    private sealed class Fact
    {
        public Guid PatientId { get; init; }

        public FactKind Kind { get; init; }

        public string? Code { get; init; }

        public DateTimeOffset? At { get; init; }

        public DateTimeOffset? Until { get; init; }

        public decimal? Total { get; init; }

        public Guid? LocationId { get; init; }

        /// <summary>An IV infusion; else esketamine.</summary>
        public bool Iv { get; init; }

        public bool Depression { get; init; }

        public bool Pain { get; init; }

        /// <summary>A stored snapshot's version.</summary>
        public Guid? Version { get; init; }
    }

    // A batch's facts in one query (a UNION ALL of five), compiled once: every pain or mood score recorded refreshes
    // its patient's snapshot, and each round trip to the database costs that request more than the query
    // (docs/benchmarks.md, changes 13 and 22).
    private static readonly PerModel<Func<RespiteDbContext, Guid[], IAsyncEnumerable<Fact>>> FactsOf =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid[] ids) =>
            db.Assessments
                .Where(a => ids.Contains(a.PatientId) && Instruments.Contains(a.InstrumentCode))
                .Select(a => new Fact
                {
                    PatientId = a.PatientId, Kind = FactKind.Score, Code = a.InstrumentCode, At = a.AnsweredAt, Until = null, Total = a.Total,
                    LocationId = null, Iv = false, Depression = false, Pain = false, Version = null,
                })
                .Concat(
                    from s in db.TreatmentSessions
                    where ids.Contains(s.PatientId) && (s.Status == SessionStatus.InProgress || s.Status == SessionStatus.Discharged)
                    join a in db.Appointments on s.AppointmentId equals a.Id into booked
                    from a in booked.DefaultIfEmpty()
                    select new Fact
                    {
                        PatientId = s.PatientId, Kind = FactKind.Session, Code = null, At = s.CheckedInAt, Until = s.DischargedAt, Total = null,
                        LocationId = a == null ? null : a.LocationId, Iv = s.Kind == SessionKind.IvInfusion,
                        Depression = false, Pain = false, Version = null,
                    })
                .Concat(db.TreatmentPlans
                    .Where(p => ids.Contains(p.PatientId) && p.Status != PlanStatus.Draft)
                    .Select(p => new Fact
                    {
                        PatientId = p.PatientId, Kind = FactKind.Plan, Code = null, At = null, Until = null, Total = null, LocationId = null,
                        Iv = false, Depression = p.Indications.Contains("depression"), Pain = p.Indications.Contains("chronic-pain"),
                        Version = null,
                    }))
                .Concat(db.PatientConditions
                    .Where(c => ids.Contains(c.PatientId) && c.Category != ConditionCategory.Other)
                    .Select(c => new Fact
                    {
                        PatientId = c.PatientId, Kind = FactKind.Condition, Code = null, At = null, Until = null, Total = null, LocationId = null,
                        Iv = false, Depression = c.Category == ConditionCategory.Depression, Pain = c.Category == ConditionCategory.ChronicPain,
                        Version = null,
                    }))
                .Concat(db.PatientOutcomeSnapshots
                    .Where(s => ids.Contains(s.PatientId))
                    .Select(s => new Fact
                    {
                        PatientId = s.PatientId, Kind = FactKind.Snapshot, Code = null, At = null, Until = null, Total = null, LocationId = null,
                        Iv = false, Depression = false, Pain = false, Version = s.Version,
                    }))));

    /// <summary>Plans' indications first (what the patient is treated for); the coded conditions when no plan says.</summary>
    private static TreatmentIndication IndicationOf(List<Fact> facts)
    {
        var plans = facts.Where(f => f.Kind == FactKind.Plan).ToList();
        var depression = plans.Exists(p => p.Depression);
        var pain = plans.Exists(p => p.Pain);
        if (!depression && !pain)
        {
            var conditions = facts.Where(f => f.Kind == FactKind.Condition).ToList();
            depression = conditions.Exists(c => c.Depression);
            pain = conditions.Exists(c => c.Pain);
        }

        return (depression, pain) switch
        {
            (true, true) => TreatmentIndication.Both,
            (true, false) => TreatmentIndication.Depression,
            (false, true) => TreatmentIndication.Pain,
            _ => TreatmentIndication.Unspecified,
        };
    }

    private static void Compute(
        PatientOutcomeSnapshot snapshot, List<(string Code, ScorePoint Point)> scores, List<SessionFact> sessions, TreatmentIndication indication, OutcomeSettings rules)
    {
        List<ScorePoint> Of(string code) => [.. scores.Where(s => s.Code == code).Select(s => s.Point).OrderBy(s => s.At)];
        var phq9 = Of("phq9");
        var nrs = Of("nrs-pain");
        var (painScores, painScale) = nrs.Count > 0 ? (nrs, PainScale.Nrs) : (Of("peg3"), PainScale.Peg);
        var first = sessions.Min(s => s.CheckedInAt);
        var last = sessions.Max(s => s.DischargedAt ?? s.CheckedInAt);

        var depression = OutcomeEvaluator.Depression(phq9, first, DepressionScale.Phq9, rules);
        var pain = OutcomeEvaluator.Pain(painScores, first, painScale, rules);
        var relapse = Durability.Relapse(phq9, first, last, rules.Phq9ResponseFraction, rules);
        var duration = Durability.ResponseDuration(relapse, phq9.Count == 0 ? null : phq9[^1].At);

        var iv = sessions.Any(s => s.Kind == SessionKind.IvInfusion);
        var esketamine = sessions.Any(s => s.Kind == SessionKind.Esketamine);
        snapshot.Modality = iv && esketamine ? TreatmentModality.Both : iv ? TreatmentModality.Iv : TreatmentModality.Esketamine;
        snapshot.Indication = indication;
        snapshot.LocationId = sessions.Where(s => s.LocationId is not null)
            .GroupBy(s => s.LocationId)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(s => s.CheckedInAt))
            .Select(g => g.Key).FirstOrDefault();
        snapshot.FirstTreatmentAt = first;
        snapshot.LastTreatmentAt = last;
        snapshot.SessionsGiven = sessions.Count;
        snapshot.BaselinePhq9 = depression.Baseline?.Value;
        snapshot.LatestPhq9 = depression.Latest?.Value;
        snapshot.BaselinePain = pain.Baseline?.Value;
        snapshot.LatestPain = pain.Latest?.Value;
        snapshot.PainIsPeg = painScale == PainScale.Peg && painScores.Count > 0;
        snapshot.Responded = depression.Responded;
        snapshot.Remitted = depression.Remitted;
        snapshot.PainMeaningful = pain.Meaningful;
        snapshot.DualResponse = new DualOutcome(depression, pain).DualResponse;
        snapshot.RespondedAt = relapse.RespondedAt;
        snapshot.RelapsedAt = relapse.RelapsedAt;
        snapshot.ResponseDurationDays = duration is { } d ? Math.Round(d.Time, 2) : null;
        snapshot.TrajectoryJson = JsonSerializer.Serialize(
            new TrajectoryJson(WeeklyTrajectory.ForPatient(phq9, first), WeeklyTrajectory.ForPatient(painScores, first)), JsonDefaults.Options);
    }
}
