using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Patients;
using Respite.Data.Auditing;
using Respite.Data.Patients;
using Respite.Pharmacokinetics.Quantities;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Patients;

/// <summary>The demographics of a patient, without the clinical history an intake carries.</summary>
public sealed record DemographicsInput(
    string? GivenName, string? FamilyName, DateOnly? DateOfBirth, Sex? Sex, string? Email, string? Phone, string? Address);

public sealed partial class PatientService
{
    /// <summary>
    /// Changes the name, birth date, sex and contact details only, leaving conditions, medications, allergies and the rest
    /// of the intake as they are (an outside system that sends demographics knows nothing of them).
    /// </summary>
    public async Task<Outcome<Patient>> UpdateDemographicsAsync(
        ClaimsPrincipal user, Guid id, DemographicsInput input, Guid version, CancellationToken cancellationToken = default)
    {
        if (!access.CanWrite(user, id))
        {
            await audit.RecordAsync(AuditAction.Update, "Patient", id.ToString(), id, AuditOutcome.Denied, cancellationToken: cancellationToken);
            return Outcome<Patient>.NotFound("The patient");
        }

        var patient = await db.Patients.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Update, "Patient", id.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<Patient>.NotFound("The patient");
        }

        if (version != patient.Version)
        {
            return Outcome<Patient>.Conflict("The patient was changed by someone else. Read it again and apply your change to the current version.");
        }

        var now = clock.GetUtcNow();
        var errors = new ErrorBag();
        var demographics = ValidateDemographics(errors, input, DateOnly.FromDateTime(now.UtcDateTime));
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<Patient>();
        }

        ApplyDemographics(patient, demographics!);
        patient.UpdatedAt = now;
        patient.Version = Guid.NewGuid();
        patient.RefreshSearchText();
        audit.Add(AuditAction.Update, "Patient", patient.Id.ToString(), patient.Id, detail: "demographics");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<Patient>.Conflict("The patient was changed by someone else. Read it again and apply your change to the current version.");
        }

        return Outcome<Patient>.Success(patient);
    }

    /// <summary>
    /// Checks name, birth date, sex and contact details as registration does (errors under the API's field names);
    /// null when any is invalid.
    /// </summary>
    private static Demographics? ValidateDemographics(ErrorBag errors, DemographicsInput input, DateOnly today)
    {
        var before = errors.ToDictionary().Count;
        var given = errors.Required("givenName", input.GivenName, 100);
        var family = errors.Required("familyName", input.FamilyName, 100);
        var dob = errors.DateOfBirth("dateOfBirth", input.DateOfBirth, today);
        if (input.Sex is null)
        {
            errors.Add("sex", "This field is required (female, male, other or unknown).");
        }
        else if (!Enum.IsDefined(input.Sex.Value))
        {
            errors.Add("sex", "Unknown value.");
        }

        var email = errors.Email("email", input.Email);
        var phone = errors.Phone("phone", input.Phone);
        var address = errors.Optional("address", input.Address, 300);
        return errors.ToDictionary().Count != before
            ? null
            : new Demographics(given!, family!, dob!.Value, input.Sex!.Value, email, phone, address);
    }

    private static void ApplyDemographics(Patient patient, Demographics d)
    {
        patient.GivenName = d.GivenName;
        patient.FamilyName = d.FamilyName;
        patient.DateOfBirth = d.DateOfBirth;
        patient.Sex = d.Sex;
        patient.Email = d.Email;
        patient.Phone = d.Phone;
        patient.Address = d.Address;
    }

    /// <summary>Demographics that passed <see cref="ValidateDemographics"/>.</summary>
    private sealed record Demographics(
        string GivenName, string FamilyName, DateOnly DateOfBirth, Sex Sex, string? Email, string? Phone, string? Address);

    /// <summary>Adds a dated body weight to the patient's record (the dose calculators use the latest).</summary>
    public async Task<Outcome<WeightMeasurement>> AddWeightAsync(
        ClaimsPrincipal user, Guid patientId, decimal kilograms, DateOnly measuredOn, CancellationToken cancellationToken = default)
    {
        var patient = access.CanWrite(user, patientId)
            ? await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => new { p.Id, p.DateOfBirth }).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (patient is null)
        {
            await audit.RecordAsync(AuditAction.Create, "WeightMeasurement", null, access.CanWrite(user, patientId) ? null : patientId,
                access.CanWrite(user, patientId) ? AuditOutcome.NotFound : AuditOutcome.Denied, cancellationToken: cancellationToken);
            return Outcome<WeightMeasurement>.NotFound("The patient");
        }

        var now = clock.GetUtcNow();
        var errors = new ErrorBag();
        if (!BodyWeight.TryFromKilograms(kilograms, out var weight))
        {
            errors.Add("weightKg", "Weight must lie between 0.5 and 500 kg.");
        }

        if (measuredOn > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1) || measuredOn < patient.DateOfBirth)
        {
            errors.Add("weightMeasuredOn", "The measurement date must lie between the date of birth and today.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<WeightMeasurement>();
        }

        var measurement = new WeightMeasurement
        {
            Id = Guid.CreateVersion7(now),
            PatientId = patientId,
            WeightKg = weight.Kilograms,
            MeasuredOn = measuredOn,
            RecordedAt = now,
            RecordedByUserId = user.UserId(),
        };
        db.WeightMeasurements.Add(measurement);
        audit.Add(AuditAction.Create, "WeightMeasurement", measurement.Id.ToString(), patientId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<WeightMeasurement>.Success(measurement);
    }
}
