using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;
using Respite.Clinical.Screening;
using Respite.Data;
using Respite.Data.Assessments;
using Respite.Data.Consultations;
using Respite.Data.Identity;
using Respite.Data.Patients;
using Respite.Data.Portal;
using Respite.Data.Scheduling;
using Respite.Data.Sessions;
using Respite.Data.Billing;
using Respite.Clinical.Billing;
using Respite.Clinical.Scheduling;
using Respite.Web.Features.Instruments;
using Respite.Web.Features.Scheduling;

namespace Respite.Web.Hosting;

/// <summary>Creates the roles, the first administrator, and on request a demo clinic with one user per role.</summary>
public sealed class DemoSeeder(
    RespiteDbContext db,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IConfiguration configuration,
    TimeProvider clock,
    Respite.Web.Features.Outcomes.OutcomeSnapshotService snapshots,
    ILogger<DemoSeeder> logger)
{
    public const string DemoPassword = "Respite-demo-2026";

    public static IReadOnlyList<(string Role, string Email, string Name)> DemoUsers { get; } =
    [
        (Roles.Admin, "admin@demo.respite.local", "Alex Admin"),
        (Roles.Prescriber, "prescriber@demo.respite.local", "Dr Priya Prescriber"),
        (Roles.Nurse, "nurse@demo.respite.local", "Noah Nurse"),
        (Roles.FrontDesk, "frontdesk@demo.respite.local", "Fran Frontdesk"),
        (Roles.Patient, "patient@demo.respite.local", "Jordan Example"),
    ];

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>On an empty user table, creates the first administrator from RESPITE_ADMIN_EMAIL / RESPITE_ADMIN_PASSWORD.</summary>
    public async Task EnsureInitialAdminAsync()
    {
        await EnsureRolesAsync();
        var email = configuration["RESPITE_ADMIN_EMAIL"];
        var password = configuration["RESPITE_ADMIN_PASSWORD"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password) || await db.Users.AnyAsync())
        {
            return;
        }

        var admin = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator", CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The first administrator could not be created: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, Roles.Admin);
        SeedLog.InitialAdminCreated(logger);
    }

    public async Task SeedIfEmptyAsync()
    {
        await EnsureRolesAsync();
        if (await db.Patients.AnyAsync() || await db.Users.AnyAsync(u => u.Email != null && u.Email.EndsWith("@demo.respite.local")))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var jordan = Patient("R-000001", "Jordan", "Example", new DateOnly(1984, 3, 14), Sex.Female, now,
            [("F33.2", "Major depressive disorder, recurrent severe without psychotic features", ConditionCategory.Depression),
             ("M79.7", "Fibromyalgia", ConditionCategory.ChronicPain)]);
        jordan.AntidepressantTrials.AddRange([
            new AntidepressantTrialRecord { Drug = "Sertraline", DoseMg = 150, Weeks = 10, Adequate = true, Outcome = "No response" },
            new AntidepressantTrialRecord { Drug = "Venlafaxine XR", DoseMg = 225, Weeks = 8, Adequate = true, Outcome = "Partial response, nausea" },
            new AntidepressantTrialRecord { Drug = "Bupropion XL", DoseMg = 300, Weeks = 3, Adequate = false, Outcome = "Stopped: anxiety" },
        ]);
        jordan.PainSymptoms = [PainSymptom.MuscleAches, PainSymptom.Fatigue, PainSymptom.SleepProblems, PainSymptom.JobLoss];
        jordan.Medications.Add(new PatientMedication { Name = "Duloxetine", Dose = "60 mg", Frequency = "daily", Class = MedicationClass.Antidepressant });
        jordan.Weights.Add(new WeightMeasurement { WeightKg = 68.4m, MeasuredOn = today.AddDays(-20), RecordedAt = now.AddDays(-20) });

        var sam = Patient("R-000002", "Sam", "Rivera", new DateOnly(1971, 9, 2), Sex.Male, now,
            [("G90.50", "Complex regional pain syndrome I, unspecified", ConditionCategory.ChronicPain)]);
        sam.MedicalFlags = [MedicalFlag.Hypertension];
        sam.Medications.Add(new PatientMedication { Name = "Amlodipine", Dose = "5 mg", Frequency = "daily", Class = MedicationClass.Antihypertensive });
        sam.Weights.Add(new WeightMeasurement { WeightKg = 91.0m, MeasuredOn = today.AddDays(-7), RecordedAt = now.AddDays(-7) });

        var morgan = Patient("R-000003", "Morgan", "Lee", new DateOnly(1990, 1, 30), Sex.Other, now,
            [("F32.2", "Major depressive disorder, single episode, severe without psychotic features", ConditionCategory.Depression),
             ("M79.2", "Neuralgia and neuritis, unspecified", ConditionCategory.ChronicPain)]);
        morgan.SubstanceUse = SubstanceUseStatus.Past;
        morgan.AntidepressantTrials.Add(new AntidepressantTrialRecord { Drug = "Escitalopram", DoseMg = 20, Weeks = 12, Adequate = true, Outcome = "No response" });
        morgan.Weights.Add(new WeightMeasurement { WeightKg = 74.2m, MeasuredOn = today.AddDays(-3), RecordedAt = now.AddDays(-3) });

        db.Patients.AddRange(jordan, sam, morgan);
        AddAssessment(jordan, "phq9", [3, 2, 3, 2, 2, 2, 2, 1, 0], now.AddDays(-21));
        AddAssessment(jordan, "phq9", [2, 2, 2, 1, 1, 2, 1, 1, 0], now.AddDays(-10));
        AddAssessment(jordan, "gad7", [2, 2, 1, 2, 1, 1, 2], now.AddDays(-21));
        AddAssessment(jordan, "peg3", [7, 8, 7], now.AddDays(-21));
        AddAssessment(jordan, "nrs-pain", [7], now.AddDays(-10));
        AddAssessment(jordan, "auditc", [1, 0, 0], now.AddDays(-21), Sex.Female);
        AddYesNoAssessment(jordan, "dast10", [false, false, true, false, false, false, false, false, false, false], now.AddDays(-21));
        AddYesNoAssessment(jordan, "cssrs-screener", [true, false, null, null, null, false, null], now.AddDays(-21));
        AddAssessment(sam, "nrs-pain", [8], now.AddDays(-7));
        AddAssessment(sam, "peg3", [8, 7, 8], now.AddDays(-7));
        AddAssessment(morgan, "phq9", [3, 3, 2, 2, 2, 3, 2, 1, 1], now.AddDays(-2));

        db.ConsultationRequests.AddRange(
            new ConsultationRequest
            {
                Id = Guid.CreateVersion7(now), GivenName = "Casey", FamilyName = "Nguyen", Email = "casey@example.com", Phone = "+1 555 0100",
                DateOfBirth = new DateOnly(1979, 6, 5), Concern = ConsultationConcern.Both, PainConditions = ["fibromyalgia"],
                PreferredTimes = "Weekday mornings", Message = "Referred by my GP.", ReceivedAt = now.AddHours(-5), Status = ConsultationStatus.New,
            },
            new ConsultationRequest
            {
                Id = Guid.CreateVersion7(now), GivenName = "Robin", FamilyName = "Patel", Email = "robin@example.com",
                DateOfBirth = new DateOnly(1966, 11, 20), Concern = ConsultationConcern.ChronicPain, PainConditions = ["crps"],
                PreferredTimes = "Any afternoon", ReceivedAt = now.AddHours(-30), Status = ConsultationStatus.New,
            });
        await db.SaveChangesAsync();

        foreach (var (role, email, name) in DemoUsers)
        {
            var user = new ApplicationUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now,
                PatientId = role == Roles.Patient ? jordan.Id : null,
            };
            var result = await users.CreateAsync(user, DemoPassword);
            if (result.Succeeded)
            {
                await users.AddToRoleAsync(user, role);
            }
        }

        var prescriberId = await db.Users.Where(u => u.Email == "prescriber@demo.respite.local").Select(u => u.Id).FirstOrDefaultAsync() ?? "";
        foreach (var code in new[] { "nrs-pain", "phq9" })
        {
            // Jordan keeps a weekly diary of pain and mood, assigned two weeks ago: the next entries are due in the portal.
            db.QuestionnaireAssignments.Add(new QuestionnaireAssignment
            {
                Id = Guid.CreateVersion7(now), PatientId = jordan.Id, InstrumentCode = code, Trigger = AssignmentTrigger.Diary, CadenceDays = 7,
                StartsAt = now.AddDays(-14), CreatedAt = now.AddDays(-14), CreatedByUserId = prescriberId, Version = Guid.NewGuid(),
            });
        }

        await db.SaveChangesAsync();
        await SeedLocationAsync(now, jordan.Id, sam.Id, morgan.Id);
        await SeedPackagesAsync(now, jordan.Id);
        await SeedTreatmentHistoryAsync(now, jordan, sam);
        await snapshots.RecomputeAllAsync();
        SeedLog.DemoClinicSeeded(logger);
    }

    /// <summary>Two packages on sale; Jordan bought the infusion package and paid part of it.</summary>
    private async Task SeedPackagesAsync(DateTimeOffset now, Guid jordan)
    {
        var infusions = new PackageProduct
        {
            Id = Guid.CreateVersion7(now), Name = "6-infusion induction package", Modality = Modality.IvKetamineDepression, Credits = 6,
            ListPrice = 3000m, Currency = "USD", DiscountPercent = 10m, ValidityDays = 120, Version = Guid.NewGuid(),
            Description = "Six IV ketamine infusions over two to three weeks.",
        };
        var spravato = new PackageProduct
        {
            Id = Guid.CreateVersion7(now), Name = "Spravato 8-week induction", Modality = Modality.EsketamineNasalSpray, Credits = 12,
            ListPrice = 4200m, Currency = "USD", DiscountPercent = 26m, ValidityDays = 90, Version = Guid.NewGuid(),
            Description = "Twice weekly for four weeks, then weekly for four weeks (clinic visit and monitoring; medication billed separately).",
        };
        db.PackageProducts.AddRange(infusions, spravato);
        var frontDesk = await db.Users.Where(u => u.Email == "frontdesk@demo.respite.local").Select(u => u.Id).FirstOrDefaultAsync() ?? "";
        var sale = new PackageSale
        {
            Id = Guid.CreateVersion7(now), PatientId = jordan, ProductId = infusions.Id, ProductName = infusions.Name, Modality = infusions.Modality,
            Credits = 6, ListPrice = 3000m, DiscountPercent = 10m, Currency = "USD",
            NetPrice = PackagePricing.NetPrice(Money.Of(3000m, "USD"), 10m).Amount,
            ExpiresOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(120), Status = SaleStatus.Active, SoldAt = now.AddDays(-2), SoldByUserId = frontDesk,
            Version = Guid.NewGuid(),
        };
        sale.Payments.Add(new PackagePayment
        {
            Id = Guid.CreateVersion7(now), Kind = PaymentKind.Payment, Amount = 1000m, Currency = "USD", Method = PaymentMethod.CardTerminal,
            Reference = "R-1042", ReceivedAt = now.AddDays(-2), RecordedByUserId = frontDesk,
        });
        db.PackageSales.Add(sale);
        await db.SaveChangesAsync();
    }

    /// <summary>A location with four chairs and a consultation room, and appointments on its next open day.</summary>
    private async Task SeedLocationAsync(DateTimeOffset now, Guid jordan, Guid sam, Guid morgan)
    {
        var location = new Location
        {
            Id = Guid.CreateVersion7(now), Name = "Respite Demo Clinic", TimeZoneId = "America/New_York",
            Address = "100 Main Street, Springfield", Phone = "+1 555 0199", Version = Guid.NewGuid(), BookingStamp = Guid.NewGuid(),
        };
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
        {
            location.Hours.Add(new LocationHours { Id = Guid.NewGuid(), Day = day, Opens = new TimeOnly(8, 0), Closes = new TimeOnly(18, 0) });
        }

        location.Hours.Add(new LocationHours { Id = Guid.NewGuid(), Day = DayOfWeek.Saturday, Opens = new TimeOnly(9, 0), Closes = new TimeOnly(13, 0) });
        for (var i = 1; i <= 4; i++)
        {
            location.Chairs.Add(new Chair { Id = Guid.NewGuid(), Name = $"Chair {i}", Kind = ChairKind.Chair, SortOrder = i });
        }

        location.Chairs.Add(new Chair { Id = Guid.NewGuid(), Name = "Consult room", Kind = ChairKind.Room, SortOrder = 10 });
        db.Locations.Add(location);

        var zone = LocationService.ZoneOf(location);
        var hours = LocationService.HoursOf(location);
        var localToday = DateOnly.FromDateTime(ClinicClock.ToLocal(now, zone).DateTime);
        var day1 = hours.NextOpenDay(localToday.AddDays(1))!.Value;
        var nurse = await db.Users.Where(u => u.Email == "nurse@demo.respite.local").Select(u => u.Id).FirstOrDefaultAsync();
        var settings = SchedulingSettings.Default;
        var room = location.Chairs.Single(c => c.Kind == ChairKind.Room).Id;
        void Book(Guid patient, AppointmentKind kind, Guid chair, TimeOnly at, int treatmentMinutes, string? nurseId)
        {
            var start = ClinicClock.ToInstant(day1, at, zone).Instant;
            db.Appointments.Add(new Appointment
            {
                Id = Guid.CreateVersion7(now), PatientId = patient, LocationId = location.Id, ChairId = chair, NurseUserId = nurseId,
                Kind = kind, Status = AppointmentStatus.Booked, Start = start, End = start.AddMinutes(settings.ChairMinutes(kind, treatmentMinutes)),
                CreatedAt = now, Version = Guid.NewGuid(),
            });
        }

        Book(sam, AppointmentKind.IvInfusion, location.Chairs[0].Id, new TimeOnly(9, 0), 150, nurse);
        Book(jordan, AppointmentKind.FollowUp, room, new TimeOnly(11, 0), 0, null);
        Book(morgan, AppointmentKind.Consultation, room, new TimeOnly(14, 0), 0, null);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Backdated history for the outcome chart, all before the intake scores above so that those stay the latest:
    /// Jordan's IV induction series four months ago (PHQ-9 24 → 5), a relapse, two boosters, a second loss of response,
    /// a booster 18 days ago and the scores since; Sam's pain diary before the first visit.
    /// </summary>
    private async Task SeedTreatmentHistoryAsync(DateTimeOffset now, Patient jordan, Patient sam)
    {
        var nurse = await db.Users.Where(u => u.Email == "nurse@demo.respite.local").Select(u => u.Id).FirstOrDefaultAsync() ?? "";
        var prescriber = await db.Users.Where(u => u.Email == "prescriber@demo.respite.local").Select(u => u.Id).FirstOrDefaultAsync() ?? "";
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(14);
        (int Day, int Phq9, int? Pain)[] scores =
        [
            (-120, 24, 8), (-116, 19, null), (-113, 15, 7), (-111, 12, null), (-109, 9, 6), (-106, 7, 5), (-99, 5, 4), (-92, 6, null),
            (-85, 8, 5), (-78, 10, 6), (-71, 13, 7), (-64, 14, 7), (-57, 8, 5), (-50, 7, null), (-43, 9, 5), (-36, 11, null),
            (-29, 14, 6), (-16, 8, 5), (-13, 9, null),
        ];
        foreach (var (days, phq9, pain) in scores)
        {
            var at = day.AddDays(days).AddHours(-1);
            var answers = Enumerable.Range(0, 9).Select(i => i == 8 ? 0m : Math.Clamp(phq9 - (3m * i), 0m, 3m)).ToArray();
            AddAssessment(jordan, "phq9", answers, at, context: days == -120 ? AssessmentContext.Intake : AssessmentContext.FollowUp);
            if (pain is { } nrs)
            {
                AddAssessment(jordan, "nrs-pain", [nrs], at, context: days == -120 ? AssessmentContext.Intake : AssessmentContext.FollowUp);
            }
        }

        (int Day, decimal MgPerKg)[] infusions = [(-118, 0.5m), (-116, 0.5m), (-113, 0.6m), (-111, 0.6m), (-109, 0.75m), (-106, 0.75m), (-62, 0.75m), (-60, 0.75m), (-18, 0.75m)];
        foreach (var (days, mgPerKg) in infusions)
        {
            var start = day.AddDays(days);
            var id = Guid.CreateVersion7(start);
            const decimal kg = 68.4m;
            var session = new TreatmentSession
            {
                Id = id, PatientId = jordan.Id, Kind = SessionKind.IvInfusion, Status = SessionStatus.Discharged,
                CheckedInAt = start.AddMinutes(-20), CheckedInByUserId = nurse, WeightKg = kg, RideHomeArranged = true,
                DischargedAt = start.AddMinutes(100), DischargedByUserId = nurse, Ambulating = true, EscortPresent = true,
                PrescriberSignedAt = start.AddMinutes(120), PrescriberSignedByUserId = prescriber, ConcentrationMgPerMl = 1m,
                PlannedDoseMg = mgPerKg * kg, Version = Guid.NewGuid(),
            };
            // The dose over 40 minutes: rate = dose × 1.5 per hour.
            session.Doses.Add(new DoseEvent
            {
                Id = Guid.NewGuid(), SessionId = id, At = start, Kind = DoseEventKind.Start, RateMgPerHour = mgPerKg * kg * 1.5m,
                RecordedAt = start, RecordedByUserId = nurse,
            });
            session.Doses.Add(new DoseEvent
            {
                Id = Guid.NewGuid(), SessionId = id, At = start.AddMinutes(40), Kind = DoseEventKind.Stop, RecordedAt = start.AddMinutes(40), RecordedByUserId = nurse,
            });
            db.TreatmentSessions.Add(session);
        }

        foreach (var (days, nrs) in new[] { (-35, 8m), (-21, 7m), (-14, 8m) })
        {
            AddAssessment(sam, "nrs-pain", [nrs], day.AddDays(days).AddHours(-3), context: AssessmentContext.Diary);
        }

        await db.SaveChangesAsync();
    }

    private Patient Patient(
        string recordNumber, string given, string family, DateOnly dob, Sex sex, DateTimeOffset now,
        (string Code, string Text, ConditionCategory Category)[] conditions)
    {
        var patient = new Patient
        {
            Id = Guid.CreateVersion7(now),
            RecordNumber = recordNumber,
            GivenName = given,
            FamilyName = family,
            DateOfBirth = dob,
            Sex = sex,
            Email = $"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}@example.com",
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        patient.Conditions.AddRange(conditions.Select(c => new PatientCondition { Icd10Code = c.Code, Text = c.Text, Category = c.Category }));
        patient.RefreshSearchText();
        return patient;
    }

    private void AddAssessment(Patient patient, string code, decimal[] answers, DateTimeOffset at, Sex? sex = null, AssessmentContext context = AssessmentContext.Intake) =>
        Add(patient, code, answers.Select(Answer.Number).ToList(), at, sex, context);

    private void AddYesNoAssessment(Patient patient, string code, bool?[] answers, DateTimeOffset at) =>
        Add(patient, code, answers.Select(a => a is { } value ? Answer.YesNo(value) : Answer.Skipped).ToList(), at, null, AssessmentContext.Intake);

    private void Add(Patient patient, string code, IReadOnlyList<Answer> answers, DateTimeOffset at, Sex? sex, AssessmentContext context)
    {
        var instrument = InstrumentCatalog.TryGet(code, out var found) ? found : throw new InvalidOperationException(code);
        var outcome = InstrumentScorer.Score(instrument, answers, sex ?? patient.Sex);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"Demo answers for {code} do not score: {string.Join("; ", outcome.Errors.Select(e => e.Message))}");
        }

        db.Assessments.Add(new Assessment
        {
            Id = Guid.CreateVersion7(at),
            PatientId = patient.Id,
            InstrumentCode = code,
            AnswersJson = JsonSerializer.Serialize(AnswerParsing.ToJsonValues(answers)),
            Total = outcome.Score!.Total,
            Band = outcome.Score.Band,
            Flags = outcome.Score.Flags.ToList(),
            Context = context,
            Respondent = Respondent.Patient,
            AnsweredAt = at,
            RecordedAt = at,
            RecordedByUserId = "",
        });
    }
}

internal static partial class SeedLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "The first administrator account was created from configuration.")]
    public static partial void InitialAdminCreated(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "The demo clinic was seeded.")]
    public static partial void DemoClinicSeeded(ILogger logger);
}
