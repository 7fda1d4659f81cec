using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Patients;
using Respite.Data;
using Respite.Data.Auditing;
using Respite.Data.Consultations;
using Respite.Data.Patients;
using Respite.Web.Features.Patients;
using Respite.Web.Features.Scheduling;
using Respite.Data.Scheduling;
using Respite.Clinical.Scheduling;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Consultations;

/// <summary>The public consultation request and the front desk's queue.</summary>
public sealed class ConsultationService(
    RespiteDbContext db,
    AuditTrail audit,
    PatientService patients,
    ConsultationRateLimiter limiter,
    ConsultationSlots slots,
    IHttpContextAccessor http,
    TimeProvider clock)
{
    public async Task<Outcome<ConsultationReceipt>> SubmitAsync(ConsultationRequestInput input, CancellationToken cancellationToken = default)
    {
        if (!limiter.TryAcquire(http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown"))
        {
            return Outcome<ConsultationReceipt>.TooManyRequests("Too many requests from this address. Please try again in a minute, or call the clinic.");
        }

        var now = clock.GetUtcNow();
        var errors = new ErrorBag();
        var given = errors.Required("givenName", input.GivenName, 100);
        var family = errors.Required("familyName", input.FamilyName, 100);
        var email = errors.Email("email", input.Email);
        var phone = errors.Phone("phone", input.Phone);
        if (string.IsNullOrWhiteSpace(input.Email) && string.IsNullOrWhiteSpace(input.Phone))
        {
            errors.Add("email", "Give an e-mail address or a phone number so the clinic can reach you.");
        }

        var dob = errors.DateOfBirth("dateOfBirth", input.DateOfBirth, DateOnly.FromDateTime(now.UtcDateTime));
        if (input.Concern is null || !Enum.IsDefined(input.Concern.Value))
        {
            errors.Add("concern", "Choose depression, chronic pain or both.");
        }

        var conditions = input.PainConditions ?? [];
        if (conditions.Count > 10)
        {
            errors.Add("painConditions", "At most 10 conditions.");
        }

        for (var i = 0; i < conditions.Count && i < 10; i++)
        {
            if (conditions[i] is null || PainConditionOptions.Find(conditions[i]) is null)
            {
                errors.Add($"painConditions[{i}]", $"Unknown condition. Use one of: {string.Join(", ", PainConditionOptions.All.Select(o => o.Key))}.");
            }
        }

        var preferred = errors.Optional("preferredTimes", input.PreferredTimes, 500);
        var message = errors.Optional("message", input.Message, 2000);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<ConsultationReceipt>();
        }

        var request = new ConsultationRequest
        {
            Id = Guid.CreateVersion7(now),
            GivenName = given!,
            FamilyName = family!,
            Email = email,
            Phone = phone,
            DateOfBirth = dob!.Value,
            Concern = input.Concern!.Value,
            PainConditions = conditions.Distinct().ToList(),
            PreferredTimes = preferred,
            Message = message,
            ReceivedAt = now,
            Status = ConsultationStatus.New,
        };
        Appointment? held = null;
        if (string.IsNullOrEmpty(input.Website))
        {
            held = await slots.PrepareHoldAsync(errors, input.LocationId, input.SlotStart, request.Id, cancellationToken);
            if (!errors.IsEmpty)
            {
                return errors.ToOutcome<ConsultationReceipt>();
            }

            db.ConsultationRequests.Add(request);
            audit.Add(AuditAction.Create, "ConsultationRequest", request.Id.ToString(), null);
            if (held is not null)
            {
                audit.Add(AuditAction.Create, "Appointment", held.Id.ToString(), null, detail: "consultation slot held");
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return Outcome<ConsultationReceipt>.Invalid("slotStart", "This time was just taken. Please choose another.");
            }
        }

        if (held is not null)
        {
            var location = await db.Locations.AsNoTracking().FirstAsync(l => l.Id == held.LocationId, cancellationToken);
            var local = ClinicClock.ToLocal(held.Start, LocationService.ZoneOf(location));
            return Outcome<ConsultationReceipt>.Success(new ConsultationReceipt(
                request.Id, now,
                $"Thank you. Your free consultation is held for {local:dddd d MMMM yyyy 'at' HH:mm} at {location.Name}. The clinic will contact you to confirm it.",
                held.Start, local));
        }

        return Outcome<ConsultationReceipt>.Success(new ConsultationReceipt(
            request.Id, now, "Thank you. The clinic will contact you to arrange your free consultation."));
    }

    /// <summary>How many requests wait in the queue; a count, so it reads no personal data.</summary>
    public Task<int> CountNewAsync(CancellationToken cancellationToken = default) =>
        db.ConsultationRequests.CountAsync(c => c.Status == ConsultationStatus.New, cancellationToken);

    public async Task<IReadOnlyList<ConsultationRequestDto>> ListAsync(ConsultationStatus? status, CancellationToken cancellationToken = default)
    {
        var query = db.ConsultationRequests.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(c => c.Status == wanted);
        }

        var rows = await query.OrderByDescending(c => c.ReceivedAt).Take(200).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var holds = await (from a in db.Appointments.AsNoTracking()
                           join l in db.Locations.AsNoTracking() on a.LocationId equals l.Id
                           where a.ConsultationRequestId != null && ids.Contains(a.ConsultationRequestId.Value) && a.Status != AppointmentStatus.Cancelled
                           select new { RequestId = a.ConsultationRequestId!.Value, a.Id, l.Name, l.TimeZoneId, a.Start, a.HoldExpiresAt, a.Status })
            .ToListAsync(cancellationToken);
        audit.Add(AuditAction.Read, "ConsultationRequest", null, null, detail: $"count={rows.Count}");
        await db.SaveChangesAsync(cancellationToken);
        return rows.Select(r =>
        {
            var hold = holds.FirstOrDefault(h => h.RequestId == r.Id);
            return hold is null
                ? ToDto(r)
                : ToDto(r) with
                {
                    HeldSlot = new HeldSlotDto(hold.Id, hold.Name, ClinicClock.ToLocal(hold.Start, TimeZoneInfo.FindSystemTimeZoneById(hold.TimeZoneId)), hold.HoldExpiresAt, hold.Status),
                };
        }).ToList();
    }

    public async Task<Outcome<ConsultationRequestDto>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await db.ConsultationRequests.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, "ConsultationRequest", id.ToString(), row?.PatientId,
            row is null ? AuditOutcome.NotFound : AuditOutcome.Success, cancellationToken: cancellationToken);
        return row is null ? Outcome<ConsultationRequestDto>.NotFound("The consultation request") : Outcome<ConsultationRequestDto>.Success(ToDto(row));
    }

    /// <summary>Creates a patient record from a request and marks the request converted.</summary>
    public async Task<Outcome<PatientDto>> ConvertAsync(ClaimsPrincipal user, Guid id, Sex? sex, CancellationToken cancellationToken = default)
    {
        var request = await db.ConsultationRequests.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (request is null)
        {
            await audit.RecordAsync(AuditAction.Update, "ConsultationRequest", id.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<PatientDto>.NotFound("The consultation request");
        }

        if (request.Status == ConsultationStatus.Converted)
        {
            return Outcome<PatientDto>.Conflict("The request has already been turned into a patient record.");
        }

        var conditions = new List<ConditionInput>();
        if (request.Concern is ConsultationConcern.Depression or ConsultationConcern.Both)
        {
            conditions.Add(new ConditionInput(PainConditionOptions.DepressionIcd10, PainConditionOptions.DepressionText, ConditionCategory.Depression));
        }

        foreach (var key in request.PainConditions)
        {
            if (PainConditionOptions.Find(key) is { } option)
            {
                conditions.Add(new ConditionInput(option.Icd10, option.Icd10Text, ConditionCategory.ChronicPain));
            }
        }

        if (request.Concern is ConsultationConcern.ChronicPain or ConsultationConcern.Both && request.PainConditions.Count == 0)
        {
            var other = PainConditionOptions.Find("other-pain")!;
            conditions.Add(new ConditionInput(other.Icd10, other.Icd10Text, ConditionCategory.ChronicPain));
        }

        var created = await patients.CreateAsync(
            new PatientInput
            {
                GivenName = request.GivenName,
                FamilyName = request.FamilyName,
                DateOfBirth = request.DateOfBirth,
                Sex = sex ?? Sex.Unknown,
                Email = request.Email,
                Phone = request.Phone,
                Conditions = conditions,
                IntakeNotes = request.Message,
            },
            request.Id,
            cancellationToken);
        if (!created.Succeeded)
        {
            return created;
        }

        request.Status = ConsultationStatus.Converted;
        request.PatientId = created.Value!.Id;
        foreach (var hold in await db.Appointments.Where(a => a.ConsultationRequestId == request.Id && a.Status == AppointmentStatus.Held).ToListAsync(cancellationToken))
        {
            // An expired hold may have been given to someone else: it is released, never confirmed.
            var expired = hold.HoldExpiresAt is { } expires && expires <= clock.GetUtcNow();
            hold.PatientId = request.PatientId;
            hold.Status = expired ? AppointmentStatus.Cancelled : AppointmentStatus.Booked;
            hold.CancelReason = expired ? "The hold expired before the clinic confirmed it." : null;
            hold.HoldExpiresAt = null;
            hold.UpdatedAt = clock.GetUtcNow();
            hold.Version = Guid.NewGuid();
            audit.Add(AuditAction.Update, "Appointment", hold.Id.ToString(), request.PatientId, detail: expired ? "consultation hold expired" : "consultation confirmed");
        }

        request.HandledAt = clock.GetUtcNow();
        request.HandledByUserId = user.UserId();
        audit.Add(AuditAction.Update, "ConsultationRequest", request.Id.ToString(), request.PatientId, detail: "converted");
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    public async Task<Outcome<ConsultationRequestDto>> MarkHandledAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken = default)
    {
        var request = await db.ConsultationRequests.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (request is null)
        {
            await audit.RecordAsync(AuditAction.Update, "ConsultationRequest", id.ToString(), null, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            return Outcome<ConsultationRequestDto>.NotFound("The consultation request");
        }

        if (request.Status == ConsultationStatus.New)
        {
            request.Status = ConsultationStatus.Handled;
            request.HandledAt = clock.GetUtcNow();
            request.HandledByUserId = user.UserId();
        }

        audit.Add(AuditAction.Update, "ConsultationRequest", request.Id.ToString(), request.PatientId, detail: "handled");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<ConsultationRequestDto>.Success(ToDto(request));
    }

    private static ConsultationRequestDto ToDto(ConsultationRequest c) => new(
        c.Id, c.GivenName, c.FamilyName, c.Email, c.Phone, c.DateOfBirth, c.Concern, c.PainConditions,
        c.PreferredTimes, c.Message, c.ReceivedAt, c.Status, c.PatientId, c.HandledAt);
}
