using Respite.Clinical.Dosing;
using Respite.Clinical.Protocols;
using Respite.Pharmacokinetics.Quantities;
using Respite.Web.Features.Shared;
using Respite.Web.Features.Protocols;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Calculators;

public sealed record InfusionInput(
    decimal? WeightKg,
    decimal? DoseMgPerKg,
    decimal? RateMgPerKgPerHour,
    int? DurationMinutes,
    decimal? ConcentrationMgPerMl,
    string? ProtocolId,
    bool? FirstInfusion,
    decimal? BolusMgPerKg = null);

public sealed record CheckDto(string RuleId, string Outcome, string Reason);

public sealed record InfusionResult(
    decimal TotalDoseMg,
    decimal TotalVolumeMl,
    decimal RateMlPerHour,
    decimal RateMgPerHour,
    decimal RateMgPerKgPerHour,
    decimal DoseMgPerKg,
    string Outcome,
    IReadOnlyList<CheckDto> Checks,
    string Rounding,
    decimal? BolusMg = null,
    decimal? BolusVolumeMl = null,
    decimal? SessionTotalMg = null);

public sealed record EsketamineInput(decimal? DoseMg, string? ProtocolId);

public sealed record EsketamineResult(
    decimal DoseMg, int Devices, int Sprays, int AdministrationMinutes, int MinimumObservationMinutes, string Outcome, IReadOnlyList<CheckDto> Checks);

public sealed record ProtocolSummary(
    string Id, string Name, string Modality, string Indication, IReadOnlyList<ProtocolPhase> Phases, DoseLimits Limits, string Evidence, string Source,
    int Revision = 0, bool IsCitedDefault = true, string? ChangeReason = null, string? ChangedBy = null, DateTimeOffset? ChangedAt = null,
    bool RequiresTreatmentResistance = true);

/// <summary>Dose and pump-rate calculators (stateless) and the protocol library.</summary>
public static class CalculatorEndpoints
{
    /// <summary>Weights outside this range are treated as input errors, not as patients (kg).</summary>
    public const decimal MinimumWeightKg = 20m;
    public const decimal MaximumWeightKg = 350m;

    public const string RoundingNote =
        "Total dose and bolus to 0.1 mg, volumes to 0.1 mL, pump rate to 0.1 mL/h, mass rate to 0.1 mg/h, weight-based values to 0.001; halves away from zero. Checks use unrounded values; the session total includes the bolus.";

    public static IEndpointRouteBuilder MapCalculatorEndpoints(this IEndpointRouteBuilder app)
    {
        var calculators = app.MapGroup("/api/calculators").WithTags("Calculators").RequireAuthorization(Policies.Clinician);
        calculators.MapPost("/infusion", async (InfusionInput? input, ProtocolCatalog catalog, CancellationToken ct) => input is null
                ? Problems.Validation("body", "An infusion is required.")
                : Infusion(input, await catalog.DefinitionsAsync(ct)).ToResult(TypedResults.Ok))
            .WithName("CalculateInfusion").WithSummary("Total dose, volume and pump rate of a ketamine infusion, checked against a protocol's limits.");
        calculators.MapPost("/esketamine", async (EsketamineInput? input, ProtocolCatalog catalog, CancellationToken ct) =>
                Esketamine(input, await catalog.DefinitionsAsync(ct)).ToResult(TypedResults.Ok))
            .WithName("CalculateEsketamine").WithSummary("Devices and administration time of an esketamine dose, checked against the label.");
        return app;
    }

    /// <summary>Validates the input at the edge and runs the pure calculator; used by the API and the page.</summary>
    public static Outcome<InfusionResult> Infusion(InfusionInput input, IReadOnlyList<ProtocolDefinition> library)
    {
        var errors = new ErrorBag();
        var weight = Weight(errors, input.WeightKg);
        if (input.DoseMgPerKg is null == input.RateMgPerKgPerHour is null)
        {
            errors.Add("doseMgPerKg", "Give either doseMgPerKg or rateMgPerKgPerHour.");
        }

        if (input.DoseMgPerKg is { } dose && (dose <= 0m || dose > 10m))
        {
            errors.Add("doseMgPerKg", "Must be more than 0 and at most 10 mg/kg.");
        }

        if (input.RateMgPerKgPerHour is { } rate && (rate <= 0m || rate > 10m))
        {
            errors.Add("rateMgPerKgPerHour", "Must be more than 0 and at most 10 mg/kg/h.");
        }

        if (input.DurationMinutes is not { } minutes || minutes < 1 || minutes > 1440)
        {
            errors.Add("durationMinutes", "Must be a whole number of minutes from 1 to 1440.");
        }

        if (input.ConcentrationMgPerMl is not { } concentration || concentration <= 0m || concentration > 100m)
        {
            errors.Add("concentrationMgPerMl", "Must be more than 0 and at most 100 mg/mL.");
        }

        if (input.BolusMgPerKg is { } bolus && (bolus <= 0m || bolus > 2m))
        {
            errors.Add("bolusMgPerKg", "Must be more than 0 and at most 2 mg/kg (leave it out for no bolus).");
        }

        var protocol = Protocol(errors, input.ProtocolId, library);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<InfusionResult>();
        }

