using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Patients;
using Respite.Pharmacokinetics.Quantities;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Patients;

/// <summary>Register, search, read and edit patients. Every call leaves an audit event.</summary>
public sealed partial class PatientService(
    RespiteDbContext db,
    AuditTrail audit,
    PatientAccess access,
    TimeProvider clock)
{
    private const int MaxListItems = 50;
    // Registrations at the same moment race for the next record number: each round one wins and the others take the
    // next. Writes to one database are serialised, so the last of N simultaneous registrations needs N attempts.
    private const int MaxRecordNumberAttempts = 20;

    public async Task<Outcome<PatientPage>> SearchAsync(string? query, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var errors = new ErrorBag();
        if (page < 1)
        {
            errors.Add("page", "Page numbers start at 1.");
        }

        if (pageSize is < 1 or > 200)
        {
            errors.Add("pageSize", "Page size must be between 1 and 200.");
        }

        var text = errors.Optional("query", query, 100);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PatientPage>();
        }

        var patients = db.Patients.AsNoTracking();
        if (text is not null)
        {
            foreach (var term in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var pattern = "%" + term.Replace("\\", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
                patients = patients.Where(p => EF.Functions.Like(p.SearchText, pattern));
            }
        }

        var total = await patients.CountAsync(cancellationToken);
        var rows = await patients
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.RecordNumber)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new
            {
                p.Id, p.RecordNumber, p.GivenName, p.FamilyName, p.DateOfBirth, p.Sex,
                Depression = p.Conditions.Any(c => c.Category == ConditionCategory.Depression),
                Pain = p.Conditions.Any(c => c.Category == ConditionCategory.ChronicPain),
                Alerts = db.SafetyAlerts.Count(a => a.PatientId == p.Id && a.AcknowledgedAt == null),
            })
            .ToListAsync(cancellationToken);

        foreach (var row in rows.Take(MaxListItems))
        {
            audit.Add(AuditAction.Search, "Patient", row.Id.ToString(), row.Id);
        }

        audit.Add(AuditAction.Search, "Patient", null, null, detail: $"results={total}");
        await db.SaveChangesAsync(cancellationToken);

        var items = rows.Select(r => new PatientSummaryDto(
            r.Id, r.RecordNumber, r.GivenName, r.FamilyName, r.DateOfBirth, r.Sex, r.Depression, r.Pain, r.Alerts)).ToList();
        return Outcome<PatientPage>.Success(new PatientPage(items, total, page, pageSize));
    }

    public async Task<Outcome<PatientDto>> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken = default)
    {
        if (!access.CanRead(user, id))
        {
            await audit.RecordAsync(AuditAction.Read, "Patient", id.ToString(), id, AuditOutcome.Denied, cancellationToken: cancellationToken);
            return Outcome<PatientDto>.NotFound("The patient");
        }

        if (await ChartRead.For(db)(db, id, cancellationToken) is not { } chart)
        {
            await audit.RecordAsync(AuditAction.Read, "Patient", id.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PatientDto>.NotFound("The patient");
        }

        await audit.RecordAsync(AuditAction.Read, "Patient", id.ToString(), id, cancellationToken: cancellationToken);
        return Outcome<PatientDto>.Success(ToDto(chart.Patient, chart.OpenAlerts, Today()));
    }

    public async Task<Outcome<PatientDto>> CreateAsync(PatientInput input, Guid? consultationRequestId = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var patient = new Patient
        {
            Id = Guid.CreateVersion7(now),
            CreatedAt = now,
            ConsultationRequestId = consultationRequestId,
        };
        var errors = Apply(patient, input, now, isNew: true);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<PatientDto>();
        }

        patient.Version = Guid.NewGuid();
        db.Patients.Add(patient);
        audit.Add(AuditAction.Create, "Patient", patient.Id.ToString(), patient.Id);
        for (var attempt = 1; ; attempt++)
        {
            patient.RecordNumber = await NextRecordNumberAsync(cancellationToken);
            patient.RefreshSearchText();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return Outcome<PatientDto>.Success(ToDto(patient, 0, Today()));
            }
            catch (DbUpdateException) when (attempt < MaxRecordNumberAttempts)
            {
                if (await RecordNumberIsFreeAsync(patient.RecordNumber, cancellationToken))
                {
                    throw;
                }

                // A short random pause so that the losers of a round do not meet again in the next.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken);
            }
        }
    }

    public async Task<Outcome<PatientDto>> UpdateAsync(ClaimsPrincipal user, Guid id, PatientInput input, CancellationToken cancellationToken = default)
    {
        if (!access.CanWrite(user, id))
        {
            await audit.RecordAsync(AuditAction.Update, "Patient", id.ToString(), id, AuditOutcome.Denied, cancellationToken: cancellationToken);
            return Outcome<PatientDto>.NotFound("The patient");
        }

        var patient = await LoadAsync(id, tracking: true, cancellationToken);
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Update, "Patient", id.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PatientDto>.NotFound("The patient");
        }

        if (input.Version is not { } version)
        {
            return Outcome<PatientDto>.Invalid("version", "The version you last read is required to update a patient.");
        }

        if (version != patient.Version)
        {
            return Outcome<PatientDto>.Conflict("The patient was changed by someone else. Reload and apply your change again.");
        }

        var now = clock.GetUtcNow();
        var errors = Apply(patient, input, now, isNew: false);
        if (!errors.IsEmpty)
        {
            db.ChangeTracker.Clear();
            return errors.ToOutcome<PatientDto>();
        }

        patient.UpdatedAt = now;
        patient.Version = Guid.NewGuid();
        patient.RefreshSearchText();
        audit.Add(AuditAction.Update, "Patient", patient.Id.ToString(), patient.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<PatientDto>.Conflict("The patient was changed by someone else. Reload and apply your change again.");
        }

        var openAlerts = await OpenAlertCount.For(db)(db, id, cancellationToken);
        return Outcome<PatientDto>.Success(ToDto(patient, openAlerts, Today()));
    }

    internal Task<Patient?> LoadAsync(Guid id, bool tracking, CancellationToken cancellationToken) =>
        tracking ? PatientTracked.For(db)(db, id, cancellationToken) : PatientRead.For(db)(db, id, cancellationToken);

    // A chart with its lists, compiled once: EF Core otherwise builds the query's expression tree and looks it up in its
    // query cache on every chart opened (docs/benchmarks.md, change 13).
    private static readonly PerModel<Func<RespiteDbContext, Guid, CancellationToken, Task<Patient?>>> PatientTracked =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid id, CancellationToken _) => db.Patients
            .Include(p => p.Conditions).Include(p => p.Allergies).Include(p => p.Medications).Include(p => p.AntidepressantTrials).Include(p => p.Weights)
            .AsSplitQuery().FirstOrDefault(p => p.Id == id)));

    private static readonly PerModel<Func<RespiteDbContext, Guid, CancellationToken, Task<Patient?>>> PatientRead =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid id, CancellationToken _) => db.Patients
            .Include(p => p.Conditions).Include(p => p.Allergies).Include(p => p.Medications).Include(p => p.AntidepressantTrials).Include(p => p.Weights)
            .AsSplitQuery().AsNoTracking().FirstOrDefault(p => p.Id == id)));

    // A chart opened: the patient with its lists and, in the patient's own row, the count of open safety alerts, so
    // that the count is not a round trip of its own (docs/benchmarks.md, change 25).
    private static readonly PerModel<Func<RespiteDbContext, Guid, CancellationToken, Task<ChartRow?>>> ChartRead =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid id, CancellationToken _) => db.Patients
            .Include(p => p.Conditions).Include(p => p.Allergies).Include(p => p.Medications).Include(p => p.AntidepressantTrials).Include(p => p.Weights)
            .AsSplitQuery().AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new ChartRow { Patient = p, OpenAlerts = db.SafetyAlerts.Count(a => a.PatientId == p.Id && a.AcknowledgedAt == null) })
            .FirstOrDefault()));

    private static readonly PerModel<Func<RespiteDbContext, Guid, CancellationToken, Task<int>>> OpenAlertCount =
        new(() => EF.CompileAsyncQuery((RespiteDbContext db, Guid id, CancellationToken _) => db.SafetyAlerts.Count(a => a.PatientId == id && a.AcknowledgedAt == null)));

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private Task<bool> RecordNumberIsFreeAsync(string recordNumber, CancellationToken cancellationToken) =>
        db.Patients.AsNoTracking().AllAsync(p => p.RecordNumber != recordNumber, cancellationToken);

    private async Task<string> NextRecordNumberAsync(CancellationToken cancellationToken)
    {
        var last = await db.Patients.AsNoTracking()
            .Where(p => p.RecordNumber.StartsWith("R-"))
            .OrderByDescending(p => p.RecordNumber)
            .Select(p => p.RecordNumber)
            .FirstOrDefaultAsync(cancellationToken);
        var max = last is not null && int.TryParse(last.AsSpan(2), out var value) ? value : 0;
        return $"R-{max + 1:000000}";
    }

    private ErrorBag Apply(Patient patient, PatientInput input, DateTimeOffset now, bool isNew)
    {
        var errors = new ErrorBag();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var demographics = ValidateDemographics(errors, new DemographicsInput(
            input.GivenName, input.FamilyName, input.DateOfBirth, input.Sex, input.Email, input.Phone, input.Address), today);
        var dob = demographics?.DateOfBirth;
        var emergency = errors.Optional("emergencyContact", input.EmergencyContact, 200);
        var substanceNotes = errors.Optional("substanceUseNotes", input.SubstanceUseNotes, 2000);
        var intakeNotes = errors.Optional("intakeNotes", input.IntakeNotes, 4000);

        BodyWeight? weight = null;
        if (input.WeightKg is { } kg)
        {
            if (BodyWeight.TryFromKilograms(kg, out var parsed))
            {
                weight = parsed;
            }
            else
            {
                errors.Add("weightKg", "Weight must lie between 0.5 and 500 kg.");
            }
        }

        var weighedOn = input.WeightMeasuredOn ?? today;
        if (input.WeightMeasuredOn is { } measured && (measured > today || (dob is { } birth && measured < birth)))
        {
            errors.Add("weightMeasuredOn", "The measurement date must lie between the date of birth and today.");
        }

        var allergies = ValidateList(errors, "allergies", input.Allergies, 50, (a, field) =>
        {
            var substance = errors.Required($"{field}.substance", a.Substance, 200);
            var reaction = errors.Optional($"{field}.reaction", a.Reaction, 200);
            return substance is null ? null : new PatientAllergy
            {
                Substance = substance, Reaction = reaction, IsKetamineHypersensitivity = a.KetamineHypersensitivity,
            };
        });
        var conditions = ValidateList(errors, "conditions", input.Conditions, 50, (c, field) =>
        {
            var code = errors.Required($"{field}.icd10", c.Icd10, 10)?.ToUpperInvariant();
            if (code is not null && !Icd10Pattern().IsMatch(code))
            {
                errors.Add($"{field}.icd10", "Not an ICD-10 code (e.g. F33.2, G90.50, M79.7).");
                code = null;
            }

            var text = errors.Required($"{field}.text", c.Text, 200);
            if (c.Category is null || !Enum.IsDefined(c.Category.Value))
            {
                errors.Add($"{field}.category", "Category is required (depression, chronic-pain or other).");
            }

            return code is null || text is null || c.Category is null ? null : new PatientCondition
            {
                Icd10Code = code, Text = text, Category = c.Category.Value,
            };
        });
        var medications = ValidateList(errors, "medications", input.Medications, 100, (m, field) =>
        {
            var name = errors.Required($"{field}.name", m.Name, 200);
            var dose = errors.Optional($"{field}.dose", m.Dose, 100);
            var frequency = errors.Optional($"{field}.frequency", m.Frequency, 100);
            return name is null ? null : new PatientMedication
            {
                Name = name, Dose = dose, Frequency = frequency, Class = m.Class ?? MedicationClass.Other,
            };
        });
        var trials = ValidateList(errors, "antidepressantTrials", input.AntidepressantTrials, 50, (t, field) =>
        {
            var drug = errors.Required($"{field}.drug", t.Drug, 200);
            if (t.DoseMg is { } mg && (mg <= 0 || mg > 10000))
            {
                errors.Add($"{field}.doseMg", "Dose must be more than 0 and at most 10000 mg.");
            }

            if (t.Weeks is { } weeks && (weeks < 0 || weeks > 520))
            {
                errors.Add($"{field}.weeks", "Weeks must lie between 0 and 520.");
            }

            var outcome = errors.Optional($"{field}.outcome", t.Outcome, 400);
            return drug is null ? null : new AntidepressantTrialRecord
            {
                Drug = drug, DoseMg = t.DoseMg, Weeks = t.Weeks, Adequate = t.Adequate, Outcome = outcome,
            };
        });

        if (input.MedicalFlags is { } flags && flags.Any(f => !Enum.IsDefined(f)))
        {
            errors.Add("medicalFlags", "Unknown medical flag.");
        }

        if (input.PainSymptoms is { } symptoms && symptoms.Any(s => !Enum.IsDefined(s)))
        {
            errors.Add("painSymptoms", "Unknown symptom.");
        }

        if (input.SubstanceUse is { } use && !Enum.IsDefined(use))
        {
            errors.Add("substanceUse", "Unknown value.");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        ApplyDemographics(patient, demographics!);
        patient.EmergencyContact = emergency;
        patient.SubstanceUse = input.SubstanceUse ?? SubstanceUseStatus.None;
        patient.SubstanceUseNotes = substanceNotes;
        patient.IntakeNotes = intakeNotes;
        patient.MedicalFlags = (input.MedicalFlags ?? []).Distinct().Order().ToList();
        patient.PainSymptoms = (input.PainSymptoms ?? []).Distinct().Order().ToList();
        if (isNew)
        {
            patient.UpdatedAt = now;
        }

        Replace(patient.Allergies, allergies, db.Set<PatientAllergy>());
        Replace(patient.Conditions, conditions, db.Set<PatientCondition>());
        Replace(patient.Medications, medications, db.Set<PatientMedication>());
        Replace(patient.AntidepressantTrials, trials, db.Set<AntidepressantTrialRecord>());

        if (weight is { } w && patient.LatestWeight?.WeightKg != w.Kilograms)
        {
            patient.Weights.Add(new WeightMeasurement
            {
                WeightKg = w.Kilograms,
                MeasuredOn = weighedOn,
                RecordedAt = now,
            });
        }

        return errors;
    }

    private static void Replace<T>(List<T> current, List<T> replacement, DbSet<T> set)
        where T : class
    {
        set.RemoveRange(current);
        current.Clear();
        current.AddRange(replacement);
    }

    private static List<TEntity> ValidateList<TInput, TEntity>(
        ErrorBag errors, string field, List<TInput>? items, int max, Func<TInput, string, TEntity?> validate)
        where TEntity : class
    {
        var result = new List<TEntity>();
        if (items is null)
        {
            return result;
        }

        if (items.Count > max)
        {
            errors.Add(field, $"At most {max} entries.");
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                errors.Add($"{field}[{i}]", "An entry cannot be null.");
                continue;
            }

            if (validate(items[i], $"{field}[{i}]") is { } entity)
            {
                result.Add(entity);
            }
        }

        return result;
    }

    internal static PatientDto ToDto(Patient p, int openAlerts, DateOnly today)
    {
        return new PatientDto(
            p.Id, p.RecordNumber, p.GivenName, p.FamilyName, p.DateOfBirth, p.AgeOn(today), p.Sex,
            p.Email, p.Phone, p.Address, p.EmergencyContact,
            p.LatestWeight?.WeightKg,
            p.Weights.OrderByDescending(w => w.MeasuredOn).ThenByDescending(w => w.RecordedAt)
                .Select(w => new WeightDto(w.Id, w.WeightKg, w.MeasuredOn, w.RecordedAt)).ToList(),
            p.Allergies.Select(a => new AllergyDto(a.Substance, a.Reaction, a.IsKetamineHypersensitivity)).ToList(),
            p.Conditions.Select(c => new ConditionDto(c.Icd10Code, c.Text, c.Category)).ToList(),
            p.Medications.Select(m => new MedicationDto(m.Name, m.Dose, m.Frequency, m.Class)).ToList(),
            p.AntidepressantTrials.Select(t => new AntidepressantTrialDto(t.Drug, t.DoseMg, t.Weeks, t.Adequate, t.Outcome)).ToList(),
            p.AntidepressantTrials.Count(t => t.Adequate),
            p.SubstanceUse, p.SubstanceUseNotes, p.MedicalFlags, p.PainSymptoms, p.IntakeNotes, openAlerts,
            p.CreatedAt, p.UpdatedAt, p.Version);
    }

    [GeneratedRegex(@"^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Icd10Pattern();

    private sealed class ChartRow
    {
        public required Patient Patient { get; init; }

        public int OpenAlerts { get; init; }
    }
}
