using System.Text.Json;
using Respite.Clinical.Instruments;
using Respite.Web.Features.Settings;
using Respite.Web.Features.Shared;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Instruments;

public sealed record ScoreRequest(JsonElement? Answers, string? Sex);

public sealed record ScoreResponse(string Instrument, decimal Total, string Band, IReadOnlyList<string> Flags);

public sealed record InstrumentItemDto(int Number, string Text, string Kind, int Min, int Max, bool Optional, string? Loinc, IReadOnlyList<AnswerOption> Options);

public sealed record InstrumentDto(
    string Code, string Name, string Description, string RecallPeriod, string? PanelLoinc, string? TotalLoinc,
    string Licence, string Source, IReadOnlyList<InstrumentItemDto> Items, bool ClinicianRated);

public static class InstrumentEndpoints
{
    public static IEndpointRouteBuilder MapInstrumentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instruments").WithTags("Instruments").RequireAuthorization(Policies.Staff);
        group.MapGet("/", () => TypedResults.Ok(InstrumentCatalog.All.Select(ToDto).ToList()))
            .WithName("ListInstruments").WithSummary("The validated questionnaires with their items and LOINC codes.");
        group.MapPost("/{code}/score", ScoreAsync)
            .WithName("ScoreInstrument").WithSummary("Score a questionnaire without storing it.");
        return app;
    }

    private static async Task<IResult> ScoreAsync(string code, ScoreRequest? request, ClinicSettingsService settings, CancellationToken ct)
    {
        if (!InstrumentCatalog.TryGet(code, out var instrument))
        {
            return Problems.NotFound($"Instrument '{code}'");
        }

        var errors = new ErrorBag();
        if (request is null)
        {
            return Problems.Validation("answers", "Answers are required.");
        }

        var sex = AnswerParsing.ParseSex(request.Sex, errors);
        var answers = AnswerParsing.Parse(request.Answers, errors);
        if (!errors.IsEmpty || answers is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var outcome = InstrumentScorer.Score(instrument, answers, sex, await settings.GetInstrumentSettingsAsync(ct));
        if (!outcome.Succeeded)
        {
            AnswerParsing.AddErrors(errors, outcome.Errors);
            return Problems.Validation(errors.ToDictionary());
        }

        var score = outcome.Score!;
        return TypedResults.Ok(new ScoreResponse(score.Instrument, score.Total, score.Band, score.Flags));
    }

    internal static InstrumentDto ToDto(InstrumentDefinition d) => new(
        d.Code, d.Name, d.Description, d.RecallPeriod, d.PanelLoinc, d.TotalLoinc, d.Licence, d.Source,
        d.Items.Select(i => new InstrumentItemDto(
            i.Number, i.Text, i.Kind == AnswerKind.YesNo ? "yes-no" : "score", i.Min, i.Max, i.Optional, i.Loinc, i.Options)).ToList(),
        d.ClinicianRated);
}