        var result = InfusionCalculator.Calculate(new InfusionRequest(
            weight!.Value,
            input.DoseMgPerKg is { } d ? WeightBasedDose.FromMilligramsPerKilogram(d) : null,
            input.RateMgPerKgPerHour is { } r ? WeightBasedRate.FromMilligramsPerKilogramPerHour(r) : null,
            TimeSpan.FromMinutes(input.DurationMinutes!.Value),
            Concentration.FromMilligramsPerMillilitre(input.ConcentrationMgPerMl!.Value),
            protocol,
            input.FirstInfusion ?? false,
            input.BolusMgPerKg is { } b ? WeightBasedDose.FromMilligramsPerKilogram(b) : null));
        return Outcome<InfusionResult>.Success(new InfusionResult(
            result.TotalDose.Milligrams,
            result.TotalVolume.Millilitres,
            result.PumpRate.MillilitresPerHour,
            result.MassRate.MilligramsPerHour,
            result.WeightBasedRate.MilligramsPerKilogramPerHour,
            result.WeightBasedDose.MilligramsPerKilogram,
            Name(result.Outcome),
            result.Checks.Select(ToDto).ToList(),
            RoundingNote,
            result.BolusDose?.Milligrams,
            result.BolusVolume?.Millilitres,
            result.SessionTotal?.Milligrams));
    }

    public static Outcome<EsketamineResult> Esketamine(EsketamineInput? input, IReadOnlyList<ProtocolDefinition> library)
    {
        var errors = new ErrorBag();
        if (input?.DoseMg is not { } dose || dose <= 0m || dose > 112m)
        {
            errors.Add("doseMg", "Must be more than 0 and at most 112 mg.");
        }

        var protocol = Protocol(errors, input?.ProtocolId, library);
        if (!errors.IsEmpty)
        {
            return errors.ToOutcome<EsketamineResult>();
        }

        var result = EsketamineCalculator.Calculate(Mass.FromMilligrams(input!.DoseMg!.Value), protocol);
        return Outcome<EsketamineResult>.Success(new EsketamineResult(
            result.Dose.Milligrams, result.Devices, result.Sprays, result.AdministrationMinutes, result.MinimumObservationMinutes,
            Name(result.Outcome), result.Checks.Select(ToDto).ToList()));
    }

    private static BodyWeight? Weight(ErrorBag errors, decimal? weightKg)
    {
        if (weightKg is not { } kg || kg < MinimumWeightKg || kg > MaximumWeightKg)
        {
            errors.Add("weightKg", "Must lie between 20 and 350 kg.");
            return null;
        }

        return BodyWeight.FromKilograms(kg);
    }

    private static ProtocolDefinition? Protocol(ErrorBag errors, string? id, IReadOnlyList<ProtocolDefinition> library)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var protocol = library.FirstOrDefault(p => string.Equals(p.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
        if (protocol is null)
        {
            errors.Add("protocolId", $"Unknown protocol. Use one of: {string.Join(", ", library.Select(p => p.Id))}.");
        }

        return protocol;
    }

    private static CheckDto ToDto(DoseCheck check) => new(check.RuleId, Name(check.Outcome), check.Reason);

    private static string Name(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Allow => "allow",
        CheckOutcome.Warn => "warn",
        CheckOutcome.Block => "block",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static ProtocolSummary ToSummary(ProtocolDefinition p) =>
        new(p.Id, p.Name, JsonDefaults.Kebab(p.Modality), p.Indication, p.Phases, p.Limits, p.Evidence, p.Source,
            RequiresTreatmentResistance: p.RequiresTreatmentResistance);
}
